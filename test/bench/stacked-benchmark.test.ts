/**
 * `tsgan benchmark stacked-mnist`: seeds trained in child processes (--jobs) and in this process
 * (--resume adds a seed), each evaluated with the Stacked MNIST protocol by the shipped classifier;
 * the report equals `tsgan eval` on the same seed's run; bad data is one line.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { assertBadInput, tempDir, tsgan } from '../helpers/cli.js';

const TINY = ['--data', 'stacked-mnist', '--model', 'dcgan', '--no-conditional', '--noise-dim', '8', '--g-channels', '8,4', '--d-channels', '4,8', '--batch-size', '8', '--steps', '2', '--samples', '300', '--quiet'];

test('2 seeds in 2 processes, a third added in-process by --resume: modes, KLs and the published rows, the same numbers as `tsgan eval` of that seed', () => {
  const work = tempDir();
  const out = join(work, 'stacked.json');
  const r = tsgan(['benchmark', 'stacked-mnist', ...TINY, '--seeds', '2', '--jobs', '2', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const two = JSON.parse(r.stdout);
  assert.deepEqual(two.results.map((x: { seed: number }) => x.seed), [0, 1]);
  assert.equal(two.published.length, 7);
  assert.equal(two.complete, true);
  const more = tsgan(['benchmark', 'stacked-mnist', ...TINY, '--seeds', '3', '--out', out, '--resume']);
  assert.equal(more.code, 0, more.stderr);
  assert.match(more.stdout, /^tsgan benchmark stacked-mnist: dcgan GAN, non-saturating loss, 2 steps, 3 seed\(s\), 300 samples per seed \(not the protocol's 26,000: not comparable with the published rows\), 2 of them from /);
  assert.match(more.stdout, /^\| DCGAN \(Lin et al\. 2018 \(PacGAN\)\) \| 99 \| 3\.4 \| \| \|$/m);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual(report.results.map((x: { seed: number }) => x.seed), [0, 1, 2]);
  for (const x of report.results) {
    assert.equal(x.samples, 300);
    assert.equal(x.totalModes, 1000);
    assert.ok(Number.isInteger(x.modes) && x.modes >= 1 && x.modes <= 300);
    assert.ok(x.klUniform >= Math.log(1000 / 300) - 1e-9 && x.klUniform <= Math.log(1000) + 1e-9, `${x.klUniform}`);
    assert.ok(x.klTraining >= 0);
  }
  assert.equal(report.summary.seeds, 3);
  assert.ok(Math.abs(report.summary.modes.mean - report.results.reduce((s: number, x: { modes: number }) => s + x.modes, 0) / 3) < 1e-9);
  // seed 1 trained by `tsgan train` and evaluated by `tsgan eval` with the same samples gives the same numbers
  const run = join(work, 'seed1');
  const trained = tsgan(['train', ...TINY.filter((a, i) => a !== '--samples' && TINY[i - 1] !== '--samples'), '--seed', '1', '--out', run]);
  assert.equal(trained.code, 0, trained.stderr);
  const ev = JSON.parse(tsgan(['eval', run, '--samples', '300', '--json']).stdout);
  const seed1 = report.results[1];
  assert.deepEqual([ev.modes, ev.klUniform, ev.klTraining], [seed1.modes, seed1.klUniform, seed1.klTraining]);
});

test('stacked-mnist benchmark: other data, too few samples, or a missing classifier is one line, exit 2, before any training', () => {
  assertBadInput(['benchmark', 'stacked-mnist', '--data', 'ring8', '--steps', '2'], /--data: ring8 is not Stacked MNIST: the stacked-mnist benchmark needs --data stacked-mnist/);
  assertBadInput(['benchmark', 'stacked-mnist', '--samples', '10'], /--samples 10: give a number of images from 100 to 1000000 \(the protocol: 26000\)/);
  assertBadInput(['benchmark', 'stacked-mnist', ...TINY.slice(0, 2), '--classifier', '/nonexistent/c.json'], /no MNIST classifier at \/nonexistent\/c\.json/);
});
