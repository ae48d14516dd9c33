/**
 * An exponential moving average of the generator's weights (Yazıcı et al. 2019, "The unusual
 * effectiveness of averaging in GAN training"; used by Karras et al. for every StyleGAN). The
 * adversarial game makes G's weights circle around an equilibrium; their average sits nearer its
 * centre, so samples of the averaged generator are sharper and better spread over the modes. The
 * averaged generator is only sampled: training, D's updates and the game's value use the live G.
 *
 * After generator update t (t = 0, 1, …) every trainable parameter becomes
 *   θ̄ ← β_t·θ̄ + (1 − β_t)·θ,   β_t = min(β, (1 + t)/(10 + t)),
 * with θ̄ = θ at the start. The warm-up β_t (TensorFlow's ExponentialMovingAverage with num_updates)
 * lets the average forget the random initialization within the first hundred steps; β_t depends on
 * the step only, so a resumed run averages exactly as one run. Non-trainable weights (batch norm's
 * running statistics) are the live generator's.
 */
import * as tf from '@tensorflow/tfjs-core';
import { FUSED_KERNELS, fusedKernelUsable, runFusedKernel, type AverageKernelAttrs } from '../ops/fused-kernels.js';
import type { NamedWeights } from '../models/mlp.js';
import type { Network } from '../models/network.js';

/** β_t of update t for the configured β ∈ (0, 1) (see the file comment). */
export function averageDecayAt(decay: number, t: number): number {
  return Math.min(decay, (1 + t) / (10 + t));
}

export class GeneratorAverage<G extends Network> {
  /** Names of the trainable weights (the ones averaged). */
  private readonly trainable: ReadonlySet<string>;
  /** Whether the network has non-trainable weights (batch-norm running statistics) to take from the live one. */
  private readonly hasBuffers: boolean;

  /**
   * Averages `live`'s weights into `averaged` (a network of the same architecture, owned from now on
   * by this object), with β = `decay` ∈ (0, 1). `averaged` starts as a copy of `live`.
   */
  constructor(
    private readonly live: G,
    readonly averaged: G,
    readonly decay: number,
  ) {
    if (!(decay > 0 && decay < 1)) throw new RangeError(`the average's decay must be in (0, 1), got ${decay}`);
    const weights = live.getWeights();
    averaged.setWeights(weights);
    this.trainable = new Set(live.parameters().map((p) => p.name));
    this.hasBuffers = weights.length !== this.trainable.size;
  }

  /** Moves the average towards the live weights after generator update `t` (0-based). */
  update(t: number): void {
    const b = averageDecayAt(this.decay, t);
    const live = this.live.parameters();
    // One fused kernel where the host registered it (the same float32 products and sum as the ops).
    const attrs: AverageKernelAttrs = { decay: Math.fround(b), oneMinusDecay: Math.fround(1 - b) };
    this.averaged.parameters().forEach(({ variable }, i) => {
      tf.tidy(() => {
        const next = fusedKernelUsable(FUSED_KERNELS.average)
          ? runFusedKernel<tf.Tensor>(FUSED_KERNELS.average, { average: variable, live: live[i].variable }, attrs)
          : tf.add(tf.mul(variable, b), tf.mul(live[i].variable, 1 - b));
        variable.assign(next);
      });
    });
  }

  /** The averaged generator, its non-trainable weights (batch-norm running statistics) set to the live one's. */
  network(): G {
    if (this.hasBuffers) {
      const mine = new Map(this.averaged.getWeights().map((w) => [w.name, w]));
      this.averaged.setWeights(this.live.getWeights().map((w) => (this.trainable.has(w.name) ? mine.get(w.name)! : w)));
    }
    return this.averaged;
  }

  /** A copy of the averaged weights (for checkpoints). */
  getWeights(): NamedWeights[] {
    return this.averaged.getWeights();
  }

  /** Restores weights saved by {@link getWeights}. */
  setWeights(weights: readonly NamedWeights[]): void {
    this.averaged.setWeights(weights);
  }

  dispose(): void {
    this.averaged.dispose();
  }
}
