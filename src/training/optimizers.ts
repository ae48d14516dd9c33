/**
 * The players' optimizers: Adam, RMSProp and SGD with PyTorch's update rules, written with explicit
 * state (moment tensors and a step counter) so that a checkpoint restores them bit for bit.
 *
 * Why not tf.train.*: TF.js's Adam keeps β^t as a running float32 product and recomputes it with
 * `pow` when its state is restored, so a resumed run drifts from an uninterrupted one in the last bits.
 * Here bias corrections are computed in float64 from the step counter, as PyTorch does.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedWeights } from '../models/mlp.js';
import { adamUpdates } from './adam-op.js';
import { globalNorm } from './global-norm.js';
import type { OptimizerConfig } from './config.js';

/**
 * An optimizer's state as plain data: the update count, the factor its configured learning rate is
 * multiplied by (1 unless lowered by {@link PlayerOptimizer.scaleLearningRate}, e.g. by a rollback after
 * divergence), and each slot tensor (e.g. `dense0/w/m`).
 */
export interface OptimizerState {
  readonly step: number;
  readonly learningRateScale: number;
  readonly slots: NamedWeights[];
}

export interface PlayerOptimizer {
  readonly config: OptimizerConfig;
  /**
   * One update of `params` (named, in a fixed order) descending `grads` (same names), with the learning
   * rate times `learningRateFactor` (default 1; a schedule such as linear decay passes its factor for
   * this update). Disposes nothing of the caller's.
   */
  apply(params: readonly { name: string; variable: tf.Variable }[], grads: readonly tf.Tensor[], learningRateFactor?: number): void;
  /** The learning rate in use: the config's times the scale (see {@link OptimizerState}). */
  readonly learningRate: number;
  /** Multiplies the learning rate by `factor` (> 0) from the next update on; the scale is part of the state. */
  scaleLearningRate(factor: number): void;
  /**
   * Replaces the configured rate (`config.learningRate`, which stays as it was given) by `rate` (> 0)
   * from the next update on, keeping the scale: a retune while training (GanTrainer.retune). The
   * caller keeps the new rate in its config; the state holds the scale only.
   */
  setBaseLearningRate(rate: number): void;
  getState(): OptimizerState;
  setState(state: OptimizerState): void;
  /**
   * The global L2 norm of every slot tensor, √(Σ s²) (one fused kernel where the host registered it,
   * ./global-norm.ts), as a new scalar the caller owns; 0 when there are no slots (SGD, or before the
   * first update). It is finite while every slot is finite, so the trainer checks it at every step:
   * Adam's and RMSProp's running mean of g² overflows float32 (to +∞) once a gradient passes ~1.8e19,
   * and stays infinite, while the weights stay finite (the update divides by √v) and nothing else shows it.
   */
  stateNorm(): tf.Scalar;
  dispose(): void;
}

/** Slot tensors per parameter, created lazily at the first update. */
class Slots {
  private readonly map = new Map<string, tf.Variable>();
  get(name: string, like: tf.Tensor): tf.Variable {
    let v = this.map.get(name);
    if (v === undefined) {
      const zeros = tf.zerosLike(like);
      v = tf.variable(zeros, false);
      zeros.dispose();
      this.map.set(name, v);
    }
    return v;
  }
  tensors(): tf.Variable[] {
    return [...this.map.values()];
  }
  state(): NamedWeights[] {
    return [...this.map].map(([name, v]) => ({ name, shape: v.shape, values: Float32Array.from(v.dataSync() as Float32Array) }));
  }
  restore(slots: readonly NamedWeights[]): void {
    this.dispose();
    for (const s of slots) {
      const t = tf.tensor(s.values, [...s.shape]);
      this.map.set(s.name, tf.variable(t, false));
      t.dispose();
    }
  }
  dispose(): void {
    for (const v of this.map.values()) v.dispose();
    this.map.clear();
  }
}

