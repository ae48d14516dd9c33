/**
 * The DCGAN generator (Radford, Metz & Chintala 2016, Fig. 1 and §3), with a hand-written backward:
 *
 *   z [n, noiseDim (+ classes: a one-hot label)] → dense → reshape [h₀, w₀, C₀] → BN → ReLU → transposed conv ×2 → [2h₀, 2w₀, C₁]
 *     → BN → ReLU → … → transposed conv ×2 → [h, w, channels] (+ bias) → tanh → rows [n, h·w·channels]
 *
 * with L = generatorChannels.length upsamplings, h₀ = h/2^L. Batch norm uses the batch's statistics in
 * training passes and its running statistics in {@link DcganGenerator.forward} (sampling).
 * Deviation: the paper projects z with a dense layer "reshaped into a 4-dimensional tensor" and uses no
 * bias before batch norm; here the dense layer keeps its bias (one per unit, which batch norm does not
 * cancel), the transposed convolutions before a batch norm have none. Weights ~ N(0, 0.02²), biases 0.
 * Parameters: `dense0/w`, `dense0/b`, `bn<i>/gamma`, `bn<i>/beta`, `deconv<i>/w` (…, `deconv<L−1>/b`);
 * the saved weights add `bn<i>/runningMean`, `bn<i>/runningVar`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import { BatchNorm, type BatchNormCache } from './batch-norm.js';
import { TransposedConv2d } from './dcgan-transposed-conv.js';
import { checkDcganShape, dcganInitialWeights, type DcganShape } from './dcgan-shape.js';
import { Mlp, type MlpCache, type NamedWeights } from './mlp.js';
import type { Network, NetworkCapabilities } from './network.js';
import { CONV_LIPSCHITZ_POINTS, DCGAN_SAMPLE_CHUNK } from './dcgan-discriminator.js';

/** What a training pass keeps for the backward pass. */
export interface DcganGeneratorCache {
  readonly dense: MlpCache;
  /** Per stage: batch norm's cache and the ReLU's output (the transposed convolution's input). */
  readonly stages: { bn: BatchNormCache; activated: tf.Tensor4D }[];
  /** The tanh output, [n, h, w, channels]. */
  readonly image: tf.Tensor4D;
}

export class DcganGenerator implements Network {
  readonly dense: Mlp;
  readonly norms: readonly BatchNorm[];
  readonly deconvs: readonly TransposedConv2d[];
  /** The dense layer's output as an image, of shape [h₀, w₀, C₀]. */
  private readonly start: [number, number, number];

  private constructor(readonly shape: DcganShape, dense: Mlp, norms: BatchNorm[], deconvs: TransposedConv2d[]) {
    this.dense = dense;
    this.norms = norms;
    this.deconvs = deconvs;
    const f = 2 ** shape.generatorChannels.length;
    this.start = [shape.height / f, shape.width / f, shape.generatorChannels[0]];
  }

  /** A new generator, weights ~ N(0, 0.02²) from `rng` (so the same seed gives the same network). */
  static create(shape: DcganShape, rng: Rng, name = 'generator'): DcganGenerator {
    const stages = shape.generatorChannels.length;
    if (stages < 1) throw new RangeError('a DCGAN generator needs at least one channel width');
    checkDcganShape(shape, stages);
    const f = 2 ** stages;
    const units = (shape.height / f) * (shape.width / f) * shape.generatorChannels[0];
    const inputDim = shape.noiseDim + (shape.classes ?? 0);
    const dense = Mlp.create({ inputDim, hidden: [], outputDim: units, activation: 'linear', outputActivation: 'linear' }, rng, `${name}/dense`);
    const l = dense.layers[0];
    tf.tidy(() => {
      l.w.assign(tf.tensor2d(dcganInitialWeights(rng, inputDim * units), [inputDim, units]));
      l.b.assign(tf.zeros([units]));
    });
    const k = shape.kernelSize;
    const norms: BatchNorm[] = [];
    const deconvs: TransposedConv2d[] = [];
    shape.generatorChannels.forEach((c, i) => {
      const o = i + 1 < stages ? shape.generatorChannels[i + 1] : shape.channels;
      const last = i + 1 === stages;
      norms.push(BatchNorm.create(c, `${name}/bn${i}`));
      deconvs.push(TransposedConv2d.create({ inChannels: c, outChannels: o, kernelSize: k, stride: 2, bias: last }, dcganInitialWeights(rng, k * k * c * o), `${name}/deconv${i}`));
    });
    return new DcganGenerator(shape, dense, norms, deconvs);
  }

  private reshapeStart(a: tf.Tensor2D): tf.Tensor4D {
    return tf.reshape(a, [a.shape[0], ...this.start]);
  }

