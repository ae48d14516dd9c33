/**
 * Fixed in-memory tables of uniform values, sampled by random row index: the stand-ins for MNIST in
 * the `mnist-mlp` benchmark preset (the PyTorch reference uses `torch.rand(60000, 784) * 2 - 1`) and
 * the `mnist-dcgan` one. Same shape and value range as the real data set, without reading any file.
 */
import type { Dataset } from '../data/distribution.js';
import { ImageDataset } from '../data/image-dataset.js';
import type { Rng } from '../random/rng.js';

/**
 * A data set of `rows` fixed rows of `dim` values, each drawn once from U[−1, 1) with `tableRng`
 * (stored as float32). `sample(rng, n)` returns n rows picked uniformly at random with replacement.
 */
export function uniformTableDataset(rows: number, dim: number, tableRng: Rng): Dataset {
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(dim) || dim < 1) {
    throw new RangeError(`a uniform table needs positive whole numbers of rows and columns, got ${rows} × ${dim}`);
  }
  const table = tableRng.fillUniform(new Float32Array(rows * dim), -1, 1);
  return {
    dim,
    label: `uniform table (${rows} × ${dim})`,
    sample(rng: Rng, n: number): Float64Array {
      const out = new Float64Array(n * dim);
      for (let i = 0; i < n; i++) {
        const r = rng.int(rows);
        out.set(table.subarray(r * dim, (r + 1) * dim), i * dim);
      }
      return out;
    },
  };
}

/**
 * `count` fixed images of height × width × 1 bytes, each byte drawn once uniformly from 0…255 with
 * `tableRng`: the stand-in for MNIST in the `mnist-dcgan` benchmark preset (an ImageDataset, so the
 * DCGAN accepts it; values byte/127.5 − 1 in [−1, 1] as for MNIST). The PyTorch reference
 * (scripts/torch-dcgan-reference.py) uses `torch.rand(60000, 1, 28, 28) * 2 - 1`.
 */
export function randomImageDataset(count: number, height: number, width: number, tableRng: Rng): ImageDataset {
  if (![count, height, width].every((v) => Number.isInteger(v) && v >= 1)) {
    throw new RangeError(`a random image table needs positive whole numbers of images, rows and columns, got ${count} × ${height} × ${width}`);
  }
  const pixels = new Uint8Array(count * height * width);
  for (let i = 0; i < pixels.length; i++) pixels[i] = tableRng.int(256);
  return new ImageDataset(`random images (${count} × ${height} × ${width})`, pixels, height, width, 1);
}
