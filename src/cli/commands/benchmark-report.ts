/**
 * The report file of a seed benchmark (`tsgan benchmark modes|stacked-mnist --out FILE`): written after
 * every finished seed (so an interrupted or failed benchmark keeps what it measured, with
 * `complete: false`) and read back by `--resume`, which trains only the seeds it lacks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { TrainConfig } from '../../index.js';
import { UsageError } from '../errors.js';

/** What every seed's result has. */
export interface SeedResult {
  readonly seed: number;
  readonly seconds: number;
}

/** What the benchmark prints with --json and writes to --out. */
export interface SeedReport<R extends SeedResult, S, P> {
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
  readonly summary: S;
  /** One per finished seed, by seed. */
  readonly results: readonly R[];
  readonly published: readonly P[];
}

/** How a report is made from results: the benchmark's own summary and published rows. */
export interface ReportParts<R extends SeedResult, S, P> {
  summarize(results: readonly R[]): S;
  published(config: TrainConfig): readonly P[];
}

/** The report of `results` (at least one) for the seeds `planned` of `config` on the data labelled `data`. */
export function seedReport<R extends SeedResult, S, P>(parts: ReportParts<R, S, P>, data: string, config: TrainConfig, planned: readonly number[], results: readonly R[], wallSeconds: number): SeedReport<R, S, P> {
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
    summary: parts.summarize(sorted),
    results: sorted,
    published: parts.published(config),
  };
}

/** The report as the file's text (JSON has no ∞: an infinite value is written as null). */
export function seedReportText(report: SeedReport<SeedResult, unknown, unknown>): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** What `--resume` keeps from an earlier report. */
export interface ResumedSeeds<R> {
  readonly results: R[];
  readonly wallSeconds: number;
}

/**
 * The finished seeds and wall time saved in `path` by an earlier run of the same benchmark (`name`:
 * `tsgan benchmark NAME`), each read back by `fromJson` (undefined: not a result of this benchmark).
 * Throws a one-line UsageError when there is nothing to resume, the file is not such a report, or it
 * was made with another config (the seeds of two configs must not be averaged together).
 */
export function readSeedReportForResume<R>(name: string, path: string, config: TrainConfig, fromJson: (r: unknown) => R | undefined): ResumedSeeds<R> {
  if (!existsSync(path)) throw new UsageError(`--resume: ${path} does not exist: there is nothing to resume; drop --resume to start the benchmark`);
  let report: { config?: unknown; results?: unknown; wallSeconds?: unknown };
  try {
    report = JSON.parse(readFileSync(path, 'utf8')) as typeof report;
  } catch (e) {
    throw new UsageError(`--resume: ${path} is not JSON (${(e as Error).message}): give the --out file of an earlier \`tsgan benchmark ${name}\``);
  }
  if (typeof report !== 'object' || report === null || !Array.isArray(report.results) || typeof report.config !== 'object' || typeof report.wallSeconds !== 'number') {
    throw new UsageError(`--resume: ${path} is not a report of \`tsgan benchmark ${name}\` (no config, results and wallSeconds)`);
  }
  const differs = firstDifference(report.config, JSON.parse(JSON.stringify(config)));
  if (differs !== undefined) {
    throw new UsageError(`--resume: ${path} was made with another config (${differs}): give the same flags as that run, or another --out to start a new benchmark`);
  }
  const results = (report.results as unknown[]).map((r, i) => {
    const read = typeof r === 'object' && r !== null && Number.isInteger((r as { seed?: unknown }).seed) ? fromJson(r) : undefined;
    if (read === undefined) throw new UsageError(`--resume: ${path}: result ${i} is not a seed's result; the file was edited or damaged, start a new benchmark with another --out`);
    return read;
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
