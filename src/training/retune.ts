/**
 * Changing a run's settings while it trains: only the fields whose metadata says `tunable`
 * (./config-field-meta.ts: learning rates, k, the critic's penalties and clipping) — the ones an
 * update reads afresh each time, so the networks, the optimizers' state and the random streams stay
 * valid. Anything else (widths, the objective, the seed, …) needs a new run.
 */
import type { NetworkCapabilities } from '../models/network.js';
import { ConfigError, type TrainConfig } from './config.js';
import { tunablePaths } from './config-fields.js';
import { layeredConfig, type FieldSetting } from './config-layers.js';
import { criticCapabilityProblem } from './models.js';

/** The leaves of `a` and `b` (plain objects, arrays as values) that differ, as dotted paths. */
function changedPaths(a: unknown, b: unknown, at: string[] = []): string[] {
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => changedPaths(a[k], b[k], [...at, k]));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [at.join('.')];
}

/**
 * `config` with `settings` applied, validated by the one schema (./config-layers.ts; messages name the
 * settings' sources); throws ConfigError when a setting changes a field that is not tunable, or asks
 * for a penalty the critic (its declared `capabilities`) cannot compute.
 */
export function retunedConfig(config: TrainConfig, settings: readonly FieldSetting[], critic: NetworkCapabilities): TrainConfig {
  const next = layeredConfig({ recipe: 'none', config, settings, source: 'retune' });
  const tunable = tunablePaths();
  const fixed = changedPaths(config, next).filter((p) => !tunable.has(p));
  if (fixed.length > 0) {
    throw new ConfigError(`${fixed.join(', ')}: cannot change while training (only ${[...tunable].join(', ')} can): start a new run instead`);
  }
  const problem = criticCapabilityProblem(next, { penalties: critic.doubleBackprop !== undefined, spectralNorm: critic.spectralNorm !== undefined });
  if (problem !== undefined) throw new ConfigError(problem);
  return next;
}
