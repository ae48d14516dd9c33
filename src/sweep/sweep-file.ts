/**
 * A sweep file (`tsgan sweep FILE`): one base config, the settings to try on top of it (a grid of
 * values and/or a list of overrides), the seeds, and what to measure. Schema-checked: any problem is one
 * {@link ConfigError} line naming the file and the field.
 *
 *   {
 *     "name": "ring8-lr",                           // the sweep's name on a queue (letters, digits, - and _)
 *     "base": { "data": "ring8", "steps": 3000 },   // a config file's fields (the data's recipe under them)
 *     "grid": { "lr": [1e-4, 2e-4], "pack": [1, 2] },   // every combination (flag names or dotted config paths)
 *     "settings": [ {}, { "loss": "wgan", "gradient-penalty": 10 } ],   // each combined with the grid
 *     "seeds": 3, "firstSeed": 0,                   // or "seeds": [0, 5, 7]
 *     "measure": ["modes", "w1"],                   // default: by data (./measure-names.ts)
 *     "checkpointEvery": 500                        // how often a job's run is saved (a dead worker's job resumes there)
 *   }
 */
import { z } from 'zod';
import { ConfigError } from '../training/config-error.js';
import { formatIssue } from '../training/config.js';
import { MEASURE_NAMES, type MeasureName } from './measure-names.js';

/** The largest number of jobs (settings × seeds) one sweep may hold. */
export const MAX_SWEEP_JOBS = 10_000;
const MAX_SEED = 2 ** 32 - 1;

/** A JSON value a config field can take (checked field by field when each job's config is resolved). */
const settingValue = z.union([z.number(), z.string(), z.boolean(), z.null(), z.array(z.unknown()), z.record(z.string(), z.unknown())]);
const overrides = z.record(z.string().min(1), settingValue);

const sweepSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be 1–64 letters, digits, - or _ (it names the sweep on the queue)'),
    description: z.string().max(1000).optional(),
    base: z.record(z.string(), z.unknown()).default({}),
    grid: z.record(z.string().min(1), z.array(settingValue).min(1, 'give at least one value')).default({}),
    settings: z.array(overrides).min(1, 'give at least one setting (an empty object {} is the base alone)').default([{}]),
    seeds: z.union([z.number().int().min(1).max(1000), z.array(z.number().int().min(0).max(MAX_SEED)).min(1).max(1000)]).default(1),
    firstSeed: z.number().int().min(0).max(MAX_SEED).default(0),
    measure: z.array(z.enum(MEASURE_NAMES)).min(1).optional(),
    checkpointEvery: z.number().int().min(1).optional(),
  })
  .strict();

/** A checked sweep file. */
export interface SweepSpec {
  readonly name: string;
  readonly description?: string;
  /** A config file's fields: the base of every job. */
  readonly base: Readonly<Record<string, unknown>>;
  /** Field (flag name or dotted path) → the values to try; every combination is a setting. */
  readonly grid: Readonly<Record<string, readonly unknown[]>>;
  /** Overrides, each combined with every grid point. */
  readonly settings: readonly Readonly<Record<string, unknown>>[];
  /** The seeds, in order. */
  readonly seeds: readonly number[];
  /** What each job measures; undefined: the data's default. */
  readonly measure?: readonly MeasureName[];
  readonly checkpointEvery?: number;
}

/**
 * The sweep in `json` (the parsed file), checked; `source` names the file in messages. Throws
 * {@link ConfigError} (one line) on a schema problem, on seeds past 2³² − 1, on a grid key that is also
 * a setting's, on `seed` set anywhere (the sweep's seeds set it) and on more than {@link MAX_SWEEP_JOBS} jobs.
 */
export function parseSweepSpec(json: unknown, source: string): SweepSpec {
  const r = sweepSchema.safeParse(json);
  if (!r.success) throw new ConfigError(formatIssue(r.error.issues[0], source, sweepSchema).replace('see `tsgan train --help`', 'see docs/sweeps.md'));
  const s = r.data;
  const seeds = typeof s.seeds === 'number' ? Array.from({ length: s.seeds }, (_, i) => s.firstSeed + i) : s.seeds;
  if (seeds[seeds.length - 1] > MAX_SEED) throw new ConfigError(`${source}: seeds: the last seed would be ${seeds[seeds.length - 1]}, above the largest seed ${MAX_SEED}: give a smaller firstSeed or fewer seeds`);
  if (new Set(seeds).size !== seeds.length) throw new ConfigError(`${source}: seeds: a seed is listed twice: list each seed once`);
  for (const where of [Object.keys(s.base), Object.keys(s.grid), ...s.settings.map(Object.keys)]) {
    if (where.includes('seed')) throw new ConfigError(`${source}: seed: the sweep sets each job's seed: use "seeds" (a count, or a list of seeds) and "firstSeed"`);
  }
  for (const [i, o] of s.settings.entries()) {
    const both = Object.keys(o).find((k) => k in s.grid);
    if (both !== undefined) throw new ConfigError(`${source}: settings[${i}].${both}: also a grid field: set it in one of the two`);
  }
  const points = Object.values(s.grid).reduce((n, v) => n * v.length, 1);
  const jobs = points * s.settings.length * seeds.length;
  if (jobs > MAX_SWEEP_JOBS) throw new ConfigError(`${source}: ${jobs} jobs (${s.settings.length} setting(s) × ${points} grid point(s) × ${seeds.length} seed(s)): at most ${MAX_SWEEP_JOBS}: split the sweep`);
  return { name: s.name, ...(s.description === undefined ? {} : { description: s.description }), base: s.base, grid: s.grid, settings: s.settings, seeds, ...(s.measure === undefined ? {} : { measure: s.measure }), ...(s.checkpointEvery === undefined ? {} : { checkpointEvery: s.checkpointEvery }) };
}

/** One setting of a sweep: its overrides (grid point and listed setting merged) and a label naming them. */
export interface SweepSetting {
  /** `lr=0.0001 pack=2`, or `base` for no override. */
  readonly label: string;
  readonly overrides: Readonly<Record<string, unknown>>;
}

/** A value as a label shows it: JSON, without quotes for plain strings. */
function labelValue(v: unknown): string {
  return typeof v === 'string' && /^[\w.+-]+$/.test(v) ? v : JSON.stringify(v);
}

/** The label of a setting's overrides. */
export function settingLabel(o: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(o).map(([k, v]) => `${k}=${labelValue(v)}`);
  return parts.length === 0 ? 'base' : parts.join(' ');
}

/** Every setting of `spec`: each listed setting × each grid point (the grid's keys in file order, the last varying fastest). */
export function sweepSettings(spec: SweepSpec): SweepSetting[] {
  let points: Record<string, unknown>[] = [{}];
  for (const [k, values] of Object.entries(spec.grid)) points = points.flatMap((p) => values.map((v) => ({ ...p, [k]: v })));
  const out: SweepSetting[] = [];
  for (const s of spec.settings) {
    for (const p of points) {
      const overridesOf = { ...s, ...p };
      out.push({ label: settingLabel(overridesOf), overrides: overridesOf });
    }
  }
  return out;
}
