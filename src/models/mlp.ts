/**
 * A multilayer perceptron with an explicit, hand-written backward pass.
 *
 * Why not `tf.grad`: on the wasm backend the transposed matMuls that TF.js's built-in matMul gradient
 * uses run 10–25× slower than plain ones (../shared/FACTS.md), and its double backprop is wrong for most
 * activations. Here the backward pass uses `tf.transpose` + plain `tf.matMul` only, and it is ordinary
 * differentiable ops, so a gradient penalty can differentiate it once more. Tests check it against
 * `tf.grads` of the forward pass.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import { type ActivationName, activationDerivative, denseForward } from './activations.js';

/** Shape of an MLP: inputDim → hidden[0] → … → hidden[h−1] → outputDim. */
export interface MlpShape {
  readonly inputDim: number;
  readonly hidden: readonly number[];
  readonly outputDim: number;
  /** Activation after every hidden layer. */
  readonly activation: ActivationName;
  /** Activation of the output layer ('linear' for logits, 'tanh' for images in [−1, 1]). */
  readonly outputActivation: ActivationName;
}

/** One dense layer's parameters: y = act(x·w + b), w of shape [in, out]. */
export interface DenseParams {
  readonly w: tf.Variable<tf.Rank.R2>;
  readonly b: tf.Variable<tf.Rank.R1>;
}

/** Gradients of one dense layer's parameters. */
export interface DenseGrads {
  readonly w: tf.Tensor2D;
  readonly b: tf.Tensor1D;
}

/** What the forward pass keeps for the backward pass: the input and every layer's output. */
export interface MlpCache {
  /** layerOutputs[0] is the input; layerOutputs[i + 1] is the output of layer i. */
  readonly layerOutputs: readonly tf.Tensor2D[];
}

/** A weight tensor by name, as stored in checkpoints. */
export interface NamedWeights {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

let instanceCounter = 0;

export class Mlp {
  readonly layers: readonly DenseParams[];
  private readonly activations: readonly ActivationName[];

  private constructor(readonly shape: MlpShape, layers: DenseParams[]) {
    this.layers = layers;
    const n = layers.length;
    this.activations = layers.map((_, i) => (i === n - 1 ? shape.outputActivation : shape.activation));
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
        w: tf.variable(tf.tensor2d(wv, [fanIn, fanOut]), true, `${id}/dense${i}/w`),
        b: tf.variable(tf.tensor1d(bv), true, `${id}/dense${i}/b`),
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
   * The output and the cache the backward pass needs. The caller owns both (dispose the cache's
   * tensors, except layerOutputs[0] which is the caller's input, e.g. inside a `tf.tidy`).
   */
  forwardWithCache(x: tf.Tensor2D): { output: tf.Tensor2D; cache: MlpCache } {
    const outs: tf.Tensor2D[] = [x];
    let a = x;
    this.layers.forEach((l, i) => {
      a = denseForward(a, l.w, l.b, this.activations[i]);
      outs.push(a);
    });
    return { output: a, cache: { layerOutputs: outs } };
  }

  /**
   * Backpropagation of `dOutput` = ∂L/∂output (shape [n, outputDim]) through the network.
   * Returns ∂L/∂w and ∂L/∂b for every layer when `weights` is true, and ∂L/∂input when `input` is true.
   * For layer i with input a, output y = act(z), z = a·w + b:  δ = dY ⊙ act'(y),  ∂L/∂w = aᵀ·δ,
   * ∂L/∂b = Σ_rows δ,  ∂L/∂a = δ·wᵀ.
   */
  backward(
    cache: MlpCache,
    dOutput: tf.Tensor2D,
    want: { weights: boolean; input: boolean },
  ): { grads?: DenseGrads[]; dInput?: tf.Tensor2D } {
    const grads: DenseGrads[] = new Array(this.layers.length);
    let dA = dOutput;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const act = this.activations[i];
      const y = cache.layerOutputs[i + 1];
      const delta: tf.Tensor2D = act === 'linear' ? dA : tf.mul(dA, activationDerivative(y, act));
      if (want.weights) {
        const a = cache.layerOutputs[i];
        grads[i] = { w: tf.matMul(tf.transpose(a), delta), b: tf.sum(delta, 0) };
      }
      if (i > 0 || want.input) {
        dA = tf.matMul(delta, tf.transpose(this.layers[i].w));
      }
    }
    return { grads: want.weights ? grads : undefined, dInput: want.input ? dA : undefined };
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
  }
}
