/**
 * Spectral normalization of a network's weight matrices (Miyato et al. 2018): every dense layer
 * uses W / σ(W), σ(W) its largest singular value estimated by power iteration, so each layer is
 * 1-Lipschitz and, with 1-Lipschitz activations, so is the whole critic (the constraint of E8).
 *
 * The network ({@link Mlp}) always holds the normalized weights W_sn = W/σ, so its forward and
 * backward passes, penalties and evaluation need nothing special. This object holds the raw weights W
 * that the optimizer updates, and the power-iteration vectors u, v:
 *   v ← normalize(W·u),  u ← normalize(Wᵀ·v),  σ = vᵀ·W·u   (W of shape [in, out] as in mlp.ts).
 * As in PyTorch's `spectral_norm`, u and v are constants for differentiation, so
 *   ∂L/∂W = (G − ⟨G, W_sn⟩·v·uᵀ) / σ,   G = ∂L/∂W_sn,
 * because σ = vᵀWu has ∂σ/∂W = v·uᵀ. Biases are not normalized.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import type { MlpLayers } from './mlp-layers.js';
import type { NamedWeights } from './named-weights.js';

/** PyTorch's `normalize` epsilon: x / max(‖x‖, ε). */
const EPS = 1e-12;

function normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.maximum(tf.norm(x), EPS));
}

interface LayerState {
  readonly raw: tf.Variable<tf.Rank.R2>;
  /** [out, 1]. */
  readonly u: tf.Variable<tf.Rank.R2>;
  /** [in, 1]. */
  readonly v: tf.Variable<tf.Rank.R2>;
  /** σ of the current W_sn (a kept scalar, replaced at every refresh). */
  sigma: tf.Scalar;
}

/** The name prefix of spectral-normalization tensors in a network's saved weights. */
export const SPECTRAL_NORM_PREFIX = 'sn/';

export class SpectralNorm {
  private readonly layers: LayerState[];

  /**
   * Spectral normalization of every dense layer of `net`: its current weights become the raw weights,
   * u and v start as normalized standard normal draws from `rng` (PyTorch's initialization), one
   * power iteration runs, and `net` gets W/σ.
   */
  constructor(
    readonly net: MlpLayers,
    rng: Rng,
  ) {
    this.layers = net.layers.map((l, i) => {
      const [inDim, outDim] = l.w.shape;
      const u0 = tf.tidy(() => normalize(tf.tensor2d(rng.fillNormal(new Float32Array(outDim)), [outDim, 1])));
      const v0 = tf.tidy(() => normalize(tf.tensor2d(rng.fillNormal(new Float32Array(inDim)), [inDim, 1])));
      const state: LayerState = {
        raw: tf.variable(l.w, true, `${l.w.name}/sn-raw`) as tf.Variable<tf.Rank.R2>,
        u: tf.variable(u0, false, `${l.w.name}/sn-u${i}`) as tf.Variable<tf.Rank.R2>,
        v: tf.variable(v0, false, `${l.w.name}/sn-v${i}`) as tf.Variable<tf.Rank.R2>,
        sigma: tf.keep(tf.scalar(1)),
      };
      u0.dispose();
      v0.dispose();
      return state;
    });
    this.refresh();
  }

  /**
   * One power iteration per layer on the raw weights, then W_sn = W/σ into the network. Call after
   * every update of the raw weights.
   */
  refresh(): void {
    this.net.layers.forEach((l, i) => {
      const s = this.layers[i];
      const sigma = tf.tidy(() => {
        const v = normalize(tf.matMul(s.raw, s.u));
        const u = normalize(tf.reshape(tf.matMul(tf.reshape(v, [1, -1]), s.raw), [-1, 1]) as tf.Tensor2D);
        s.v.assign(v);
        s.u.assign(u);
        const sigma = tf.sum(tf.mul(v, tf.matMul(s.raw, u))) as tf.Scalar;
        l.w.assign(tf.div(s.raw, sigma));
        return sigma;
      });
      s.sigma.dispose();
      s.sigma = tf.keep(sigma);
    });
  }

  /** The current σ of each layer (the largest singular value of its raw weights, as estimated). */
  sigmas(): number[] {
    return this.layers.map((s) => s.sigma.dataSync()[0]);
  }

  /**
   * The parameters the optimizer updates, in the order of `net.parameters()`: raw weights W in place
   * of the normalized ones, and the network's own biases.
   */
  parameters(): { name: string; variable: tf.Variable }[] {
    return this.net.parameters().map((p, k) => (k % 2 === 0 ? { name: p.name, variable: this.layers[k / 2].raw as tf.Variable } : p));
  }

  /**
   * Gradients with respect to {@link parameters} from gradients with respect to `net.parameters()`
   * (same order): ∂L/∂W = (G − ⟨G, W_sn⟩·v·uᵀ)/σ for each weight (see the file comment), biases as
   * they are. New tensors for the weights; the bias gradients are the ones given.
   */
  parameterGradients(flat: readonly tf.Tensor[]): tf.Tensor[] {
    return flat.map((g, k) => {
      if (k % 2 === 1) return g;
      const s = this.layers[k / 2];
      const wSn = this.net.layers[k / 2].w;
      return tf.tidy(() => {
        const inner = tf.sum(tf.mul(g, wSn));
        // v·uᵀ as a broadcast product, not a matMul: the wasm backend caches the packed right operand
        // of a matMul by tensor id alone, so a reshape of u (same id, new shape) would reuse u's packing.
        const vuT = tf.mul(s.v, tf.reshape(s.u, [1, -1]));
        return tf.div(tf.sub(g, tf.mul(inner, vuT)), s.sigma);
      });
    });
  }

  /** Raw weights and power-iteration vectors, named `sn/dense{i}/w|u|v` (for checkpoints). */
  getState(): NamedWeights[] {
    return this.layers.flatMap((s, i) =>
      (['w', 'u', 'v'] as const).map((key) => {
        const t = key === 'w' ? s.raw : s[key];
        return { name: `${SPECTRAL_NORM_PREFIX}dense${i}/${key}`, shape: t.shape, values: Float32Array.from(t.dataSync() as Float32Array) };
      }),
    );
  }

  /**
   * Restores {@link getState}'s tensors. The network's own (normalized) weights are restored
   * separately; σ is recomputed from W, u and v exactly as {@link refresh} computed it.
   */
  setState(weights: readonly NamedWeights[]): void {
    const byName = new Map(weights.map((w) => [w.name, w]));
    this.layers.forEach((s, i) => {
      for (const key of ['w', 'u', 'v'] as const) {
        const name = `${SPECTRAL_NORM_PREFIX}dense${i}/${key}`;
        const t = key === 'w' ? s.raw : s[key];
        const src = byName.get(name);
        if (src === undefined) throw new Error(`spectral normalization state is missing ${name}`);
        if (src.shape.length !== 2 || src.shape[0] !== t.shape[0] || src.shape[1] !== t.shape[1]) {
          throw new Error(`${name} has shape [${src.shape}] but the network needs [${t.shape}]`);
        }
        tf.tidy(() => t.assign(tf.tensor2d(src.values, t.shape as [number, number])));
      }
      const sigma = tf.tidy(() => tf.sum(tf.mul(s.v, tf.matMul(s.raw, s.u))) as tf.Scalar);
      s.sigma.dispose();
      s.sigma = tf.keep(sigma);
    });
  }

  dispose(): void {
    for (const s of this.layers) {
      s.raw.dispose();
      s.u.dispose();
      s.v.dispose();
      s.sigma.dispose();
    }
  }
}
