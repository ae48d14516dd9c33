/**
 * Limits on the networks and the memory estimate refused up front (issue #20, finding 6): exact
 * numbers of the documented estimate, and one-line ConfigErrors naming the flag.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, resolveConfig } from '../../src/training/config.js';
import type { Dataset } from '../../src/data/distribution.js';
import { ImageDataset } from '../../src/data/image-dataset.js';
import type { Network } from '../../src/models/network.js';
import { createNetworks } from '../../src/training/networks.js';
import { setupBackend } from '../helpers/backend.js';
import { checkNetworkWidths, checkTrainingMemory, DEFAULT_MAX_WIDTH, estimateTrainingMemory } from '../../src/training/limits.js';

const small = resolveConfig({
  generator: { hidden: [10] },
  discriminator: { hidden: [10] },
  noise: { dim: 2 },
  batchSize: 8,
  snapshotSamples: 100,
});

test('the memory estimate of a small MLP pair, term by term', () => {
  const e = estimateTrainingMemory(small, { dim: 3 });
  // G 2 → 10 → 3: 3·10 + 11·3 = 63 parameters; D 3 → 10 → 1: 4·10 + 11·1 = 51.
  assert.equal(e.parameters, 114);
  // Weights, gradients and Adam's two slots: 4 float32 per parameter.
  assert.equal(e.parameterBytes, 4 * 4 * 114);
  // Units per row: G 2 + 10 + 3 = 15 on 8 rows, D 3 + 10 + 1 = 14 on 16 rows (real and fake); 4 float32 each.
  assert.equal(e.activationBytes, 4 * 4 * (8 * 15 + 16 * 14));
  // Snapshot: 100 samples of 3 float64 values and one copy; their float32 tensor (one chunk).
  assert.equal(e.sampleBytes, 100 * 3 * 16);
  assert.equal(e.tensorBytes, e.parameterBytes + e.activationBytes + 100 * 3 * 4);
  assert.equal(e.totalBytes, e.tensorBytes + e.sampleBytes);
});

test('the estimate counts RMSProp, SGD, the averaged generator, spectral norm, packing and penalties', () => {
  const c = resolveConfig({
    ...small,
    optimizer: { generator: { name: 'sgd' }, discriminator: { name: 'rmsprop', momentum: 0.5 } },
    generatorAverage: 0.99,
    discriminator: { hidden: [10], spectralNorm: true },
    pack: 2,
    r1Gamma: 1,
  });
  const e = estimateTrainingMemory(c, { dim: 3 });
  // D now takes 2 samples: 6 → 10 → 1 = 7·10 + 11 = 81 parameters.
  assert.equal(e.parameters, 63 + 81);
  // G: weights, gradients, the average (SGD has no slots); D: weights, gradients, 2 RMSProp slots, raw weights.
  assert.equal(e.parameterBytes, 4 * (63 * 3 + 81 * 5));
  // D sees 16/2 = 8 packed rows of 6 + 10 + 1 units; R1's double backprop doubles the factor.
  assert.equal(e.activationBytes, 4 * 4 * 8 * 15 + 4 * 8 * 8 * 17);
});

test("the estimate's parameter count is the networks' own: MLPs, and a DCGAN pair on 28×28 images (conditional too)", async () => {
  await setupBackend();
  const images = new ImageDataset('img', new Uint8Array(10 * 28 * 28), 28, 28, 1, Uint8Array.from({ length: 10 }, (_, i) => i));
  const cases: [ReturnType<typeof resolveConfig>, Dataset, number][] = [
    [small, { dim: 3, label: 'x', sample: () => new Float64Array(0) }, 0],
    [resolveConfig({ model: 'dcgan', noise: { dim: 100 } }), images, 0],
    [resolveConfig({ model: 'dcgan', noise: { dim: 16 }, conditional: true, dcgan: { generatorChannels: [8, 4], discriminatorChannels: [4, 8], kernelSize: 3 } }), images, 10],
  ];
  for (const [config, data, classes] of cases) {
    const { generator, discriminator } = createNetworks(config, data, classes);
    const count = (n: Network) => n.parameters().reduce((s, p) => s + p.variable.size, 0);
    const want = count(generator) + count(discriminator);
    generator.dispose();
    discriminator.dispose();
    const shape = data instanceof ImageDataset ? { dim: data.dim, image: { height: 28, width: 28, channels: 1 } } : { dim: data.dim };
    assert.equal(estimateTrainingMemory(config, shape, classes).parameters, want, config.model);
  }
});

test('widths above --max-width are refused in one line naming the flag', () => {
  assert.equal(DEFAULT_MAX_WIDTH, 4096);
  const wide = resolveConfig({ generator: { hidden: [128, 16384] } });
  checkNetworkWidths(wide, 16384);
  assert.throws(
    () => checkNetworkWidths(wide, DEFAULT_MAX_WIDTH),
    (e: unknown) => e instanceof ConfigError && e.message === "generator.hidden[1]: a layer of 16384 units is wider than the limit of 4096: use narrower layers, or raise the limit with --max-width 16384 (at most 16384)",
  );
  assert.throws(() => checkNetworkWidths(wide, DEFAULT_MAX_WIDTH, { 'generator.hidden': '--g-hidden' }), /^ConfigError: --g-hidden: a layer of 16384 units/);
});

test('an estimate above the free memory, or above the tensor memory of the backend, is refused with the numbers and the fixes', () => {
  const wide = resolveConfig({ generator: { hidden: [16384, 16384, 16384] }, discriminator: { hidden: [16384, 16384, 16384] } });
  const e = estimateTrainingMemory(wide, { dim: 2 });
  assert.ok(e.parameterBytes > 16e9, `${e.parameterBytes}`);
  assert.throws(
    () => checkTrainingMemory(wide, { dim: 2 }, { availableBytes: 1e12, tensorBytes: 4294901760, tensorLabel: "the wasm backend's 4 GB" }),
    (err: unknown) => err instanceof ConfigError && /^training needs about \d+\.\d GB of tensor memory \(.*parameters.*\), more than the wasm backend's 4 GB: use narrower or fewer layers \(--g-hidden, --d-hidden\), a smaller --batch-size or snapshotSamples \(--config\), or --skip-memory-check to try anyway$/.test(err.message),
  );
  assert.throws(() => checkTrainingMemory(wide, { dim: 2 }, { availableBytes: 8 * 2 ** 30 }), /more than the 8\.0 GB of free memory/);
  checkTrainingMemory(small, { dim: 3 }, { availableBytes: 1e6, tensorBytes: 1e6, tensorLabel: 'x' });
  // A benchmark's parallel seeds add up: each fits, three at once do not.
  const one = estimateTrainingMemory(small, { dim: 3 }).totalBytes;
  checkTrainingMemory(small, { dim: 3 }, { availableBytes: 2 * one }, 0, 2);
  assert.throws(() => checkTrainingMemory(small, { dim: 3 }, { availableBytes: 2 * one }, 0, 3), /^ConfigError: training needs about [\d.]+ MB for 3 seeds at once \(--jobs\) \(each: /);
});
