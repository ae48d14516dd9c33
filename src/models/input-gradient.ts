/**
 * The input gradient ∇ₓf(x) of a scalar MLP and its derivative with respect to the weights, both
 * written by hand ("double backpropagation"), for gradient penalties (THEORY E9).
 *
 * Why by hand: TF.js 4.22's second-order gradients are wrong for tanh, sigmoid, elu and throw for
 * leakyRelu (checked against float64 references). Here nothing is differentiated twice by a framework.
 *
 * Notation (row vectors, one row per sample): a₀ = x, zₗ = aₗ₋₁Wₗ + bₗ, aₗ = σ(zₗ) for hidden layers,
 * f = a_{L−1}W_L + b_L (linear output). sₗ = σ'(zₗ).
 *   Backward (the input gradient):  δ_L = 1,  dₗ₋₁ = δₗWₗᵀ,  δₗ₋₁ = dₗ₋₁ ⊙ sₗ₋₁,  g = ∇ₓf = d₀.
 *   Its adjoint, given ḡ = ∂P/∂g:  d̄₀ = ḡ;  for l = 1…L: δ̄ₗ = d̄ₗ₋₁Wₗ, W̄ₗ += d̄ₗ₋₁ᵀδₗ, and for hidden l:
 *   d̄ₗ = δ̄ₗ ⊙ sₗ and an injected z̄ₗ = δ̄ₗ ⊙ dₗ ⊙ σ''(zₗ). The injected z̄ₗ then flow back through the
 *   forward pass like ordinary gradients: totalₗ = z̄ₗ + (totalₗ₊₁Wₗ₊₁ᵀ) ⊙ sₗ, W̄ₗ += aₗ₋₁ᵀ totalₗ,
 *   b̄ₗ += Σ_rows totalₗ. The output bias b_L gets no gradient (g does not depend on it).
 */
import * as tf from '@tensorflow/tfjs-core';
import { activationDerivative } from './activations.js';
import { activationSecondDerivative } from './activation-second-derivative.js';
import type { DenseGrads, MlpLayers } from './mlp-layers.js';

/** ∇ₓf for every row of x and what {@link inputGradientParamGrads} needs. Tensors owned by the caller. */
export interface InputGradient {
  /** g = ∇ₓf(x), shape [n, inputDim]. */
  readonly gradient: tf.Tensor2D;
  /** a₀ = x, a₁, …, a_{L−1} (hidden outputs). */
  readonly activations: readonly tf.Tensor2D[];
  /** s₁ … s_{L−1}: σ'(zₗ) of each hidden layer (index l − 1). */
  readonly slopes: readonly tf.Tensor2D[];
  /** δ₁ … δ_L (index l − 1), δ_L = 1. */
  readonly deltas: readonly tf.Tensor2D[];
  /** d₀ … d_{L−1} (index l), d₀ = g. */
  readonly ds: readonly tf.Tensor2D[];
}

function assertScalarCritic(net: MlpLayers): void {
  if (net.shape.outputDim !== 1 || net.shape.outputActivation !== 'linear') {
    throw new Error('input gradients need a critic with one linear output');
  }
}

/** g = ∇ₓf(x) per row for a one-output MLP with a linear output layer (see the file comment). */
export function inputGradient(net: MlpLayers, x: tf.Tensor2D): InputGradient {
  assertScalarCritic(net);
  const L = net.layers.length;
  const act = net.shape.activation;
  const { cache } = net.forwardWithCache(x);
  const activations = cache.layerOutputs.slice(0, L); // a₀ … a_{L−1}
  const slopes = activations.slice(1).map((a) => activationDerivative(a, act));
  const n = x.shape[0];
  const deltas: tf.Tensor2D[] = new Array(L);
  const ds: tf.Tensor2D[] = new Array(L);
  deltas[L - 1] = tf.ones([n, 1]);
  for (let l = L; l >= 1; l--) {
    ds[l - 1] = tf.matMul(deltas[l - 1], tf.transpose(net.layers[l - 1].w));
    if (l - 1 >= 1) deltas[l - 2] = tf.mul(ds[l - 1], slopes[l - 2]);
  }
  return { gradient: ds[0], activations, slopes, deltas, ds };
}

/**
 * ∂P/∂(every weight) for a penalty P(g) of the input gradient, given ḡ = ∂P/∂g (shape of g).
 * Returns one {w, b} per layer (see the file comment for the formulas).
 */
export function inputGradientParamGrads(net: MlpLayers, ig: InputGradient, gBar: tf.Tensor2D): DenseGrads[] {
  const L = net.layers.length;
  const act = net.shape.activation;
  const wBar: tf.Tensor2D[] = new Array(L);
  const injected: (tf.Tensor2D | null)[] = new Array(L).fill(null); // z̄ₗ for hidden l at index l − 1
  let dBar = gBar; // d̄ₗ₋₁
  for (let l = 1; l <= L; l++) {
    const w = net.layers[l - 1].w;
    const deltaBar = tf.matMul(dBar, w) as tf.Tensor2D; // δ̄ₗ
    wBar[l - 1] = tf.matMul(tf.transpose(dBar), ig.deltas[l - 1]);
    if (l < L) {
      const s = ig.slopes[l - 1];
      const y = ig.activations[l];
      const second = activationSecondDerivative(y, act);
      if (second !== null) injected[l - 1] = tf.mul(tf.mul(deltaBar, ig.ds[l]), second) as tf.Tensor2D;
      dBar = tf.mul(deltaBar, s);
    }
  }
  const bBar: tf.Tensor1D[] = new Array(L);
  bBar[L - 1] = tf.zeros([1]);
  let upstream: tf.Tensor2D | null = null; // totalₗ₊₁ Wₗ₊₁ᵀ
  for (let l = L - 1; l >= 1; l--) {
    let total: tf.Tensor2D | null = injected[l - 1];
    if (upstream !== null) {
      const viaForward = tf.mul(upstream, ig.slopes[l - 1]) as tf.Tensor2D;
      total = total === null ? viaForward : (tf.add(total, viaForward) as tf.Tensor2D);
    }
    if (total === null) {
      bBar[l - 1] = tf.zeros([net.layers[l - 1].b.shape[0]]);
      upstream = null;
      continue;
    }
    wBar[l - 1] = tf.add(wBar[l - 1], tf.matMul(tf.transpose(ig.activations[l - 1]), total)) as tf.Tensor2D;
    bBar[l - 1] = tf.sum(total, 0);
    upstream = l > 1 ? (tf.matMul(total, tf.transpose(net.layers[l - 1].w)) as tf.Tensor2D) : null;
  }
  return wBar.map((w, i) => ({ w, b: bBar[i] }));
}
