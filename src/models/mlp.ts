/**
 * A multilayer perceptron with an explicit, hand-written backward pass.
 *
 * Why not `tf.grad`: on the wasm backend the transposed matMuls that TF.js's built-in matMul gradient
 * uses run 10–25× slower than plain ones (measured), and its double backprop is wrong for most
 * activations. Here the backward pass uses explicit transposes + plain `tf.matMul` only, and under a
 * gradient tape it is ordinary differentiable ops, so a gradient penalty can differentiate it once
 * more. Tests check it against `tf.grads` of the forward pass.
 *
 * Layouts of the training passes (batch-layout.ts). The wasm backend's matrix product (XNNPACK) repacks
 * its RIGHT operand whenever that is a tensor it has not seen, at ~9 ns per value (as long as the
 * product itself for a batch of 64), and weights change at every update. Batch-major passes
 * (`forwardWithCache`, `backward`) put the weights on the right: W forward (TF.js's fused matMul +
 * bias + activation) and Wᵀ backward, each packed once per update (Wᵀ is cached per version of W).
 * Feature-major passes (`forwardTransposed`, `backwardTransposed`) keep a batch of n activations of
 * width k as a [k, n] tensor, aᵀ, and put the weights on the LEFT: zᵀ = Wᵀ·aᵀ forward, ∂L/∂aᵀ = W·δᵀ
 * and ∂L/∂W = aᵀ·δ backward, so only activation-sized tensors are packed. The trainer uses the layout
 * that packs fewer values. `forward` (sampling, evaluation) is batch-major.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import { gradientTapeActive } from '../ops/fused-kernels.js';
import { type ActivationName, denseForward } from './activations.js';
import { biasActivation, denseDelta, transpose2d, transposedProduct, transposedProductsFast } from './dense-ops.js';
import type { BatchLayout } from './batch-layout.js';
import { fusedMlpBackward, fusedMlpForward } from './mlp-fused.js';
import type { Network, NetworkCapabilities } from './network.js';
import type { NamedWeights } from './named-weights.js';
import type { DenseGrads, DenseParams, MlpCache, MlpLayers, MlpShape } from './mlp-layers.js';
import { inputGradient, inputGradientParamGrads } from './input-gradient.js';
import { SpectralNorm } from './spectral-norm.js';

export type { DenseGrads, DenseParams, MlpCache, MlpLayers, MlpShape } from './mlp-layers.js';

/** The same for the training passes, feature-major (see the file comment). */
export interface MlpCacheTransposed {
  /** layerOutputsT[0] is the input xᵀ [inputDim, n]; layerOutputsT[i + 1] is layer i's output, [width, n]. */
  readonly layerOutputsT: readonly tf.Tensor2D[];
}

export type { NamedWeights } from './named-weights.js';

/** Points of each kind for the Lipschitz estimate of an MLP critic on low-dimensional data (./lipschitz.ts). */
export const MLP_LIPSCHITZ_POINTS = 64;

/**
 * Points of each kind for an MLP critic whose input has at least {@link MLP_WIDE_INPUT} columns
 * (images: 784 pixels). Its cost grows with the input's width; at 64 points per kind (192 rows, more
 * than a batch of 64) it took ~15–35 % of an MNIST MLP GAN's step.
 */
export const MLP_LIPSCHITZ_POINTS_WIDE = 16;

/** Input columns from which an MLP critic counts as wide. */
export const MLP_WIDE_INPUT = 256;

let instanceCounter = 0;

/** A trainable variable holding `initial`'s values; `initial` is disposed (the variable owns the data). */
function ownedVariable<R extends tf.Rank>(initial: tf.Tensor<R>, name: string): tf.Variable<R> {
  const v = tf.variable(initial, true, name);
  initial.dispose();
  return v;
}

export class Mlp implements Network, MlpLayers {
  readonly layers: readonly DenseParams[];
  private readonly activations: readonly ActivationName[];
  /** Wᵀ of each layer and the data of the W it was made from (a variable's data changes on assign). */
  private readonly transposedWeights: { source: object; wT: tf.Tensor2D }[];

