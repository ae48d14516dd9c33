/**
 * The shape of a DCGAN pair (Radford, Metz & Chintala 2016) for images of height × width × channels,
 * and the paper's initialization.
 */
import type { Rng } from '../random/rng.js';

export interface DcganShape {
  readonly height: number;
  readonly width: number;
  /** Channels of the images (1 for MNIST). */
  readonly channels: number;
  /** Dimension of z. */
  readonly noiseDim: number;
  /**
   * The generator's channels before each of its L upsamplings: z → dense → [h/2^L, w/2^L, C₀] →
   * (BN, ReLU, ×2) → [h/2^(L−1), w/2^(L−1), C₁] … → (BN, ReLU, ×2) → [h, w, channels] → tanh.
   */
  readonly generatorChannels: readonly number[];
  /** The discriminator's channels after each of its stride-2 convolutions (leakyRelu 0.2), then dense → 1 logit. */
  readonly discriminatorChannels: readonly number[];
  /** Side of every (transposed) convolution kernel. */
  readonly kernelSize: number;
  /**
   * Classes of a class-conditional pair (Mirza & Osindero 2014), 0 or absent = unconditional: G's input
   * is [z, one-hot label], D's input rows [image, one-hot label], the label entering D as extra constant
   * input channels.
   */
  readonly classes?: number;
}

/** Radford et al. 2016, §4: "All weights were initialized from a zero-centered Normal distribution with standard deviation 0.02." */
export const DCGAN_INIT_STD = 0.02;

/** `size` values ~ N(0, 0.02²) from `rng`. */
export function dcganInitialWeights(rng: Rng, size: number): Float32Array {
  const out = rng.fillNormal(new Float32Array(size));
  for (let i = 0; i < size; i++) out[i] *= DCGAN_INIT_STD;
  return out;
}

/** Throws a one-line RangeError unless the images can be halved `stages` times, and the widths are positive. */
export function checkDcganShape(s: DcganShape, stages: number): void {
  const f = 2 ** stages;
  if (s.height % f !== 0 || s.width % f !== 0) {
    throw new RangeError(`a DCGAN with ${stages} stride-2 stage(s) needs image sides divisible by ${f}, got ${s.height}×${s.width}: use ${stages - 1} channel width(s) or other images`);
  }
  for (const v of [s.channels, s.noiseDim, s.kernelSize, ...s.generatorChannels, ...s.discriminatorChannels]) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`DCGAN sizes must be positive integers, got ${JSON.stringify(s)}`);
  }
}
