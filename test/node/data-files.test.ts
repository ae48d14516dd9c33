/**
 * Data files are checked before they are read into memory (issue #20, finding 6): an IDX file's unpacked
 * size is capped while it is unpacked, a device is not a data file, and a PNG's size comes from its header.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { DataError, encodeIdxUint8 } from '../../src/data/index.js';
import { readIdxFile } from '../../src/node/data/idx-files.js';
import { dataFileSize } from '../../src/node/data/data-file.js';
import { pngHeaderSize } from '../../src/node/data/png-folder.js';
import { tempDir } from '../helpers/cli.js';

test('a .gz IDX file that unpacks beyond --max-data-mb is refused while it is unpacked', () => {
  const path = join(tempDir(), 'big-images-idx3-ubyte.gz');
  writeFileSync(path, gzipSync(encodeIdxUint8([1000, 32, 32], new Uint8Array(1000 * 32 * 32)))); // 1 MB unpacked, a few KB packed
  const limits = { maxDataDim: Infinity, maxDataBytes: 0.5 * 2 ** 20 };
  assert.throws(
    () => readIdxFile(path, limits),
    (e: unknown) => e instanceof DataError && e.message === `${path}: unpacked, the file is larger than the limit of 0.5 MB on data read into memory: raise it with --max-data-mb (to the unpacked size) if the machine has the memory`,
  );
  assert.deepEqual(readIdxFile(path, { ...limits, maxDataBytes: 2 * 2 ** 20 }).dims, [1000, 32, 32]);
});

test('a device is not a data file; a regular file gives its size', () => {
  const limits = { maxDataDim: Infinity, maxDataBytes: Infinity };
  assert.throws(() => dataFileSize('/dev/null', '--data /dev/null', limits), /^DataError: --data \/dev\/null: not a regular file \(a character device\)/);
  const path = join(tempDir(), 'p.csv');
  writeFileSync(path, '1,2\n3,4\n');
  assert.equal(dataFileSize(path, '--data p.csv', limits), 8);
});

test("a PNG's width and height from its header; not a PNG: undefined (decoding says why)", () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a.png'), PNG.sync.write(new PNG({ width: 7, height: 3 })));
  assert.deepEqual(pngHeaderSize(join(dir, 'a.png')), { width: 7, height: 3 });
  writeFileSync(join(dir, 'b.png'), 'not a png at all, just text');
  assert.equal(pngHeaderSize(join(dir, 'b.png')), undefined);
});
