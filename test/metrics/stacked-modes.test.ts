/** The Stacked MNIST mode metrics on known label histograms: modes of 1,000, KL to uniform, KL to the training labels. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { modeHistogram, PUBLISHED_STACKED_MNIST, stackedModeMetrics } from '../../src/metrics/image/stacked-modes.js';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('every mode once: 1,000 modes, KL to uniform 0; one mode: 1 mode, log 1000; two modes evenly: log 500', () => {
  const all = Array.from({ length: 1000 }, (_, i) => i);
  const m = stackedModeMetrics([...all, ...all]);
  assert.equal(m.samples, 2000);
  assert.equal(m.modes, 1000);
  close(m.klUniform, 0);
  const one = stackedModeMetrics(new Array(26_000).fill(417));
  assert.equal(one.modes, 1);
  close(one.klUniform, Math.log(1000), 1e-9);
  close(stackedModeMetrics([3, 999, 3, 999]).klUniform, Math.log(500), 1e-9);
  // 3/4 on one mode, 1/4 on another: Σ p log(1000 p)
  close(stackedModeMetrics([5, 5, 5, 6]).klUniform, 0.75 * Math.log(750) + 0.25 * Math.log(250), 1e-9);
});

test('KL to the training labels: 0 against the same histogram, KL to uniform when the training labels are uniform, Infinity for a mode the training set lacks', () => {
  const train = Array.from({ length: 5000 }, (_, i) => (i * 7) % 1000);
  close(stackedModeMetrics(train, train).klTraining!, 0);
  const sample = [1, 1, 2, 3];
  close(stackedModeMetrics(sample, Array.from({ length: 1000 }, (_, i) => i)).klTraining!, stackedModeMetrics(sample).klUniform, 1e-12);
  // p = (½, ½) on modes 0 and 1, q = (¾, ¼): ½ log(½/¾) + ½ log(½/¼)
  close(stackedModeMetrics([0, 1], [0, 0, 0, 1]).klTraining!, 0.5 * Math.log(2 / 3) + 0.5 * Math.log(2), 1e-12);
  assert.equal(stackedModeMetrics([0, 2], [0, 1]).klTraining, Infinity);
  assert.equal(stackedModeMetrics([0]).klTraining, undefined);
  assert.throws(() => modeHistogram([1000]), /mode 1000 is not in 0…999/);
  assert.throws(() => modeHistogram([]), /at least one label/);
});

test('the published rows tsgan prints beside its own', () => {
  assert.deepEqual(PUBLISHED_STACKED_MNIST.map((r) => [r.method, r.modes, r.klUniform]), [
    ['DCGAN', 99, 3.4],
    ['WGAN-GP', 959, 0.73],
    ['PacDCGAN2', 992, 0.28],
    ['PacDCGAN2 (VEEGAN setting)', 1000, 0.06],
    ['PresGAN', 1000, 0.12],
    ['DDGAN', 1000, 0.071],
    ['R3GAN', 1000, 0.029],
  ]);
});
