/**
 * The DCGAN critic's input gradient g = ∇ₓf(x) and the gradient of any function P(g) with respect
 * to every weight, by hand-written double backpropagation (what gradient penalties need, THEORY E9;
 * the MLP's version is ./input-gradient.ts).
 *
 * The critic (./dcgan-discriminator.ts): z_l = A_l a_{l−1} + b_l (stride-2 convolution), a_l = φ(z_l)
 * with φ = leakyRelu, f = w·flatten(a_L) + b. Its input gradient is the backward pass with masks
 * M_l = φ'(z_l) (1 where a_l > 0, else 0.2):
 *   δ_L = M_L ⊙ w,   g_{l−1} = A_lᵀ δ_l,   δ_{l−1} = M_{l−1} ⊙ g_{l−1},   g = g_0.
 * φ is piecewise linear, so the masks are constant almost everywhere (φ'' = 0): g is linear in each
 * W_l and in w, and the biases do not move it. For ḡ = ∂P/∂g, backwards through that chain:
 *   ∂P/∂W_l = conv2dFilterGradient(ḡ_{l−1}, δ_l)   (g_{l−1} = A_lᵀ δ_l is a transposed convolution of δ_l)
 *   δ̄_l = A_l ḡ_{l−1} = conv2d(ḡ_{l−1}, W_l),   ḡ_l = M_l ⊙ δ̄_l,   ∂P/∂w = Σ_n M_L ⊙ δ̄_L,   ∂P/∂b = 0.
 * A conditional critic's first layer A_1 reads [x, label planes]; its three uses here (A_1ᵀ, A_1 and the
 * filter gradient) are the critic's firstInputGradient, firstConvolution and firstFilterGradient, which
 * never build the planes (./dcgan-label-channels.ts). Tests check both against central finite differences.
 */
import * as tf from '@tensorflow/tfjs-core';
import { conv2dFilterGradient } from './conv2d-gradients.js';
import type { DcganCriticLayers } from './dcgan-critic-layers.js';
import { transposedConv2d } from './dcgan-transposed-conv.js';
import { LEAKY_RELU_ALPHA } from './activations.js';

/** g = ∇ₓf for every row, and what {@link dcganInputGradientParamGrads} needs. */
export interface DcganInputGradient {
  /** ∇ₓf(x_i) for every row, [n, inputs] like x. */
  readonly gradient: tf.Tensor2D;
  /** M_l = φ'(z_l), l = 1 … L. */
  readonly masks: tf.Tensor4D[];
  /** δ_l, l = 1 … L. */
  readonly deltas: tf.Tensor4D[];
}

/** The critic's input gradient at the rows of x (new tensors, owned by the caller). */
export function dcganInputGradient(critic: DcganCriticLayers, x: tf.Tensor2D): DcganInputGradient {
  if (critic.convs.some((c) => c.activation !== 'leakyRelu' && c.activation !== 'relu')) throw new RangeError('dcganInputGradient needs piecewise-linear activations');
  return tf.tidy(() => {
    const { cache } = critic.forwardWithCache(x);
    const masks = cache.convs.map((c, i) => tf.step(c.output, critic.convs[i].activation === 'leakyRelu' ? LEAKY_RELU_ALPHA : 0) as tf.Tensor4D);
    const L = masks.length;
    const w = critic.dense.layers[0].w;
    const last = masks[L - 1];
    const deltas: tf.Tensor4D[] = new Array(L);
    deltas[L - 1] = tf.mul(last, tf.reshape(w, [1, ...last.shape.slice(1)]));
    for (let l = L - 1; l > 0; l--) deltas[l - 1] = tf.mul(masks[l - 1], transposedConv2d(deltas[l], critic.convs[l].w, 2));
    return { gradient: critic.firstInputGradient(deltas[0], cache.labels?.maps), masks, deltas };
  });
}

/**
 * ∂P/∂θ for ḡ = ∂P/∂g ([n, inputs], the same shape as `ig.gradient`), in the order of
 * `critic.parameters()` (new tensors; the biases' are zeros).
 */
export function dcganInputGradientParamGrads(critic: DcganCriticLayers, ig: DcganInputGradient, gBar: tf.Tensor2D): tf.Tensor[] {
  return tf.tidy(() => {
    const L = ig.masks.length;
    const k = critic.shape.kernelSize;
    // Layer 1 takes ḡ_0 = ḡ as rows (a conditional critic's label entries as constant planes).
    const convGrads: tf.Tensor[] = [critic.firstFilterGradient(gBar, ig.deltas[0]), tf.zerosLike(critic.convs[0].b)];
    let deltaBar = critic.firstConvolution(gBar);
    for (let l = 1; l < L; l++) {
      const bar = tf.mul(ig.masks[l - 1], deltaBar) as tf.Tensor4D; // ḡ_l
      const conv = critic.convs[l];
      convGrads.push(conv2dFilterGradient(bar, ig.deltas[l], [k, k], 2, 'same'), tf.zerosLike(conv.b));
      deltaBar = tf.conv2d(bar, conv.w, 2, 'same');
    }
    const n = gBar.shape[0];
    const wGrad = tf.reshape(tf.sum(tf.reshape(tf.mul(ig.masks[L - 1], deltaBar), [n, -1]), 0), [-1, 1]);
    return [...convGrads, wGrad, tf.zerosLike(critic.dense.layers[0].b)];
  });
}
