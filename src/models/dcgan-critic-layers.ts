/**
 * The DCGAN critic as the helpers that work on its layers see it ({@link DcganCriticLayers}): its double
 * backpropagation (./dcgan-input-gradient.ts) and spectral normalization (./dcgan-spectral-norm.ts), and
 * the cache of its training pass. A file of its own so that ./dcgan-discriminator.ts can offer both
 * helpers while they name its type, without an import cycle; ./dcgan-discriminator.ts re-exports it all.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Conv2d, Conv2dCache } from './conv2d.js';
import type { DcganShape } from './dcgan-shape.js';
import type { MlpCache, MlpLayers } from './mlp-layers.js';

/** What a training pass keeps for the backward pass. */
export interface DcganDiscriminatorCache {
  /** Per convolution; the first one's input is the image part [n, h, w, channels] of the rows. */
  readonly convs: Conv2dCache[];
  readonly dense: MlpCache;
  /** A conditional D's labels [n, classes] and label maps M (./dcgan-label-channels.ts). */
  readonly labels?: { readonly labels: tf.Tensor2D; readonly maps: tf.Tensor4D };
}

/** The DCGAN critic as its helpers see it; `DcganDiscriminator` (./dcgan-discriminator.ts) implements it. */
export interface DcganCriticLayers {
  /** Its shape. */
  readonly shape: DcganShape;
  /** Its stride-2 convolutions, input to output. */
  readonly convs: readonly Conv2d[];
  /** The dense layer from the flattened features to the logit. */
  readonly dense: MlpLayers;
  /** Logits [n, 1] for rows x, with what the backward pass needs. */
  forwardWithCache(x: tf.Tensor2D): { output: tf.Tensor2D; cache: DcganDiscriminatorCache };
  /** The first convolution without bias or activation, for rows x. */
  firstConvolution(x: tf.Tensor2D): tf.Tensor4D;
  /** ∂/∂W₀ of Σ delta ⊙ firstConvolution(x). */
  firstFilterGradient(x: tf.Tensor2D, delta: tf.Tensor4D): tf.Tensor4D;
  /** ∂L/∂rows from ∂L/∂(first convolution's pre-activation) `delta`; `maps`: the label maps of a forward pass, if at hand. */
  firstInputGradient(delta: tf.Tensor4D, maps?: tf.Tensor4D): tf.Tensor2D;
  /** The trainable variables with positional names (`conv0/w`, …, `dense0/b`), in order. */
  parameters(): { name: string; variable: tf.Variable }[];
}
