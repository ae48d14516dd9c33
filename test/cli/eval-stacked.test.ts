/**
 * `tsgan train --data stacked-mnist` and `tsgan eval` on it: the Stacked MNIST protocol (each channel's
 * digit by the shipped MNIST classifier, modes of 1,000, KL to uniform and to the training labels)
 * beside the published rows, as JSON and as text.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, tempDir, tsgan } from '../helpers/cli.js';

const work = tempDir();
const run = join(work, 'stacked');
const trained = tsgan(['train', '--data', 'stacked-mnist', '--model', 'dcgan', '--no-conditional', '--noise-dim', '16', '--g-channels', '16,8', '--d-channels', '8,16', '--batch-size', '16', '--steps', '3', '--quiet', '--out', run]);

test('a DCGAN trains on Stacked MNIST (28×28×3 images, 1,000 modes)', () => {
  assert.equal(trained.code, 0, trained.stderr);
});

test('eval on a Stacked MNIST run: modes of 1,000, KL to uniform and to the training labels, the published rows; a sample count other than 26,000 is flagged', () => {
  const r = tsgan(['eval', run, '--samples', '400', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout);
  assert.equal(m.data, 'stacked-mnist');
  assert.equal(m.step, 3);
  assert.equal(m.samples, 400);
  assert.equal(m.totalModes, 1000);
  assert.deepEqual(m.classifier.kind, 'shipped');
  assert.equal(m.classifier.path, join(ROOT, 'assets', 'mnist-classifier.bin'));
  assert.ok(Number.isInteger(m.modes) && m.modes >= 1 && m.modes <= 400, `${m.modes} modes`);
  assert.ok(m.klUniform >= Math.log(1000 / 400) - 1e-9 && m.klUniform <= Math.log(1000) + 1e-9, `KL to uniform ${m.klUniform}: at least log(1000/400) with 400 samples`);
  assert.ok(m.klTraining >= 0 && Number.isFinite(m.klTraining));
  assert.equal(m.published.length, 7);
  const text = tsgan(['eval', run, '--samples', '400']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`^  modes found +${m.modes} / 1000$`, 'm'));
  assert.match(text.stdout, /^ {4}DCGAN +99 \/ 3\.400 +Lin et al\. 2018 \(PacGAN\)$/m);
  assert.match(text.stdout, /\(400 samples, not the protocol's 26,000: the numbers are not comparable with the rows above\)\n$/);
});

test('a sweep job\'s "stacked" measure is eval\'s Stacked MNIST protocol: the same numbers for the same draws', () => {
  const e = JSON.parse(tsgan(['eval', run, '--samples', '400', '--json']).stdout);
  const r = tsgan(['sweep', 'measure', run, '--measure', 'stacked', '--seed', '0', '--samples', '400']);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout).metrics;
  assert.deepEqual([m.modes, m.klUniform, m.klTraining, m.samples, m.totalModes], [e.modes, e.klUniform, e.klTraining, 400, 1000]);
});
