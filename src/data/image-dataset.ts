/**
 * Images as a data set: N images of height × width (× channels) bytes, scaled to [−1, 1]
 * (x = byte/127.5 − 1, the range of a tanh generator), optionally with class labels.
 */
import type { Rng } from '../random/rng.js';
import type { Dataset } from './distribution.js';
import { IdxError, type IdxArray } from './idx.js';

export class ImageDataset implements Dataset {
  readonly dim: number;
  readonly count: number;

  constructor(
    readonly label: string,
    /** Pixels, N × height × width × channels bytes. */
    readonly pixels: Uint8Array,
    readonly height: number,
    readonly width: number,
    readonly channels: number,
    /** One class label per image, or undefined. */
    readonly labels?: Uint8Array,
  ) {
    this.dim = height * width * channels;
    this.count = pixels.length / this.dim;
    if (!Number.isInteger(this.count) || this.count < 1) throw new RangeError(`${label}: ${pixels.length} bytes are not a whole number of ${height}×${width}×${channels} images`);
    if (labels !== undefined && labels.length !== this.count) throw new RangeError(`${label}: ${labels.length} labels for ${this.count} images`);
  }

  /** Builds a data set from IDX images [N, H, W] or [N, H, W, C] and optional IDX labels [N]. */
  static fromIdx(label: string, images: IdxArray, labels?: IdxArray, sources = { images: 'images', labels: 'labels' }): ImageDataset {
    if (images.type !== 'uint8') throw new IdxError(`${sources.images}: images must hold uint8 values, this file holds ${images.type}`);
    if (images.dims.length !== 3 && images.dims.length !== 4) throw new IdxError(`${sources.images}: images need dimensions [N, height, width] or [N, height, width, channels], got [${images.dims.join(', ')}]`);
    const [n, h, w, c = 1] = images.dims;
    if (h * w * c === 0) throw new IdxError(`${sources.images}: images of ${h}×${w} pixels${images.dims.length === 4 ? ` and ${c} channels` : ''} (dimensions [${images.dims.join(', ')}]): give a file of images with at least one pixel`);
    if (n === 0) throw new IdxError(`${sources.images}: holds 0 images (dimensions [${images.dims.join(', ')}]): give a file with at least one image`);
    if (labels !== undefined) {
      if (labels.type !== 'uint8' || labels.dims.length !== 1) throw new IdxError(`${sources.labels}: labels must be one uint8 per image, got ${labels.type} [${labels.dims.join(', ')}]`);
      if (labels.dims[0] !== n) throw new IdxError(`${sources.labels}: ${labels.dims[0]} labels but ${sources.images} holds ${n} images: use the matching pair of files`);
    }
    return new ImageDataset(label, images.data as Uint8Array, h, w, c, labels?.data as Uint8Array | undefined);
  }

  /** Image i as values in [−1, 1], written into `out` at `offset`. */
  writeImage(i: number, out: Float64Array | Float32Array, offset: number): void {
    const base = i * this.dim;
    for (let j = 0; j < this.dim; j++) out[offset + j] = this.pixels[base + j] / 127.5 - 1;
  }

  /** n images drawn uniformly with replacement, row-major, values in [−1, 1]. */
  sample(rng: Rng, n: number): Float64Array {
    const out = new Float64Array(n * this.dim);
    for (let k = 0; k < n; k++) this.writeImage(rng.int(this.count), out, k * this.dim);
    return out;
  }
}
