/**
 * A sweep file read and planned for `tsgan sweep FILE`: the checked spec, its settings and its jobs
 * (each with its id), every setting's config checked against its data and every measure against the
 * data — so a bad file fails in one line before anything runs or is queued.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { checkDataFitsModel, ConfigError, parseSweepSpec, sweepJobs, sweepSettings, type Dataset, type SweepSpec } from '../../index.js';
import { defaultMeasures, jobId, measureProblem, resolveDataset, type QueuedJob } from '../../node/index.js';
import { UsageError } from '../errors.js';

export interface SweepPlan {
  readonly file: string;
  readonly spec: SweepSpec;
  /** The settings' labels, in sweep order. */
  readonly settings: readonly string[];
  readonly jobs: readonly QueuedJob[];
}

/** The sweep of `file`, planned (see the file's comment); UsageError or ConfigError (one line) when it cannot be. */
export function planSweep(file: string): SweepPlan {
  if (!existsSync(file)) throw new UsageError(`${file}: no such file: give a sweep file (JSON; docs/sweeps.md shows one)`);
  if (!statSync(file).isFile()) throw new UsageError(`${file}: is a folder: give a sweep file (JSON)`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const spec = parseSweepSpec(json, file);
  const datasets = new Map<string, Dataset>();
  const datasetOf = (data: unknown): Dataset => {
    const key = JSON.stringify(data);
    let d = datasets.get(key);
    if (d === undefined) {
      d = resolveDataset(data as string | Record<string, unknown>).dataset;
      datasets.set(key, d);
    }
    return d;
  };
  const jobs = sweepJobs(spec, file, (config) => defaultMeasures(datasetOf(config.data)));
  for (const j of jobs) {
    const dataset = datasetOf(j.config.data);
    if (j.measure.length === 0) throw new ConfigError(`${file}: no measure applies to ${dataset.label} by default: name one in "measure" (${['modes', 'w1', 'images', 'stacked'].join(', ')})`);
    const problem = measureProblem(j.measure, dataset);
    if (problem !== undefined) throw new ConfigError(`${file}: setting "${j.setting}": ${problem}`);
    try {
      checkDataFitsModel(j.config, dataset);
    } catch (e) {
      throw new ConfigError(`${file}: setting "${j.setting}": ${(e as Error).message}`);
    }
  }
  return { file, spec, settings: sweepSettings(spec).map((s) => s.label), jobs: jobs.map((j) => ({ ...j, id: jobId(j) })) };
}
