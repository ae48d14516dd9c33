/**
 * Stacked MNIST (Metz et al. 2017; the mode-collapse benchmark of VEEGAN, PacGAN, PresGAN, …): three
 * MNIST digits stacked as the red, green and blue channels of one 28×28 image, so the data have
 * 10³ = 1,000 modes, labelled 100·d₁ + 10·d₂ + d₃. Each channel of image i is an independent uniform
 * draw from MNIST's training digits (the three draws of an image are independent, and so are the
 * images), made deterministically from `seed`: the same seed gives the same data set, which is never
 * stored. The standard size is 128,000 images (301 MB of pixels as bytes: 28·28·3 per image).
 */
import { createRng } from '../random/rng.js';
import { ImageDataset } from './image-dataset.js';

/** The size of the standard Stacked MNIST training set (PacGAN, VEEGAN). */
export const STACKED_MNIST_SIZE = 128_000;
/** Its number of modes: the 10³ digit triples. */
export const STACKED_MNIST_MODES = 1000;

/** Data whose images each belong to one of `modeCount` known modes (more than a byte label holds). */
export interface ModeLabelled {
  readonly modeCount: number;
  /** The mode of each image. */
  readonly modeLabels: Uint16Array;
}

/** Whether `d` knows the mode of each of its images ({@link ModeLabelled}). */
export function hasModeLabels(d: object): d is ModeLabelled {
  return 'modeLabels' in d && (d as ModeLabelled).modeLabels instanceof Uint16Array;
}

/** Stacked MNIST's images: 28×28×3 (channels last, like every image data set here), with their modes. */
export class StackedMnistDataset extends ImageDataset implements ModeLabelled {
  readonly modeCount = STACKED_MNIST_MODES;
  constructor(
    pixels: Uint8Array,
    /** The mode of each image, 100·d₁ + 10·d₂ + d₃ (0 … 999) from the MNIST labels of its channels. */
    readonly modeLabels: Uint16Array,
    /** The MNIST training index of each channel: image i's channel c is `sources[3·i + c]`. */
    readonly sources: Uint32Array,
  ) {
    super('stacked-mnist', pixels, 28, 28, 3);
  }
}

/** A Stacked MNIST data set, and which MNIST digit each channel of each image is (3 per image). */
export interface StackedMnist {
  readonly dataset: StackedMnistDataset;
  /** The MNIST training index of each channel: image i's channel c is `sources[3·i + c]`. */
  readonly sources: Uint32Array;
  /** The mode of each image, 100·d₁ + 10·d₂ + d₃ (0 … 999) from the MNIST labels of its channels. */
  readonly labels: Uint16Array;
}

/**
 * Stacks MNIST digits into `count` 3-channel images (see the file comment). `mnist` is MNIST's
 * training set (single-channel, with labels).
 */
export function stackedMnist(mnist: ImageDataset, count = STACKED_MNIST_SIZE, seed = 0): StackedMnist {
  if (mnist.channels !== 1 || mnist.labels === undefined || mnist.height !== 28 || mnist.width !== 28) throw new RangeError(`${mnist.label}: Stacked MNIST stacks single-channel labelled 28×28 digits (MNIST's training set)`);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`Stacked MNIST: ${count} images: give a positive whole number`);
  const rng = createRng(seed);
  const plane = mnist.height * mnist.width;
  const pixels = new Uint8Array(count * plane * 3);
  const sources = new Uint32Array(count * 3);
  const labels = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    let mode = 0;
    for (let c = 0; c < 3; c++) {
      const j = rng.int(mnist.count);
      sources[3 * i + c] = j;
      mode = 10 * mode + mnist.labels[j];
      const from = j * plane;
      const to = i * plane * 3 + c;
      for (let p = 0; p < plane; p++) pixels[to + 3 * p] = mnist.pixels[from + p];
    }
    labels[i] = mode;
  }
  return { dataset: new StackedMnistDataset(pixels, labels, sources), sources, labels };
}

/**
 * The modes of images from their channels' digits: `digits` holds 3 per image (red, green, blue: each
 * 0 … 9, e.g. a classifier's predictions on each channel); returns 100·d₁ + 10·d₂ + d₃ per image.
 */
export function stackedLabels(digits: ArrayLike<number>): Uint16Array {
  if (digits.length % 3 !== 0) throw new RangeError(`stackedLabels: ${digits.length} digits are not 3 per image`);
  const out = new Uint16Array(digits.length / 3);
  for (let i = 0; i < out.length; i++) {
    const [a, b, c] = [digits[3 * i], digits[3 * i + 1], digits[3 * i + 2]];
    for (const d of [a, b, c]) if (!Number.isInteger(d) || d < 0 || d > 9) throw new RangeError(`stackedLabels: ${d} is not a digit`);
    out[i] = 100 * a + 10 * b + c;
  }
  return out;
}

/**
 * One channel of 3-channel images as single-channel images (row-major, n × h·w): what the MNIST
 * classifier reads to name the digit of that channel.
 */
export function imageChannel(images: ArrayLike<number>, plane: number, channel: number): Float64Array {
  const n = images.length / (3 * plane);
  if (!Number.isInteger(n)) throw new RangeError(`imageChannel: ${images.length} values are not whole 3-channel images of ${plane} pixels`);
  const out = new Float64Array(n * plane);
  for (let i = 0; i < n; i++) for (let p = 0; p < plane; p++) out[i * plane + p] = images[(i * plane + p) * 3 + channel];
  return out;
}
