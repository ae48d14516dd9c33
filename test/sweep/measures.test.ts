/**
 * A sweep job's measures are the numbers of the commands they are named after, on the same trained
 * run: `w1` is `tsgan eval`'s here; `images` and `stacked` are checked against `tsgan eval` beside its
 * own tests (test/cli/eval-images.test.ts, eval-stacked.test.ts: their runs are trained there already),
 * `modes` against `tsgan benchmark modes` in ./local-sweep.test.ts.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tempDir, tsgan } from '../helpers/cli.js';

function trained(args: string[]): string {
  const out = join(tempDir(), 'run');
  const r = tsgan(['train', ...args, '--out', out, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  return out;
}

function measure(dir: string, names: string, seed: number): Record<string, number> {
  const r = tsgan(['sweep', 'measure', dir, '--measure', names, '--seed', String(seed)]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).metrics;
}

function evalJson(dir: string, extra: string[] = []): Record<string, unknown> {
  const r = tsgan(['eval', dir, '--json', ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('w1: tsgan eval\'s W1 of the run (its snapshot draws)', () => {
  const dir = trained(['--data', 'ring8', '--steps', '20', '--g-hidden', '8', '--d-hidden', '8', '--batch-size', '32', '--seed', '3']);
  const m = measure(dir, 'w1', 3);
  assert.equal(m.w1, evalJson(dir).w1);
  assert.deepEqual(Object.keys(m), ['w1']);
});

test('measure refuses what is not a measure', () => {
  const r = tsgan(['sweep', 'measure', tempDir(), '--measure', 'fid', '--seed', '0']);
  assert.equal(r.code, 2);
  assert.match(r.stderr.trim(), /^tsgan: --measure fid: not a measure: give some of modes, w1, images, stacked$/);
});