  /** Sampling: images as rows [n, h·w·channels] in [−1, 1] for z [n, noiseDim], batch norm with running statistics. */
  forward(z: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let a = this.reshapeStart(this.dense.forward(z));
      this.deconvs.forEach((d, i) => {
        a = d.forward(tf.relu(this.norms[i].forward(a)));
      });
      return tf.reshape(tf.tanh(a), [z.shape[0], -1]) as tf.Tensor2D;
    });
  }

  /** A training pass (batch statistics; moves the running ones) and its cache. */
  forwardWithCache(z: tf.Tensor2D): { output: tf.Tensor2D; cache: DcganGeneratorCache } {
    const { output: d0, cache: dense } = this.dense.forwardWithCache(z);
    let a = this.reshapeStart(d0);
    const stages: DcganGeneratorCache['stages'][number][] = [];
    this.deconvs.forEach((d, i) => {
      const { output: activated, cache: bn } = this.norms[i].forwardWithCache(a, 'relu');
      stages.push({ bn, activated });
      a = d.forward(activated);
    });
    const image = tf.tanh(a);
    return { output: tf.reshape(image, [z.shape[0], -1]), cache: { dense, stages, image } };
  }

  /**
   * Backpropagation of ∂L/∂output [n, h·w·channels]: gradients in the order of {@link parameters}
   * when `weights` is true, ∂L/∂z when `input` is true (new tensors).
   */
  backward(cache: DcganGeneratorCache, dOutput: tf.Tensor2D, want: { weights: boolean; input: boolean }): { grads?: tf.Tensor[]; dInput?: tf.Tensor2D } {
    // tanh' = 1 − y²
    let delta: tf.Tensor4D = tf.tidy(() => tf.mul(tf.reshape(dOutput, cache.image.shape), tf.sub(1, tf.square(cache.image))));
    const stageGrads: tf.Tensor[][] = [];
    for (let i = this.deconvs.length - 1; i >= 0; i--) {
      const s = cache.stages[i];
      const { grads: dg, dInput: dActivated } = this.deconvs[i].backward(s.activated, delta, { weights: want.weights, input: true });
      // through the ReLU (relu' = 1[y > 0], from its output) and the batch norm
      const { grads: bg, dInput } = this.norms[i].backward(s.bn, dActivated!, { weights: want.weights, input: true }, s.activated);
      if (want.weights) stageGrads[i] = [bg!.gamma, bg!.beta, dg!.w, ...(dg!.b === undefined ? [] : [dg!.b])];
      delta = dInput!;
    }
    const { grads: denseGrads, dInput } = this.dense.backward(cache.dense, tf.reshape(delta, [delta.shape[0], -1]), want);
    return { grads: want.weights ? [...Mlp.flatGradients(denseGrads!), ...stageGrads.flat()] : undefined, dInput };
  }

  /** What a DCGAN generator can do (./network.ts): only its passes; samples drawn a few hundred at a time. */
  get capabilities(): NetworkCapabilities {
    return { sampleChunk: DCGAN_SAMPLE_CHUNK, lipschitzPoints: CONV_LIPSCHITZ_POINTS };
  }

  /** The gradients of {@link backward}, already flat in the order of {@link parameters}. */
  flatGradients(grads: unknown): tf.Tensor[] {
    return grads as tf.Tensor[];
  }

  parameters(): { name: string; variable: tf.Variable }[] {
    return [...this.dense.parameters(), ...this.deconvs.flatMap((d, i) => [...this.norms[i].parameters(`bn${i}`), ...d.parameters(`deconv${i}`)])];
  }

  getWeights(): NamedWeights[] {
    return [...this.dense.getWeights(), ...this.deconvs.flatMap((d, i) => [...this.norms[i].getWeights(`bn${i}`), ...d.getWeights(`deconv${i}`)])];
  }

  setWeights(weights: readonly NamedWeights[]): void {
    const expected = this.parameters().length + 2 * this.norms.length; // + running statistics
    if (weights.length !== expected) throw new Error(`weights hold ${weights.length} tensors, the DCGAN generator has ${expected}`);
    this.dense.setWeights(weights.filter((w) => w.name.startsWith('dense')));
    this.deconvs.forEach((d, i) => {
      this.norms[i].setWeights(weights, `bn${i}`);
      d.setWeights(weights, `deconv${i}`);
    });
  }

  /** Number of trainable scalars. */
  parameterCount(): number {
    return this.parameters().reduce((s, p) => s + p.variable.size, 0);
  }

  dispose(): void {
    this.dense.dispose();
    for (const n of this.norms) n.dispose();
    for (const d of this.deconvs) d.dispose();
  }
}
