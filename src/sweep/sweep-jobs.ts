/**
 * A sweep's jobs: every setting (./sweep-file.ts) with every seed, each a complete, validated training
 * config. A job's config is what `tsgan train --config BASE` with the setting's flags and `--seed s`
 * would run: the data's recipe, the base's fields, then the overrides (src/training/config-layers.ts).
 */
import { configFields } from '../training/config-fields.js';
import { layeredConfig, type FieldSetting } from '../training/config-layers.js';
import type { TrainConfig } from '../training/config.js';
import type { MeasureName } from './measure-names.js';
import { sweepSettings, type SweepSpec } from './sweep-file.js';

/** One job of a sweep: train `config` (its seed set) and measure the final generator. */
export interface SweepJob {
  readonly sweep: string;
  /** The setting's label (./sweep-file.ts settingLabel). */
  readonly setting: string;
  readonly seed: number;
  readonly config: TrainConfig;
  readonly measure: readonly MeasureName[];
  /** How often the job's run is saved (steps); undefined: the run's default. */
  readonly checkpointEvery?: number;
}

/**
 * The config settings of one override: a flag name (`lr`, `g-hidden`, `gradient-penalty`: what
 * `tsgan train --help` lists, with the flag's config paths) or a dotted config path
 * (`optimizer.generator.learningRate`). `source` names it in messages.
 */
function overrideSettings(key: string, value: unknown, source: string): FieldSetting[] {
  const flag = configFields().find((f) => f.flag === key);
  if (flag !== undefined) return flag.paths.map((path) => ({ path, value, source, replacesObject: flag.replacesObject }));
  return [{ path: key.split('.'), value, source }];
}

/**
 * Every job of `spec`, settings in sweep order (./sweep-file.ts sweepSettings), each with every seed.
 * `measureFor(config)` is the data's default measure when the sweep names none. Throws ConfigError
 * (one line naming the file, the setting and the field) when a setting's config is invalid.
 */
export function sweepJobs(spec: SweepSpec, source: string, measureFor: (config: TrainConfig) => readonly MeasureName[]): SweepJob[] {
  const jobs: SweepJob[] = [];
  for (const setting of sweepSettings(spec)) {
    const settings = Object.entries(setting.overrides).flatMap(([k, v]) => overrideSettings(k, v, `${source}: setting "${setting.label}": ${k}`));
    const config = layeredConfig({ config: { ...spec.base }, source: `${source}: base`, settings });
    const measure = spec.measure ?? measureFor(config);
    for (const seed of spec.seeds) {
      jobs.push({ sweep: spec.name, setting: setting.label, seed, config: { ...config, seed }, measure, ...(spec.checkpointEvery === undefined ? {} : { checkpointEvery: spec.checkpointEvery }) });
    }
  }
  return jobs;
}

/**
 * A canonical JSON text of `value`: object keys sorted at every depth, so that two equal configs give
 * the same text (and the same job id) whatever order their fields were written in.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What identifies a job's work (its id hashes this): the config with its seed, the measures and the checkpoint interval. */
export function jobIdentity(job: SweepJob): string {
  return canonicalJson({ v: 1, config: job.config, measure: [...job.measure].sort(), checkpointEvery: job.checkpointEvery ?? null });
}
