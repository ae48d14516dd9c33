/**
 * A residual MLP (`--model resmlp`): an input layer to width w, then residual blocks, then an output
 * layer. For x [n, inputDim]:
 *
 *   a₀ = act(x·W_in + b_in);   a_{j+1} = a_j + (act(a_j·W1_j + b1_j)·W2_j + b2_j)  (j = 0 … B−1);
 *   output = outAct(a_B·W_out + b_out)
 *
 * Each block adds a correction to its input (He et al. 2016's identity shortcut, here without
 * normalization), so a deep stack starts close to a shallow one and its gradients reach the first
 * layers undiminished. It is tsgan's example of adding a model through the registry alone
 * (../training/models.ts): it implements {@link Network} with a hand-written backward pass and declares
 * only the basic capabilities — no double backpropagation (so no gradient penalty: clip the weights
 * for a WGAN), no spectral normalization, batch-major passes only.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import { type ActivationName, denseForward } from './activations.js';
import { denseDelta } from './dense-ops.js';
import { MLP_LIPSCHITZ_POINTS, MLP_LIPSCHITZ_POINTS_WIDE, MLP_WIDE_INPUT } from './mlp.js';
import type { NamedWeights } from './named-weights.js';
import type { Network, NetworkCapabilities } from './network.js';

/** Shape of a residual MLP: inputDim → width → `blocks` residual blocks of that width → outputDim. */
export interface ResidualMlpShape {
  readonly inputDim: number;
  readonly width: number;
  readonly blocks: number;
  readonly outputDim: number;
  /** The activation of the input layer and inside every block. */
  readonly activation: ActivationName;
  /** The output layer's activation ('linear' for logits, 'tanh' for images in [−1, 1]). */
  readonly outputActivation: ActivationName;
}

interface Dense {
  readonly w: tf.Variable<tf.Rank.R2>;
  readonly b: tf.Variable<tf.Rank.R1>;
}

/** What the training pass keeps: the input, a₀, each block's input and inner activation, and the output. */
export interface ResidualCache {
  readonly x: tf.Tensor2D;
  /** a₀ … a_B. */
  readonly a: readonly tf.Tensor2D[];
  /** act(a_j·W1_j + b1_j) for each block j. */
  readonly u: readonly tf.Tensor2D[];
  readonly output: tf.Tensor2D;
}

let instanceCounter = 0;

/** A dense layer [fanIn → fanOut] with PyTorch's nn.Linear initialization U(±1/√fanIn), from `rng`. */
function dense(fanIn: number, fanOut: number, rng: Rng, name: string): Dense {
  const bound = 1 / Math.sqrt(fanIn);
  const w = tf.tensor2d(rng.fillUniform(new Float32Array(fanIn * fanOut), -bound, bound), [fanIn, fanOut]);
  const b = tf.tensor1d(rng.fillUniform(new Float32Array(fanOut), -bound, bound));
  const layer = { w: tf.variable(w, true, `${name}/w`) as tf.Variable<tf.Rank.R2>, b: tf.variable(b, true, `${name}/b`) as tf.Variable<tf.Rank.R1> };
  w.dispose();
  b.dispose();
  return layer;
}

export class ResidualMlp implements Network {
  private constructor(
    readonly shape: ResidualMlpShape,
    private readonly input: Dense,
    private readonly blocks: readonly { readonly inner: Dense; readonly outer: Dense }[],
    private readonly out: Dense,
  ) {}

