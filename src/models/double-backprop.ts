/**
 * How a penalty on a critic's input gradient (THEORY E9: WGAN-GP, R1) reaches the critic's weights:
 * the input gradient at rows x (g = ∇ₓf, [n, inputs], and whatever the second pass needs), and ∂P/∂θ
 * from ḡ = ∂P/∂g by double backpropagation. A network that has it offers it as a capability
 * (./network.ts); the MLP's is ./input-gradient.ts, the DCGAN critic's ./dcgan-input-gradient.ts.
 */
import type * as tf from '@tensorflow/tfjs-core';

export interface DoubleBackprop<IG extends { readonly gradient: tf.Tensor2D }, Grads> {
  inputGradient(x: tf.Tensor2D): IG;
  paramGrads(ig: IG, gBar: tf.Tensor2D): Grads;
}
