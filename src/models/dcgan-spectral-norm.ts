/**
 * Spectral normalization (Miyato et al. 2018) of the DCGAN critic's weights: every convolution filter
 * [k, k, in, out] and the dense weight [features, 1] is used as W/σ(W), σ the largest singular value of
 * W seen as a matrix [k·k·in, out] (as the paper does for convolutions: a bound of the layer's own
 * norm up to a factor, not its exact operator norm), estimated by one power iteration per update.
 * Same algorithm, gradient mapping and checkpointed state as ./spectral-norm.ts (read its comment):
 *   v ← normalize(W·u),  u ← normalize(Wᵀ·v),  σ = vᵀ·W·u,  ∂L/∂W = (G − ⟨G, W_sn⟩·v·uᵀ)/σ.
 * The critic holds W_sn; this object holds the raw W (named `sn/<layer>/w`, with `sn/<layer>/u|v`).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import type { DcganCriticLayers } from './dcgan-critic-layers.js';
import type { NamedWeights } from './named-weights.js';
import { SPECTRAL_NORM_PREFIX } from './spectral-norm.js';

/** PyTorch's `normalize` epsilon: x / max(‖x‖, ε). */
const EPS = 1e-12;

function normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.maximum(tf.norm(x), EPS));
}

interface WeightState {
  /** The critic's parameter name (`conv0/w`, …, `dense0/w`) and its index in `critic.parameters()`. */
  readonly name: string;
  readonly index: number;
  /** The normalized weights the critic uses. */
  readonly target: tf.Variable;
  /** The raw weights, same shape as target. */
  readonly raw: tf.Variable;
  /** [out, 1] and [in, 1]. */
  readonly u: tf.Variable<tf.Rank.R2>;
  readonly v: tf.Variable<tf.Rank.R2>;
  sigma: tf.Scalar;
}

export class DcganSpectralNorm {
  private readonly weights: WeightState[];

  /** Spectral normalization of every weight of `critic` (not the biases); u, v ~ normalized N(0, I) from `rng`, one power iteration. */
  constructor(
    readonly critic: DcganCriticLayers,
    rng: Rng,
  ) {
    this.weights = critic
      .parameters()
      .map((p, index) => ({ ...p, index }))
      .filter((p) => p.name.endsWith('/w'))
      .map(({ name, variable, index }) => {
        const out = variable.shape[variable.shape.length - 1];
        const inDim = variable.size / out;
        const u0 = tf.tidy(() => normalize(tf.tensor2d(rng.fillNormal(new Float32Array(out)), [out, 1])));
        const v0 = tf.tidy(() => normalize(tf.tensor2d(rng.fillNormal(new Float32Array(inDim)), [inDim, 1])));
        const state: WeightState = {
          name,
          index,
          target: variable,
          raw: tf.variable(variable, true, `${variable.name}/sn-raw`),
          u: tf.variable(u0, false, `${variable.name}/sn-u`) as tf.Variable<tf.Rank.R2>,
          v: tf.variable(v0, false, `${variable.name}/sn-v`) as tf.Variable<tf.Rank.R2>,
          sigma: tf.keep(tf.scalar(1)),
        };
        u0.dispose();
        v0.dispose();
        return state;
      });
    this.refresh();
  }

  private matrix(s: WeightState, t: tf.Tensor): tf.Tensor2D {
    return tf.reshape(t, [s.v.shape[0], s.u.shape[0]]);
  }

  /** One power iteration per weight on the raw weights, then W_sn = W/σ into the critic. Call after every update. */
  refresh(): void {
    for (const s of this.weights) {
      const sigma = tf.tidy(() => {
        const w = this.matrix(s, s.raw);
        const v = normalize(tf.matMul(w, s.u));
        const u = normalize(tf.reshape(tf.matMul(tf.reshape(v, [1, -1]), w), [-1, 1]) as tf.Tensor2D);
        s.v.assign(v);
        s.u.assign(u);
        const sigma = tf.sum(tf.mul(v, tf.matMul(w, u))) as tf.Scalar;
        s.target.assign(tf.div(s.raw, sigma));
        return sigma;
      });
      s.sigma.dispose();
      s.sigma = tf.keep(sigma);
    }
  }

  /** The current σ of each weight (conv0, conv1, …, dense). */
  sigmas(): number[] {
    return this.weights.map((s) => s.sigma.dataSync()[0]);
  }

  /** The parameters the optimizer updates, in the order of `critic.parameters()`: raw weights in place of the normalized ones. */
  parameters(): { name: string; variable: tf.Variable }[] {
    const raw = new Map(this.weights.map((s) => [s.index, s.raw]));
    return this.critic.parameters().map((p, k) => ({ name: p.name, variable: raw.get(k) ?? p.variable }));
  }

  /** Gradients with respect to {@link parameters} from those with respect to `critic.parameters()` (see the file comment). */
  parameterGradients(flat: readonly tf.Tensor[]): tf.Tensor[] {
    const byIndex = new Map(this.weights.map((s) => [s.index, s]));
    return flat.map((g, k) => {
      const s = byIndex.get(k);
      if (s === undefined) return g;
      return tf.tidy(() => {
        const inner = tf.sum(tf.mul(g, s.target));
        const vuT = tf.mul(s.v, tf.reshape(s.u, [1, -1])); // broadcast product, see ./spectral-norm.ts
        return tf.div(tf.sub(g, tf.mul(inner, tf.reshape(vuT, g.shape))), s.sigma);
      });
    });
  }

  /** Raw weights and power-iteration vectors, named `sn/<layer>/w|u|v` (for checkpoints). */
  getState(): NamedWeights[] {
    return this.weights.flatMap((s) =>
      (['w', 'u', 'v'] as const).map((key) => {
        const t = key === 'w' ? s.raw : s[key];
        return { name: `${SPECTRAL_NORM_PREFIX}${s.name.slice(0, -1)}${key}`, shape: t.shape, values: Float32Array.from(t.dataSync() as Float32Array) };
      }),
    );
  }

  /** Restores {@link getState}'s tensors; σ is recomputed from W, u and v as {@link refresh} computed it. */
  setState(weights: readonly NamedWeights[]): void {
    const byName = new Map(weights.map((w) => [w.name, w]));
    for (const s of this.weights) {
      for (const key of ['w', 'u', 'v'] as const) {
        const name = `${SPECTRAL_NORM_PREFIX}${s.name.slice(0, -1)}${key}`;
        const t = key === 'w' ? s.raw : s[key];
        const src = byName.get(name);
        if (src === undefined) throw new Error(`spectral normalization state is missing ${name}`);
        if (src.shape.length !== t.shape.length || src.shape.some((d, j) => d !== t.shape[j])) throw new Error(`${name} has shape [${src.shape}] but the network needs [${t.shape}]`);
        tf.tidy(() => t.assign(tf.tensor(src.values, t.shape) as never));
      }
      const sigma = tf.tidy(() => tf.sum(tf.mul(s.v, tf.matMul(this.matrix(s, s.raw), s.u))) as tf.Scalar);
      s.sigma.dispose();
      s.sigma = tf.keep(sigma);
    }
  }

  dispose(): void {
    for (const s of this.weights) {
      s.raw.dispose();
      s.u.dispose();
      s.v.dispose();
      s.sigma.dispose();
    }
  }
}