  /**
   * A new network, every layer initialized like PyTorch's nn.Linear from `rng` (in the order input,
   * block 0 inner, block 0 outer, …, output). `name` prefixes the variables' names.
   */
  static create(shape: ResidualMlpShape, rng: Rng, name: string): ResidualMlp {
    for (const [k, v] of Object.entries({ inputDim: shape.inputDim, width: shape.width, outputDim: shape.outputDim })) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`a residual MLP's ${k} must be a positive integer, got ${v}`);
    }
    if (!Number.isInteger(shape.blocks) || shape.blocks < 0) throw new RangeError(`a residual MLP's blocks must be a whole number ≥ 0, got ${shape.blocks}`);
    const id = `${name}#resmlp${instanceCounter++}`;
    const input = dense(shape.inputDim, shape.width, rng, `${id}/in`);
    const blocks = Array.from({ length: shape.blocks }, (_, j) => ({
      inner: dense(shape.width, shape.width, rng, `${id}/block${j}/inner`),
      outer: dense(shape.width, shape.width, rng, `${id}/block${j}/outer`),
    }));
    return new ResidualMlp(shape, input, blocks, dense(shape.width, shape.outputDim, rng, `${id}/out`));
  }

  /** Every dense layer with its positional name, in parameter order. */
  private layers(): { name: string; layer: Dense }[] {
    return [
      { name: 'in', layer: this.input },
      ...this.blocks.flatMap((b, j) => [
        { name: `block${j}/inner`, layer: b.inner },
        { name: `block${j}/outer`, layer: b.outer },
      ]),
      { name: 'out', layer: this.out },
    ];
  }

  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.forwardWithCache(x).output);
  }

  forwardWithCache(x: tf.Tensor2D): { output: tf.Tensor2D; cache: ResidualCache } {
    const act = this.shape.activation;
    const a: tf.Tensor2D[] = [denseForward(x, this.input.w, this.input.b, act)];
    const u: tf.Tensor2D[] = [];
    for (const { inner, outer } of this.blocks) {
      const prev = a[a.length - 1];
      const inside = denseForward(prev, inner.w, inner.b, act);
      u.push(inside);
      const correction = denseForward(inside, outer.w, outer.b, 'linear');
      a.push(tf.add(prev, correction) as tf.Tensor2D);
      correction.dispose();
    }
    const output = denseForward(a[a.length - 1], this.out.w, this.out.b, this.shape.outputActivation);
    return { output, cache: { x, a, u, output } };
  }

  /**
   * Backpropagation of dOutput = ∂L/∂output [n, outputDim]. With δ = ∂L/∂(pre-activation) of a layer
   * (denseDelta), ∂L/∂W = inputᵀ·δ, ∂L/∂b = Σ_rows δ, and through a block a_{j+1} = a_j + r_j:
   * ∂L/∂a_j = ∂L/∂a_{j+1} + δ1_j·W1_jᵀ, where ∂L/∂r_j = ∂L/∂a_{j+1} flows into the outer layer
   * (linear) and δ1_j = (∂L/∂r_j·W2_jᵀ) ⊙ act'(u_j). Gradients in parameter order.
   */
  backward(cache: unknown, dOutput: tf.Tensor2D, want: { weights: boolean; input: boolean }): { grads?: tf.Tensor[]; dInput?: tf.Tensor2D } {
    const c = cache as ResidualCache;
    const act = this.shape.activation;
    const grads: tf.Tensor[][] = [];
    const weightGrad = (input: tf.Tensor2D, delta: tf.Tensor2D, bias: tf.Tensor1D): void => {
      if (want.weights) grads.unshift([tf.matMul(input, delta, true, false), bias]);
      else bias.dispose();
    };
    const last = c.a[c.a.length - 1];
    const o = denseDelta(dOutput, c.output, this.shape.outputActivation, 'batch-major');
    weightGrad(last, o.delta, o.biasGrad);
    let dA = tf.matMul(o.delta, this.out.w, false, true) as tf.Tensor2D;
    for (let j = this.blocks.length - 1; j >= 0; j--) {
      const { inner, outer } = this.blocks[j];
      // outer layer (linear): δ = ∂L/∂r_j = dA
      weightGrad(c.u[j], dA, tf.sum(dA, 0) as tf.Tensor1D);
      const dU = tf.matMul(dA, outer.w, false, true) as tf.Tensor2D;
      const d1 = denseDelta(dU, c.u[j], act, 'batch-major');
      weightGrad(c.a[j], d1.delta, d1.biasGrad);
      dA = tf.add(dA, tf.matMul(d1.delta, inner.w, false, true)) as tf.Tensor2D;
    }
    const d0 = denseDelta(dA, c.a[0], act, 'batch-major');
    weightGrad(c.x, d0.delta, d0.biasGrad);
    const dInput = want.input ? (tf.matMul(d0.delta, this.input.w, false, true) as tf.Tensor2D) : undefined;
    return { grads: want.weights ? grads.flat() : undefined, dInput };
  }

  /** The gradients of {@link backward}, already flat in the order of {@link parameters}. */
  flatGradients(grads: unknown): tf.Tensor[] {
    return grads as tf.Tensor[];
  }

  /** Its passes only: samples 4,096 rows at a time; Lipschitz points as for an MLP of this input width. */
  get capabilities(): NetworkCapabilities {
    return { sampleChunk: 4096, lipschitzPoints: this.shape.inputDim >= MLP_WIDE_INPUT ? MLP_LIPSCHITZ_POINTS_WIDE : MLP_LIPSCHITZ_POINTS };
  }

  /** `in/w`, `in/b`, `block0/inner/w`, …, `out/b`. */
  parameters(): { name: string; variable: tf.Variable }[] {
    return this.layers().flatMap(({ name, layer }) => [
      { name: `${name}/w`, variable: layer.w as tf.Variable },
      { name: `${name}/b`, variable: layer.b as tf.Variable },
    ]);
  }

  getWeights(): NamedWeights[] {
    return this.parameters().map(({ name, variable }) => ({ name, shape: variable.shape, values: Float32Array.from(variable.dataSync() as Float32Array) }));
  }

  setWeights(weights: readonly NamedWeights[]): void {
    const byName = new Map(weights.map((w) => [w.name, w]));
    const params = this.parameters();
    for (const { name, variable } of params) {
      const src = byName.get(name);
      if (src === undefined) throw new Error(`weights are missing ${name}`);
      if (src.shape.length !== variable.shape.length || src.shape.some((d, i) => d !== variable.shape[i])) {
        throw new Error(`weights ${name} have shape [${src.shape}] but the network needs [${variable.shape}]`);
      }
    }
    if (byName.size !== params.length) throw new Error(`weights hold ${byName.size} tensors, the network has ${params.length}`);
    for (const { name, variable } of params) tf.tidy(() => variable.assign(tf.tensor(byName.get(name)!.values, variable.shape)));
  }

  dispose(): void {
    for (const { variable } of this.parameters()) variable.dispose();
  }
}
