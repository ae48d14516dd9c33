/**
 * A sweep job's measures are the numbers of the commands they are named after, on the same trained
 * run: `w1` and `images` are `tsgan eval`'s, `stacked` is `tsgan eval`'s Stacked MNIST protocol (the
 * benchmark's: 26,000 samples). (`modes` against `tsgan benchmark modes`: ./local-sweep.test.ts.)
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

function measure(dir: string, names: string, seed: number, samples?: number): Record<string, number> {
  const r = tsgan(['sweep', 'measure', dir, '--measure', names, '--seed', String(seed), ...(samples === undefined ? [] : ['--samples', String(samples)])]);
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

test('images: tsgan eval\'s classifier metrics; stacked: its Stacked MNIST protocol (the same draws: fewer samples here than the protocols\' 10,000 and 26,000, for time)', () => {
  const mnist = trained(['--data', 'mnist', '--steps', '2', '--g-hidden', '16', '--d-hidden', '16', '--batch-size', '16', '--seed', '1']);
  const m = measure(mnist, 'images', 1, 2000);
  const e = evalJson(mnist, ['--no-parzen', '--samples', '2000']) as { classifierScore: number; frechetDistance: number; precision: number; recall: number; coverage: { classesCovered: number; klFromUniform: number } };
  assert.equal(m.classifierScore, e.classifierScore);
  assert.equal(m.frechetDistance, e.frechetDistance);
  assert.equal(m.precision, e.precision);
  assert.equal(m.recall, e.recall);
  assert.equal(m.classesCovered, e.coverage.classesCovered);
  assert.equal(m.classKL, e.coverage.klFromUniform);
  const stacked = trained(['--data', 'stacked-mnist', '--model', 'dcgan', '--no-conditional', '--noise-dim', '16', '--g-channels', '16,8', '--d-channels', '8,16', '--batch-size', '16', '--steps', '3', '--seed', '2']);
  const s = measure(stacked, 'stacked', 2, 3000);
  const es = evalJson(stacked, ['--samples', '3000']) as { modes: number; klUniform: number; klTraining: number; samples: number };
  assert.equal(es.samples, 3000);
  assert.deepEqual([s.modes, s.klUniform, s.klTraining, s.samples, s.totalModes], [es.modes, es.klUniform, es.klTraining, 3000, 1000]);
});

test('measure refuses what is not a measure', () => {
  const r = tsgan(['sweep', 'measure', tempDir(), '--measure', 'fid', '--seed', '0']);
  assert.equal(r.code, 2);
  assert.match(r.stderr.trim(), /^tsgan: --measure fid: not a measure: give some of modes, w1, images, stacked$/);
});
