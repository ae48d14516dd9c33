/**
 * `tsgan bench`: prints one JSON line per preset with the documented keys, and times the real training
 * step: the toy2d bench trainer and a trainer built from the equivalent `tsgan train` flags produce
 * identical records. No timing assertions.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadNativeAddon } from '../../src/node/backend/native/addon.js';
import { setupBackend } from '../helpers/backend.js';
import { tsgan } from '../helpers/cli.js';
import { benchConfig, benchPreset, benchTrainer } from '../../src/bench/index.js';
import { buildConfig } from '../../src/cli/commands/train.js';
import { resolveDataset } from '../../src/node/data/data-source.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { createRng } from '../../src/random/rng.js';

await setupBackend();
const addon = loadNativeAddon().addon;

test('`tsgan bench --json` runs a few steps of each preset and prints one JSON line for each', () => {
  const r = tsgan(['bench', '--steps', '2', '--warmup', '1', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.preset), ['toy2d', 'mnist-mlp', 'mnist-dcgan']);
  for (const l of lines) {
    assert.equal(l.impl, 'tsgan');
    assert.equal(l.steps, 2);
    assert.ok(typeof l.stepsPerSec === 'number' && l.stepsPerSec > 0, `stepsPerSec ${l.stepsPerSec}`);
    // The default engine, naming its kernel level; the wasm backend where the addon is not built.
    assert.equal(l.backend, addon === undefined ? 'wasm' : 'native');
    assert.equal(l.kernels, addon?.info().level);
    assert.ok(Number.isInteger(l.threads) && l.threads >= 1);
  }
  const wasm = tsgan(['bench', '--preset', 'toy2d', '--steps', '1', '--warmup', '0', '--json', '--backend', 'wasm']);
  assert.equal(wasm.code, 0, wasm.stderr);
  const w = JSON.parse(wasm.stdout);
  assert.equal(w.backend, 'wasm');
  assert.equal(w.kernels, undefined);
});

test('`tsgan bench --preset toy2d` prints a readable line; a bad preset is refused', () => {
  const r = tsgan(['bench', '--preset', 'toy2d', '--steps', '1', '--warmup', '0']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^tsgan bench toy2d: [\d.]+ steps\/s \([\d.]+ ms\/step, 1 steps after 0 warm-up, (native backend \((avx512|avx2|portable) kernels\)|wasm backend), \d threads?\)\n$/);
  assert.equal(r.stdout.includes('native backend'), addon !== undefined);
  const bad = tsgan(['bench', '--preset', 'cifar']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /toy2d/);
});

test('the toy2d bench times the `tsgan train` step: same config, identical records for the same seed', () => {
  const preset = benchPreset('toy2d');
  // The ring8 recipe's decay and averaged generator turned off; its decay horizon is then inert.
  const flags = { data: 'ring8', loss: 'non-saturating', noiseDim: 2, gHidden: [128, 128, 128], dHidden: [128, 128, 128], batchSize: 256, lr: 1e-4, lrDecay: 'none', gAverage: 0, pack: 1, seed: 0 };
  const trainConfig = buildConfig(flags);
  const { steps: _a, learningRateDecaySteps: _h, ...fromTrain } = trainConfig;
  const { steps: _b, ...fromBench } = benchConfig(preset);
  assert.deepEqual(fromBench, fromTrain);
  const bench = benchTrainer(preset);
  const train = new GanTrainer(trainConfig, resolveDataset(trainConfig.data).dataset);
  for (let i = 0; i < 3; i++) {
    const { stepMs: _x, ...a } = bench.trainStep();
    const { stepMs: _y, ...b } = train.trainStep();
    assert.deepEqual(a, b);
  }
  bench.dispose();
  train.dispose();
});

test('the mnist-dcgan bench times the mnist recipe\'s DCGAN step (unconditional): the same config apart from the data (random images) and the rate', () => {
  const trainConfig = buildConfig({ data: 'mnist', model: 'dcgan', conditional: false, lr: 1e-4, gAverage: 0, seed: 0 });
  const { steps: _a, data: _d, learningRateDecaySteps: _h, ...fromTrain } = trainConfig;
  const { steps: _b, data: _e, learningRateDecaySteps: _i, ...fromBench } = benchConfig(benchPreset('mnist-dcgan'));
  assert.deepEqual(fromBench, fromTrain);
  const data = benchPreset('mnist-dcgan').dataset();
  assert.equal(data.dim, 784);
  const x = data.sample(createRng(1), 200);
  const mean = x.reduce((a, v) => a + v, 0) / x.length;
  const [lo, hi] = x.reduce(([l, h], v) => [Math.min(l, v), Math.max(h, v)], [Infinity, -Infinity]);
  assert.ok(Math.abs(mean) < 0.01 && lo === -1 && hi === 1, `values uniform on [−1, 1]: mean ${mean}, range ${lo}…${hi}`);
});
