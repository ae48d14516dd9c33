/**
 * Limits on input and the data diagnoses (issue #20, findings 6 and 7): data that does not fit in
 * float32 is refused where it is read, with the place; a mixture nested too deep is refused before its
 * recursion could overflow the stack; an IDX file of 0 images is one line; the data dimension limit.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  DataError,
  distributionFromSpec,
  encodeIdxUint8,
  IdxError,
  ImageDataset,
  parseDistributionSpec,
  parseIdx,
  parsePoints,
  SpecError,
} from '../../src/data/index.js';
import { checkDataDimension, DEFAULT_DATA_LIMITS, FLOAT32_MAX, MAX_MIXTURE_DEPTH } from '../../src/data/limits.js';

/** The one-line error `f` throws, checked to be an instance of `kind`. */
function thrown<E extends Error>(f: () => unknown, kind: new (...args: never[]) => E): E {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof kind, `expected a ${kind.name}, got ${e}`);
    assert.ok(!e.message.includes('\n'), `one line: ${e.message}`);
    return e;
  }
  assert.fail(`expected a ${kind.name}, nothing was thrown`);
}

/** The JSON text of a mixture nested `depth` levels deep around one normal (as text: JSON.stringify would overflow the stack). */
function nestedMixture(depth: number): string {
  return `${'{"type":"mixture","components":[{"weight":1,"dist":'.repeat(depth)}{"type":"normal","mean":[0],"std":[1]}${'}]}'.repeat(depth)}`;
}

test('float32: the largest finite value is 3.4028234663852886e38', () => {
  assert.equal(FLOAT32_MAX, 3.4028234663852886e38);
  assert.equal(Math.fround(FLOAT32_MAX), FLOAT32_MAX);
  assert.equal(Math.fround(FLOAT32_MAX * (1 + 2 ** -23)), Infinity);
});

test('a spec parameter beyond float32 (mean 1e39) is refused at parsing, naming the field', () => {
  const e = thrown(() => parseDistributionSpec({ type: 'normal', mean: [0, 1e39], std: [1, 1] }), SpecError);
  assert.equal(e.path, 'mean[1]');
  assert.match(e.message, /^invalid distribution spec at mean\[1\]: got 1e\+39; .*float32/);
  const std = thrown(() => parseDistributionSpec({ type: 'ring', modes: 8, radius: 1, std: 5e38 }), SpecError);
  assert.equal(std.path, 'std');
  // The largest float32 itself is a valid mean.
  assert.deepEqual(parseDistributionSpec({ type: 'normal', mean: [FLOAT32_MAX], std: [1] }).type, 'normal');
});

test("a distribution whose samples reach beyond float32 (a grid's outer centres) is refused when it is built", () => {
  // Every parameter fits, but the outer centres are at ±49.5 · 1e37 = ±4.95e38.
  const spec = { type: 'grid', side: 100, spacing: 1e37, std: 1 };
  const e = thrown(() => distributionFromSpec(spec), SpecError);
  assert.match(e.message, /samples reach -?4\.95e\+38 .*float32.*scale/);
  assert.equal(distributionFromSpec({ ...spec, spacing: 1e36 }).dim, 2);
});

test('points beyond float32 (a CSV of 1e308) are refused at load, with the line or row and column', () => {
  const csv = thrown(() => parsePoints('x,y\n1,2\n3,1e308\n', 'big.csv'), DataError);
  assert.equal(csv.message, 'big.csv line 3, column 2: 1e308 does not fit in float32 (|x| ≤ 3.4028235e38, the precision tsgan trains in): scale the data down');
  const json = thrown(() => parsePoints('[[1, 2], [3, 4], [-4e38, 0]]', 'big.json'), DataError);
  assert.equal(json.message, 'big.json row 3, column 1: -4e+38 does not fit in float32 (|x| ≤ 3.4028235e38, the precision tsgan trains in): scale the data down');
  // Doubles beyond even float64 keep their own message.
  assert.match(thrown(() => parsePoints('1,2\n3,1e999\n', 'p.csv'), DataError).message, /too large/);
  assert.equal(parsePoints(`1,2\n3,${FLOAT32_MAX}\n`, 'ok.csv').count, 2);
});

test(`a mixture nested 5000 deep is refused in one line (at most ${MAX_MIXTURE_DEPTH} levels), not a stack overflow`, () => {
  const e = thrown(() => parseDistributionSpec(nestedMixture(5000)), SpecError);
  assert.match(e.message, new RegExp(`^invalid distribution spec: mixtures nested 5000 deep; at most ${MAX_MIXTURE_DEPTH}: `));
  thrown(() => distributionFromSpec(JSON.parse(nestedMixture(MAX_MIXTURE_DEPTH + 1))), SpecError);
  assert.equal(distributionFromSpec(nestedMixture(MAX_MIXTURE_DEPTH)).dim, 1);
});

test('an IDX images file with 0 images is one line (IdxError), not an internal error', () => {
  const images = parseIdx(encodeIdxUint8([0, 28, 28], new Uint8Array(0)), 'empty-images-idx3-ubyte');
  const e = thrown(() => ImageDataset.fromIdx('empty', images, undefined, { images: 'empty-images-idx3-ubyte', labels: '' }), IdxError);
  assert.equal(e.message, 'empty-images-idx3-ubyte: holds 0 images (dimensions [0, 28, 28]): give a file with at least one image');
  const flat = parseIdx(encodeIdxUint8([3, 0, 28], new Uint8Array(0)), 'flat');
  assert.match(thrown(() => ImageDataset.fromIdx('flat', flat, undefined, { images: 'flat', labels: '' }), IdxError).message, /^flat: images of 0×28 pixels/);
});

test('the data dimension limit: refused above it, naming the flag that raises it', () => {
  assert.equal(DEFAULT_DATA_LIMITS.maxDataDim, 65536);
  checkDataDimension(65536, DEFAULT_DATA_LIMITS, '--data x');
  const e = thrown(() => checkDataDimension(200_000, DEFAULT_DATA_LIMITS, '--data wide.json'), DataError);
  assert.equal(e.message, '--data wide.json: 200000 coordinates per point, more than the limit of 65536: raise it with --max-data-dim 200000 if the machine has the memory');
});

test('a JSON points file nested 100,000 deep is one line (DataError), not a stack overflow in the message', () => {
  const e = thrown(() => parsePoints(`[[${'['.repeat(100_000)}${']'.repeat(100_000)}], [1]]`, 'deep.json'), DataError);
  assert.match(e.message, /^deep\.json row 1, column 1: \[\[\[\[.*\.\.\. is not a number/);
});