  private constructor(readonly shape: MlpShape, layers: DenseParams[]) {
    this.layers = layers;
    const n = layers.length;
    this.activations = layers.map((_, i) => (i === n - 1 ? shape.outputActivation : shape.activation));
    // Made now, so that a network always owns one Wᵀ per layer (a constant count of tensors).
    this.transposedWeights = layers.map((l) => ({ source: l.w.dataId, wT: tf.keep(transpose2d(l.w)) }));
  }

  /**
   * A new network with PyTorch's default `nn.Linear` initialization: every weight and bias
   * ~ U(−1/√fan_in, 1/√fan_in), drawn from `rng` (so the same seed gives the same network).
   * `name` prefixes the variables' names (a unique suffix is added: TF.js variable names are global).
   */
  static create(shape: MlpShape, rng: Rng, name: string): Mlp {
    const sizes = [shape.inputDim, ...shape.hidden, shape.outputDim];
    for (const s of sizes) {
      if (!Number.isInteger(s) || s < 1) throw new RangeError(`layer sizes must be positive integers, got ${sizes.join('→')}`);
    }
    const id = `${name}#${instanceCounter++}`;
    const layers: DenseParams[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      const fanIn = sizes[i];
      const fanOut = sizes[i + 1];
      const bound = 1 / Math.sqrt(fanIn);
      const wv = rng.fillUniform(new Float32Array(fanIn * fanOut), -bound, bound);
      const bv = rng.fillUniform(new Float32Array(fanOut), -bound, bound);
      layers.push({
        w: ownedVariable(tf.tensor2d(wv, [fanIn, fanOut]), `${id}/dense${i}/w`),
        b: ownedVariable(tf.tensor1d(bv), `${id}/dense${i}/b`),
      });
    }
    return new Mlp(shape, layers);
  }

