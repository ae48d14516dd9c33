/**
 * Limits on input, end to end (issue #20, findings 6 and 7): each refusal is one line on stderr that
 * says what is wrong and which flag raises the limit, exit code 2, no stack trace, nothing written;
 * and nothing is allocated first (every case here is refused in about the time the CLI takes to start).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, ftruncateSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { assertBadInput, tempDir, tsgan } from '../helpers/cli.js';
import { encodeIdxUint8 } from '../../src/data/index.js';

const TINY = ['--steps', '1', '--g-hidden', '4', '--d-hidden', '4', '--batch-size', '8', '--quiet'];

/** A sparse file of `bytes` bytes (no disk used). */
function sparseFile(path: string, bytes: number): string {
  const fd = openSync(path, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return path;
}

/** One line on stderr matching `pattern`, exit code 2, no stack trace, and `never` (if given) not written. */
function assertRefused(args: string[], pattern: RegExp, never?: string): void {
  const t0 = performance.now();
  const r = tsgan(args, { timeoutMs: 60_000 });
  assert.equal(r.code, 2, `exit code for ${args.join(' ')}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
  if (never !== undefined) assert.ok(!existsSync(never), `${never} not written`);
  assert.ok(performance.now() - t0 < 30_000, 'refused up front');
}

/** The first 33 bytes of a PNG (signature and IHDR chunk) that says it is width × height RGBA. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(17);
  ihdr.write('IHDR', 0, 'latin1');
  ihdr.writeUInt32BE(width, 4);
  ihdr.writeUInt32BE(height, 8);
  ihdr.set([8, 6, 0, 0, 0], 12);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(ihdr));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), ihdr, crc]);
}

test('--data that is not a regular file (/dev/zero) is refused before it is read', () => {
  assertBadInput(['train', '--data', '/dev/zero', ...TINY], /^tsgan: --data \/dev\/zero: not a regular file \(a character device\): give a file of points, a JSON spec file, an IDX file or a folder of PNG images$/);
});

test('data files larger than --max-data-mb are refused before they are read: a 2 GB CSV, a 600 MB JSON over the string limit', () => {
  const dir = tempDir();
  const csv = sparseFile(join(dir, 'big.csv'), 2 * 2 ** 30);
  assertBadInput(['train', '--data', csv, ...TINY], /^tsgan: --data .*big\.csv: the file is 2048 MB, more than the limit of 512 MB on data read into memory: raise it with --max-data-mb 2048 if the machine has the memory$/);
  const json = sparseFile(join(dir, 'big.json'), 600 * 2 ** 20);
  assertBadInput(['train', '--data', json, '--max-data-mb', '1000', ...TINY], /^tsgan: --data .*big\.json: a JSON file is read as one string, at most 512 MB; this one is 600 MB: give the points as CSV \(read in pieces\)$/);
  // The flag raises the limit; below a small file's size it refuses it.
  const small = join(dir, 'small.csv');
  writeFileSync(small, ['x,y', ...Array.from({ length: 200 }, (_, i) => `${Math.cos(i)},${Math.sin(i)}`)].join('\n'));
  assertBadInput(['train', '--data', small, '--max-data-mb', '0.001', ...TINY], /the file is 0\.00\d+ MB, more than the limit of 0\.001 MB/);
  const ok = tsgan(['train', '--data', small, ...TINY, '--out', join(dir, 'run')]);
  assert.equal(ok.code, 0, ok.stderr);
});

test('a 200,000-D spec is refused by the data dimension limit (--max-data-dim)', () => {
  const file = join(tempDir(), 'wide.json');
  writeFileSync(file, JSON.stringify({ type: 'normal', mean: new Array(200_000).fill(0), std: new Array(200_000).fill(1) }));
  assertBadInput(['train', '--data', file, ...TINY], /^tsgan: --data .*wide\.json: 200000 coordinates per point, more than the limit of 65536: raise it with --max-data-dim 200000 if the machine has the memory$/);
});

test('a 20000×20000 PNG is refused from its header, before it is decoded', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'huge.png'), pngHeader(20000, 20000));
  assertBadInput(['train', '--data', dir, ...TINY], /^tsgan: --data .*: .*huge\.png is 20000×20000 pixels: 400000000 coordinates per image or more, more than the limit of 65536: raise it with --max-data-dim/);
  // Raising the dimension limit still leaves the memory of the decoded pixels (--max-data-mb).
  assertBadInput(['train', '--data', dir, '--max-data-dim', '2000000000', ...TINY], /decoded, the images take 1526 MB, more than the limit of 512 MB.*--max-data-mb 1526/);
});

test('networks wider than --max-width, and a memory estimate above what the backend can hold, are refused up front', () => {
  assertBadInput(['train', '--g-hidden', '128,16384', ...TINY.slice(4)], /^tsgan: --g-hidden: a layer of 16384 units is wider than the limit of 4096: use narrower layers, or raise the limit with --max-width 16384 \(at most 16384\)$/);
  const wide = ['--max-width', '16384', '--g-hidden', '16384,16384,16384', '--d-hidden', '16384,16384,16384', '--steps', '1', '--quiet'];
  assertBadInput(['train', ...wide], /^tsgan: training needs about \d+\.\d GB of tensor memory .*, more than the wasm backend's 4 GB: .*--skip-memory-check/);
  assertBadInput(['benchmark', 'modes', '--seeds', '2', ...wide], /^tsgan: training needs about \d+\.\d GB/);
});

test('data beyond float32 (a spec with mean 1e39, a CSV of 1e308) is refused at load, not reported as a divergence', () => {
  assertBadInput(['train', '--data', '{"type":"normal","mean":[1e39],"std":[1]}', ...TINY], /^tsgan: invalid distribution spec at mean\[0\]: got 1e\+39; .*float32/);
  const csv = join(tempDir(), 'p.csv');
  writeFileSync(csv, '1,2\n3,4\n5,1e308\n');
  assertBadInput(['train', '--data', csv, ...TINY], /p\.csv line 3, column 2: 1e308 does not fit in float32/);
});

test('a mixture nested 5000 deep and an IDX file of 0 images are one line each', () => {
  const dir = tempDir();
  // Written as text: JSON.stringify itself would overflow the stack on 15,000 levels of nesting.
  writeFileSync(join(dir, 'deep.json'), `${'{"type":"mixture","components":[{"weight":1,"dist":'.repeat(5000)}{"type":"normal","mean":[0],"std":[1]}${'}]}'.repeat(5000)}`);
  assertBadInput(['train', '--data', join(dir, 'deep.json'), ...TINY], /deep\.json: invalid distribution spec: mixtures nested 5000 deep; at most 32/);
  writeFileSync(join(dir, 'empty-images-idx3-ubyte'), encodeIdxUint8([0, 28, 28], new Uint8Array(0)));
  assertBadInput(['train', '--data', join(dir, 'empty-images-idx3-ubyte'), ...TINY], /empty-images-idx3-ubyte: holds 0 images \(dimensions \[0, 28, 28\]\)/);
});

test('seeds out of [0, 2³² − 1] are refused wherever a seed is taken (no silent wrap to another seed)', () => {
  const dir = tempDir();
  const run = join(dir, 'run');
  const r = tsgan(['train', ...TINY, '--steps', '2', '--out', run]);
  assert.equal(r.code, 0, r.stderr);
  assertBadInput(['train', '--seed', '4294967296', ...TINY], /--seed.*4294967296.*0 to 4294967295/);
  assertBadInput(['benchmark', 'modes', '--first-seed', '4294967296', '--seeds', '1', ...TINY], /--first-seed.*4294967296.*0 to 4294967295/);
  assertBadInput(['benchmark', 'modes', '--first-seed', '4294967295', '--seeds', '2', ...TINY], /^tsgan: --first-seed 4294967295 --seeds 2: the last seed would be 4294967296, above the largest seed 4294967295: give a smaller --first-seed or fewer --seeds$/);
  assertRefused(['eval', run, '--seed', '-1'], /--seed.*-1.*0 to 4294967295/);
  const out = join(dir, 'x.csv');
  assertRefused(['sample', run, '--seed', '4294967296', '--out', out], /--seed.*4294967296.*0 to 4294967295/, out);
});

test('sample counts above --max-samples are refused before anything is drawn (eval --samples 1e9, sample --n)', () => {
  const dir = tempDir();
  const run = join(dir, 'run');
  const r = tsgan(['train', ...TINY, '--steps', '2', '--out', run]);
  assert.equal(r.code, 0, r.stderr);
  assertRefused(['eval', run, '--samples', '1e9'], /^tsgan: --samples 1000000000: more than the limit of 10000000 samples: give fewer, or raise the limit with --max-samples 1000000000 if the machine has the memory$/);
  const out = join(dir, 's.csv');
  assertRefused(['sample', run, '--n', '20000000', '--out', out], /^tsgan: --n 20000000: more than the limit of 10000000 samples: give fewer, or raise the limit with --max-samples 20000000/, out);
  // Raised, the CSV text of 3e7 × 2 values would not fit in one string: refused too, with the largest count that fits.
  assertRefused(['sample', run, '--n', '30000000', '--max-samples', '30000000', '--out', out], /^tsgan: --n 30000000: the \.csv text would take about \d+ MB, more than one string holds \(512 MB\): write at most \d+ samples per file$/, out);
});
