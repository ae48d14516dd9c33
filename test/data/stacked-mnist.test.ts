/**
 * Stacked MNIST (data/stacked-mnist.ts): three MNIST training digits as the channels of one image,
 * 1,000 modes labelled 100·d₁ + 10·d₂ + d₃; channels drawn independently; the same seed, the same data.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { imageChannel, stackedLabels, stackedMnist } from '../../src/data/stacked-mnist.js';
import { mnistDataset } from '../../src/node/data/idx-files.js';

const mnist = mnistDataset('train');

test('each channel of a stacked image is the MNIST digit its source names, and its label is 100·d₁ + 10·d₂ + d₃', () => {
  const s = stackedMnist(mnist, 500, 7);
  assert.equal(s.dataset.count, 500);
  assert.deepEqual([s.dataset.height, s.dataset.width, s.dataset.channels, s.dataset.dim], [28, 28, 3, 2352]);
  for (const i of [0, 1, 137, 499]) {
    for (let c = 0; c < 3; c++) {
      const j = s.sources[3 * i + c];
      for (let p = 0; p < 784; p++) assert.equal(s.dataset.pixels[i * 2352 + 3 * p + c], mnist.pixels[j * 784 + p], `image ${i} channel ${c} pixel ${p}`);
    }
    const d = [0, 1, 2].map((c) => mnist.labels![s.sources[3 * i + c]]);
    assert.equal(s.labels[i], 100 * d[0] + 10 * d[1] + d[2]);
  }
  // imageChannel takes a channel back out as single-channel images (what the classifier reads)
  const images = new Float64Array(3 * 2352);
  for (let i = 0; i < 3; i++) s.dataset.writeImage(i, images, i * 2352);
  const green = imageChannel(images, 784, 1);
  for (let p = 0; p < 784; p++) assert.equal(green[784 + p], mnist.pixels[s.sources[3 * 1 + 1] * 784 + p] / 127.5 - 1);
});

test('deterministic from the seed; channels independent, each with MNIST\'s digit frequencies; 20,000 images hold all 1,000 modes', () => {
  const a = stackedMnist(mnist, 20_000, 0);
  assert.deepEqual(stackedMnist(mnist, 20_000, 0).sources, a.sources, 'same seed, same data');
  assert.notDeepEqual(stackedMnist(mnist, 200, 1).sources, a.sources.subarray(0, 600), 'another seed, other data');
  const digit = (i: number, c: number) => mnist.labels![a.sources[3 * i + c]];
  const freq = new Array(10).fill(0);
  for (let j = 0; j < mnist.count; j++) freq[mnist.labels![j]] += 1 / mnist.count;
  for (let c = 0; c < 3; c++) {
    const f = new Array(10).fill(0);
    for (let i = 0; i < 20_000; i++) f[digit(i, c)] += 1 / 20_000;
    for (let d = 0; d < 10; d++) assert.ok(Math.abs(f[d] - freq[d]) < 0.012, `channel ${c}, digit ${d}: ${f[d]} vs ${freq[d]}`);
  }
  // independence: P(d₁ = d₂) = Σ_d P(d)² (≈ 0.1), not more (a shared draw would make it 1)
  let same = 0;
  for (let i = 0; i < 20_000; i++) if (digit(i, 0) === digit(i, 1)) same++;
  const expected = freq.reduce((s2, p) => s2 + p * p, 0);
  assert.ok(Math.abs(same / 20_000 - expected) < 0.01, `P(d₁ = d₂) ${same / 20_000} vs ${expected}`);
  assert.equal(new Set(a.labels).size, 1000);
});

test('stackedLabels: 3 digits per image to 100·d₁ + 10·d₂ + d₃; anything else is refused', () => {
  assert.deepEqual(Array.from(stackedLabels([1, 2, 3, 0, 0, 0, 9, 9, 9, 0, 4, 7])), [123, 0, 999, 47]);
  assert.throws(() => stackedLabels([1, 2]), /2 digits are not 3 per image/);
  assert.throws(() => stackedLabels([1, 2, 10]), /10 is not a digit/);
  assert.throws(() => stackMnistWrong(), /single-channel labelled 28×28 digits/);
});

function stackMnistWrong() {
  return stackedMnist(stackedMnist(mnist, 2, 0).dataset, 2, 0);
}

test('the Stacked MNIST protocol on real stacked images: the shipped classifier names each channel\'s digit, so the modes found are the images\' own (≥ 97 %: 99 % per digit, cubed)', async () => {
  const { setupBackend } = await import('../helpers/backend.js');
  await setupBackend();
  const { loadClassifierModel, shippedClassifierPath } = await import('../../src/node/image-metrics/classifier-cache.js').then(async (m) => ({ ...m, ...(await import('../../src/node/image-metrics/shipped-classifier.js')) }));
  const { stackedModesOf, stackedSampleModes } = await import('../../src/metrics/image/stacked-sample-modes.js');
  const s = stackedMnist(mnist, 1500, 3);
  const images = new Float64Array(1500 * 2352);
  for (let i = 0; i < 1500; i++) s.dataset.writeImage(i, images, i * 2352);
  const { model } = loadClassifierModel(shippedClassifierPath()!);
  try {
    const modes = stackedModesOf(model, images);
    let same = 0;
    for (let i = 0; i < 1500; i++) if (modes[i] === s.labels[i]) same++;
    assert.ok(same / 1500 >= 0.97, `${same} of 1500 modes named right`);
    const m = stackedSampleModes(model, images, stackedMnist(mnist, 20_000, 0).labels);
    assert.equal(m.samples, 1500);
    assert.equal(m.modes, new Set(modes).size);
    // 1,500 draws over 1,000 near-uniform modes cover 1 − e^(−1.5) ≈ 78 % of them
    assert.ok(m.modes > 700 && m.modes < 850, `${m.modes} modes`);
    // against a near-uniform training histogram, KL to it is close to KL to uniform (both mostly the sampling noise of 1,500 draws)
    assert.ok(Math.abs(m.klTraining! - m.klUniform) < 0.1 && m.klUniform > 0.2 && m.klUniform < 0.6, `KL to uniform ${m.klUniform}, to training ${m.klTraining}`);
  } finally {
    model.dispose();
  }
});
