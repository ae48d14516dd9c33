/**
 * The report file of `tsgan benchmark modes --out FILE`: written after every finished seed (so an
 * interrupted or failed benchmark keeps what it measured, with `complete: false`) and read back by
 * `--resume`, which trains only the seeds it lacks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { PACGAN_TABLE1, summarizeModes, type ModesSeedResult, type ModesSummary, type PublishedRow, type TrainConfig } from '../../index.js';
import { UsageError } from '../errors.js';

/** What the benchmark prints with --json and writes to --out. */
export interface ModesReport {
  readonly data: string;
  readonly loss: string;
  readonly steps: number;
  /** Wall time of the benchmark, summed over the sessions that made it (--resume). */
  readonly wallSeconds: number;
  /** False while seeds are still to train (an interrupted or failed benchmark). */
  readonly complete: boolean;
  /** Seeds asked for and not (yet) in `results`. */
  readonly missingSeeds: readonly number[];
  readonly config: TrainConfig;
  readonly summary: ModesSummary;
  /** One per finished seed, by seed. */
  readonly results: readonly ModesSeedResult[];
  readonly published: readonly PublishedRow[];
}

/** The report of `results` (at least one) for the seeds `planned` of `config` on the data labelled `data`. */
export function modesReport(data: string, config: TrainConfig, planned: readonly number[], results: readonly ModesSeedResult[], wallSeconds: number): ModesReport {
  const sorted = [...results].sort((a, b) => a.seed - b.seed);
  const have = new Set(sorted.map((r) => r.seed));
  const missingSeeds = planned.filter((s) => !have.has(s));
  return {
    data,
    loss: config.loss,
    steps: config.steps,
    wallSeconds,
    complete: missingSeeds.length === 0,
    missingSeeds,
    config,
    summary: summarizeModes(sorted),
    results: sorted,
    published: PACGAN_TABLE1.filter((r) => r.data === config.data),
  };
}

/** The report as the file's text (JSON has no ∞: a reverse KL of +∞ is written as null). */
export function modesReportText(report: ModesReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** A seed's result as JSON holds it: JSON has no ∞, so a reverse KL of +∞ reads back as null. */
export type JsonSeedResult = Omit<ModesSeedResult, 'reverseKL'> & { reverseKL: number | null };

/** A seed's result read back from JSON (null reverse KL → +∞). */
export function seedResultFromJson(r: JsonSeedResult): ModesSeedResult {
  return { ...r, reverseKL: r.reverseKL ?? Infinity };
}

/** What `--resume` keeps from an earlier report. */
export interface ResumedModes {
  readonly results: ModesSeedResult[];
  readonly wallSeconds: number;
}

/**
 * The finished seeds and wall time saved in `path` by an earlier run of the same benchmark. Throws a
 * one-line UsageError when there is nothing to resume, the file is not such a report, or it was made
 * with another config (the seeds of two configs must not be averaged together).
 */
export function readModesReportForResume(path: string, config: TrainConfig): ResumedModes {
  if (!existsSync(path)) throw new UsageError(`--resume: ${path} does not exist: there is nothing to resume; drop --resume to start the benchmark`);
  let report: { config?: unknown; results?: unknown; wallSeconds?: unknown };
  try {
    report = JSON.parse(readFileSync(path, 'utf8')) as typeof report;
  } catch (e) {
    throw new UsageError(`--resume: ${path} is not JSON (${(e as Error).message}): give the --out file of an earlier \`tsgan benchmark modes\``);
  }
  if (typeof report !== 'object' || report === null || !Array.isArray(report.results) || typeof report.config !== 'object' || typeof report.wallSeconds !== 'number') {
    throw new UsageError(`--resume: ${path} is not a report of \`tsgan benchmark modes\` (no config, results and wallSeconds)`);
  }
  const differs = firstDifference(report.config, JSON.parse(JSON.stringify(config)));
  if (differs !== undefined) {
    throw new UsageError(`--resume: ${path} was made with another config (${differs}): give the same flags as that run, or another --out to start a new benchmark`);
  }
  const results = (report.results as JsonSeedResult[]).map((r, i) => {
    if (typeof r !== 'object' || r === null || !Number.isInteger(r.seed) || typeof r.highQualityPercent !== 'number' || typeof r.modesCaptured !== 'number') {
      throw new UsageError(`--resume: ${path}: result ${i} is not a seed's result; the file was edited or damaged, start a new benchmark with another --out`);
    }
    return seedResultFromJson(r);
  });
  return { results, wallSeconds: report.wallSeconds };
}

/** The first field where `a` and `b` differ, as "steps: 8000 there, 16000 now", or undefined if they are equal. */
function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path === '' ? k : `${path}.${k}`);
      if (d !== undefined) return d;
    }
  }
  return `${path || 'config'}: ${JSON.stringify(a)} there, ${JSON.stringify(b)} now`;
}
