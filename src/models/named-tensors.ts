/**
 * Saving and restoring a layer's named variables (the `NamedWeights` of checkpoints).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedWeights } from './mlp.js';

/** A named variable of a layer. */
export interface NamedVariable {
  readonly name: string;
  readonly variable: tf.Variable;
}

/** A copy of each variable's values, with its name and shape. */
export function copyNamedVariables(vars: readonly NamedVariable[]): NamedWeights[] {
  return vars.map(({ name, variable }) => ({ name, shape: variable.shape, values: Float32Array.from(variable.dataSync() as Float32Array) }));
}

/**
 * Assigns each variable the values of the entry of `weights` with its name (other names are ignored).
 * Throws when a name is missing or a shape differs, naming both shapes.
 */
export function assignNamedVariables(vars: readonly NamedVariable[], weights: readonly NamedWeights[]): void {
  const byName = new Map(weights.map((w) => [w.name, w]));
  for (const { name, variable } of vars) {
    const src = byName.get(name);
    if (src === undefined) throw new Error(`weights are missing ${name}`);
    if (src.shape.length !== variable.shape.length || src.shape.some((d, j) => d !== variable.shape[j])) {
      throw new Error(`weights ${name} have shape [${src.shape}] but the layer needs [${variable.shape}]`);
    }
    tf.tidy(() => variable.assign(tf.tensor(src.values, variable.shape) as never));
  }
}