  /** The output for a batch x of shape [n, inputDim]: shape [n, outputDim]. */
  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let a = x;
      this.layers.forEach((l, i) => {
        a = denseForward(a, l.w, l.b, this.activations[i]);
      });
      return a;
    });
  }

  /**
   * Wᵀ of layer i, [out, in], made once per version of W and owned by this network (a fresh,
   * differentiable transpose under a gradient tape).
   */
  private weightT(i: number): tf.Tensor2D {
    const w = this.layers[i].w;
    if (gradientTapeActive()) return tf.transpose(w);
    const cached = this.transposedWeights[i];
    if (cached.source === w.dataId) return cached.wT;
    cached.wT.dispose();
    const wT = tf.keep(transpose2d(w));
    this.transposedWeights[i] = { source: w.dataId, wT };
    return wT;
  }

  /**
   * The output and the cache the backward pass needs, feature-major: xT is xᵀ [inputDim, n], the
   * output is [outputDim, n]. The caller owns both (dispose the cache's tensors, except
   * layerOutputsT[0] which is the caller's input, e.g. inside a `tf.tidy`).
   */
  forwardTransposed(xT: tf.Tensor2D): { output: tf.Tensor2D; cache: MlpCacheTransposed } {
    const outs: tf.Tensor2D[] = [xT];
    let a = xT;
    this.layers.forEach((l, i) => {
      const z = tf.matMul(this.weightT(i), a) as tf.Tensor2D;
      a = biasActivation(z, l.b, this.activations[i]);
      if (!gradientTapeActive()) z.dispose();
      outs.push(a);
    });
    return { output: a, cache: { layerOutputsT: outs } };
  }

  /**
   * Backpropagation of `dOutput` = ∂L/∂outputᵀ (shape [outputDim, n], feature-major) through the
   * network. Returns ∂L/∂w ([in, out]) and ∂L/∂b for every layer when `weights` is true, and ∂L/∂xᵀ
   * ([inputDim, n]) when `input` is true. For layer i with input aᵀ, output yᵀ = act(zᵀ), zᵀ = wᵀaᵀ + b:
   * δᵀ = dYᵀ ⊙ act'(yᵀ),  ∂L/∂w = aᵀ·δ,  ∂L/∂b = Σ_columns δᵀ,  ∂L/∂aᵀ = w·δᵀ. δᵀ with ∂L/∂b, and
   * the transposes, are one fused kernel each where the host registered one
   * (../ops/fused-kernels.ts); under a gradient tape they are TF.js ops, so the backward pass stays
   * differentiable.
   */
  backwardTransposed(
    cache: MlpCacheTransposed,
    dOutput: tf.Tensor2D,
    want: { weights: boolean; input: boolean },
  ): { grads?: DenseGrads[]; dInput?: tf.Tensor2D } {
    return this.backwardThrough(cache.layerOutputsT, dOutput, want, 'feature-major');
  }

  /**
   * The output and the cache the backward pass needs, batch-major (x is [n, inputDim]). The caller owns
   * both (dispose the cache's tensors, except layerOutputs[0] which is the caller's input, e.g. inside a
   * `tf.tidy`).
   */
  forwardWithCache(x: tf.Tensor2D): { output: tf.Tensor2D; cache: MlpCache } {
    const fused = fusedMlpForward(x, this.layers, this.activations); // one kernel call where the host has it (mlp-fused.ts)
    if (fused !== undefined) return { output: fused[fused.length - 1], cache: { layerOutputs: [x, ...fused] } };
    const outs: tf.Tensor2D[] = [x];
    let a = x;
    this.layers.forEach((l, i) => {
      a = denseForward(a, l.w, l.b, this.activations[i]);
      outs.push(a);
    });
    return { output: a, cache: { layerOutputs: outs } };
  }

  /**
   * Backpropagation of `dOutput` = ∂L/∂output (shape [n, outputDim]) through the network, batch-major.
   * Returns ∂L/∂w and ∂L/∂b for every layer when `weights` is true, and ∂L/∂input when `input` is true.
   * For layer i with input a, output y = act(z), z = a·w + b:  δ = dY ⊙ act'(y),  ∂L/∂w = aᵀ·δ,
   * ∂L/∂b = Σ_rows δ,  ∂L/∂a = δ·wᵀ (wᵀ cached per version of w, so the matrix product packs it once).
   * δ with ∂L/∂b, and the transposes, are one fused kernel each where the host registered one
   * (../ops/fused-kernels.ts); under a gradient tape they are TF.js ops, so the backward pass stays
   * differentiable. Training uses this or {@link backwardTransposed}, whichever layout is faster.
   */
  backward(
    cache: MlpCache | unknown,
    dOutput: tf.Tensor2D,
    want: { weights: boolean; input: boolean },
  ): { grads?: DenseGrads[]; dInput?: tf.Tensor2D } {
    const { layerOutputs } = cache as MlpCache;
    return fusedMlpBackward(layerOutputs, this.layers, this.activations, dOutput, want) ?? this.backwardThrough(layerOutputs, dOutput, want, 'batch-major');
  }

  /**
   * The backward pass of {@link backward} (batch-major: `outputs` are the layers' inputs and outputs
   * [n, k]) and of {@link backwardTransposed} (feature-major: their transposes [k, n]); only the
   * products' operand order differs between the two.
   */
  private backwardThrough(
    outputs: readonly tf.Tensor2D[],
    dOutput: tf.Tensor2D,
    want: { weights: boolean; input: boolean },
    layout: BatchLayout,
  ): { grads?: DenseGrads[]; dInput?: tf.Tensor2D } {
    const batchMajor = layout === 'batch-major';
    // Where transposed operands cost nothing (the native engine), no explicit transposes at all.
    const direct = transposedProductsFast() && dOutput.dtype === 'float32';
    const grads: DenseGrads[] = new Array(this.layers.length);
    let dA = dOutput;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const { delta, biasGrad } = denseDelta(dA, outputs[i + 1], this.activations[i], layout);
      if (want.weights) {
        const w: tf.Tensor2D = direct
          ? transposedProduct(outputs[i], delta, batchMajor, !batchMajor)
          : batchMajor
            ? (tf.matMul(transpose2d(outputs[i]), delta) as tf.Tensor2D)
            : (tf.matMul(outputs[i], transpose2d(delta)) as tf.Tensor2D);
        grads[i] = { w, b: biasGrad };
      } else {
        biasGrad.dispose();
      }
      if (i > 0 || want.input) {
        if (!batchMajor) dA = tf.matMul(this.layers[i].w, delta);
        else dA = direct ? transposedProduct(delta, this.layers[i].w, false, true) : tf.matMul(delta, this.weightT(i));
      }
    }
    return { grads: want.weights ? grads : undefined, dInput: want.input ? dA : undefined };
  }

  /**
   * What an MLP can do (./network.ts): double backpropagation for E9's penalties (./input-gradient.ts),
   * spectral normalization (./spectral-norm.ts), the feature-major passes; samples drawn 4,096 rows at a time.
   */
  get capabilities(): NetworkCapabilities {
    return {
      sampleChunk: 4096,
      lipschitzPoints: this.shape.inputDim >= MLP_WIDE_INPUT ? MLP_LIPSCHITZ_POINTS_WIDE : MLP_LIPSCHITZ_POINTS,
      doubleBackprop: {
        inputGradient: (x) => inputGradient(this, x),
        paramGrads: (ig, gBar) => Mlp.flatGradients(inputGradientParamGrads(this, ig as ReturnType<typeof inputGradient>, gBar)),
      },
      spectralNorm: (rng) => new SpectralNorm(this, rng),
      featureMajor: {
        layerSizes: [this.shape.inputDim, ...this.shape.hidden, this.shape.outputDim],
        forward: (xT) => this.forwardTransposed(xT),
        backward: (cache, dOutputT, want) => this.backwardTransposed(cache as MlpCacheTransposed, dOutputT, want),
      },
    };
  }

  /** The gradients of {@link backward} flattened in the order of {@link parameters} (./network.ts). */
  flatGradients(grads: unknown): tf.Tensor[] {
    return Mlp.flatGradients(grads as DenseGrads[]);
  }

  /** All trainable variables, in layer order (w0, b0, w1, b1, …). */
  variables(): tf.Variable[] {
    return this.layers.flatMap((l) => [l.w, l.b]);
  }

  /** The trainable variables with positional names (`dense0/w`, `dense0/b`, …), in layer order. */
  parameters(): { name: string; variable: tf.Variable }[] {
    return this.layers.flatMap((l, i) => [
      { name: `dense${i}/w`, variable: l.w as tf.Variable },
      { name: `dense${i}/b`, variable: l.b as tf.Variable },
    ]);
  }

  /** Per-layer gradients flattened in the order of {@link parameters}. */
  static flatGradients(grads: readonly DenseGrads[]): tf.Tensor[] {
    return grads.flatMap((g) => [g.w, g.b]);
  }

  /** Number of trainable scalars. */
  parameterCount(): number {
    return this.layers.reduce((s, l) => s + l.w.size + l.b.size, 0);
  }

  /** A copy of every weight, named by position (`dense0/w`, …), independent of the variable names. */
  getWeights(): NamedWeights[] {
    return this.layers.flatMap((l, i) => [
      { name: `dense${i}/w`, shape: l.w.shape, values: l.w.dataSync() as Float32Array },
      { name: `dense${i}/b`, shape: l.b.shape, values: l.b.dataSync() as Float32Array },
    ]).map((t) => ({ ...t, values: Float32Array.from(t.values) }));
  }

  /** Replaces every weight; names and shapes must match {@link getWeights}'s exactly. */
  setWeights(weights: readonly NamedWeights[]): void {
    const byName = new Map(weights.map((w) => [w.name, w]));
    this.layers.forEach((l, i) => {
      for (const [key, v] of [['w', l.w], ['b', l.b]] as const) {
        const name = `dense${i}/${key}`;
        const src = byName.get(name);
        if (src === undefined) throw new Error(`weights are missing ${name}`);
        if (src.shape.length !== v.shape.length || src.shape.some((d, j) => d !== v.shape[j])) {
          throw new Error(`weights ${name} have shape [${src.shape}] but the network needs [${v.shape}]`);
        }
        tf.tidy(() => v.assign(tf.tensor(src.values, v.shape) as never));
      }
    });
    if (byName.size !== this.layers.length * 2) throw new Error(`weights hold ${byName.size} tensors, the network has ${this.layers.length * 2}`);
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
    for (const t of this.transposedWeights) t.wT.dispose();
  }
}