/** The optimizer for `c` (see the file comment). */
export function createOptimizer(c: OptimizerConfig): PlayerOptimizer {
  const slots = new Slots();
  let step = 0;
  let scale = 1;
  // The configured rate (c.learningRate unless retuned), and the rate of the next update: with scale 1
  // exactly the configured one (no rounding).
  let base = c.learningRate;
  let lr = base;
  // Adam, every parameter at once (one fused kernel where the host registered it, see adam-op.ts):
  // m ← β1 m + (1 − β1) g;  v ← β2 v + (1 − β2) g²;  p ← p − lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + ε)
  const adamStep = (params: readonly { name: string; variable: tf.Variable }[], grads: readonly tf.Tensor[], lr: number): void => {
    if (c.name !== 'adam') return;
    const groups = params.map(({ name, variable: p }, i) => ({ p, m: slots.get(`${name}/m`, p), v: slots.get(`${name}/v`, p), g: grads[i] }));
    tf.tidy(() => {
      const results = adamUpdates(groups, {
        beta1: c.beta1,
        oneMinusBeta1: 1 - c.beta1,
        beta2: c.beta2,
        oneMinusBeta2: 1 - c.beta2,
        sqrtBiasCorrection2: Math.sqrt(1 - c.beta2 ** step),
        epsilon: c.epsilon,
        stepSize: lr / (1 - c.beta1 ** step),
      });
      results.forEach((r, i) => {
        groups[i].m.assign(r.m as never);
        groups[i].v.assign(r.v as never);
        groups[i].p.assign(r.p as never);
      });
    });
  };
  const update = (name: string, p: tf.Variable, g: tf.Tensor, lr: number): void => {
    switch (c.name) {
      case 'rmsprop': {
        // v ← α v + (1 − α) g²;  with momentum μ: b ← μ b + g/(√v + ε), p ← p − lr b;  else p ← p − lr g/(√v + ε)
        const v = slots.get(`${name}/v`, p);
        tf.tidy(() => {
          const v1 = tf.add(tf.mul(v, c.decay), tf.mul(tf.square(g), 1 - c.decay));
          v.assign(v1);
          let direction: tf.Tensor = tf.div(g, tf.add(tf.sqrt(v1), c.epsilon));
          if (c.momentum > 0) {
            const b = slots.get(`${name}/momentum`, p);
            direction = tf.add(tf.mul(b, c.momentum), direction);
            b.assign(direction);
          }
          p.assign(tf.sub(p, tf.mul(direction, lr)));
        });
        return;
      }
      case 'sgd':
        tf.tidy(() => p.assign(tf.sub(p, tf.mul(g, lr))));
        return;
    }
  };
  return {
    config: c,
    apply(params, grads, learningRateFactor = 1) {
      if (params.length !== grads.length) throw new Error(`optimizer got ${grads.length} gradients for ${params.length} parameters`);
      step++;
      // factor 1 leaves the rate bit for bit as it is (a schedule, e.g. linear decay, passes < 1).
      const rate = learningRateFactor === 1 ? lr : lr * learningRateFactor;
      if (c.name === 'adam') adamStep(params, grads, rate);
      else params.forEach((p, i) => update(p.name, p.variable, grads[i], rate));
    },
    get learningRate() {
      return lr;
    },
    scaleLearningRate(factor) {
      if (!(factor > 0 && Number.isFinite(factor))) throw new RangeError(`learning-rate factor must be a positive number, got ${factor}`);
      scale *= factor;
      lr = base * scale;
    },
    setBaseLearningRate(rate) {
      if (!(rate > 0 && Number.isFinite(rate))) throw new RangeError(`learning rate must be a positive number, got ${rate}`);
      base = rate;
      lr = scale === 1 ? base : base * scale;
    },
    getState: () => ({ step, learningRateScale: scale, slots: slots.state() }),
    setState(s) {
      step = s.step;
      scale = s.learningRateScale;
      lr = base * scale;
      slots.restore(s.slots);
    },
    stateNorm() {
      const ts = slots.tensors();
      return ts.length === 0 ? tf.scalar(0) : globalNorm(ts);
    },
    dispose: () => slots.dispose(),
  };
}
