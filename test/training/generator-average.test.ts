/**
 * The moving average of the generator's weights (config.generatorAverage, training/generator-average.ts):
 * the warm-up decay, the average against one computed by hand from the live weights of every step,
 * training left unchanged, samples from the average, checkpoints, and DCGAN's batch-norm statistics.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { resolveConfig } from '../../src/training/config.js';
import { averageDecayAt } from '../../src/training/generator-average.js';
import { distributionFromSpec } from '../../src/data/index.js';
import { ImageDataset } from '../../src/data/image-dataset.js';
import { mnistDataset } from '../../src/node/data/idx-files.js';
import { createRng } from '../../src/random/rng.js';
import type { Network } from '../../src/models/network.js';

await setupBackend();
const ring = distributionFromSpec('ring8');
const cfg = { data: 'ring8', generator: { hidden: [16, 16] }, discriminator: { hidden: [16, 16] }, batchSize: 32, steps: 6, snapshotSamples: 50 };

/** The trainable parameters of `net`, flattened to float64 per parameter. */
const params = (net: Network) => net.parameters().map((p) => Float64Array.from(p.variable.dataSync()));

test('warm-up decay β_t = min(β, (1 + t)/(10 + t))', () => {
  assert.equal(averageDecayAt(0.999, 0), 0.1);
  assert.equal(averageDecayAt(0.999, 90), 0.91);
  assert.equal(averageDecayAt(0.999, 100_000), 0.999);
  assert.equal(averageDecayAt(0.5, 20), 0.5);
  assert.equal(averageDecayAt(0.5, 3), 4 / 13);
});

test('the average is β_t·θ̄ + (1 − β_t)·θ of the live weights after each update, and training is unchanged', () => {
  const a = new GanTrainer(resolveConfig({ ...cfg, generatorAverage: 0.95 }), ring);
  const b = new GanTrainer(resolveConfig(cfg), ring);
  let avg = params(b.generator);
  for (let t = 0; t < 6; t++) {
    const ra = a.trainStep();
    const rb = b.trainStep();
    assert.equal(ra.dLoss, rb.dLoss);
    assert.equal(ra.gLoss, rb.gLoss);
    const beta = averageDecayAt(0.95, t);
    const live = params(b.generator);
    avg = avg.map((p, i) => p.map((v, j) => beta * v + (1 - beta) * live[i][j]));
  }
  assert.deepEqual(params(a.generator), params(b.generator));
  const got = params(a.average!.averaged);
  let maxErr = 0;
  let maxMove = 0;
  got.forEach((p, i) => p.forEach((v, j) => {
    maxErr = Math.max(maxErr, Math.abs(v - avg[i][j]));
    maxMove = Math.max(maxMove, Math.abs(v - params(b.generator)[i][j]));
  }));
  assert.ok(maxErr < 1e-6, `average off by ${maxErr}`);
  assert.ok(maxMove > 1e-4, `the average should differ from the live weights, differs by ${maxMove}`);
  // Samples come from the average; live ones on request, equal to the plain trainer's.
  assert.deepEqual(a.sample(40, createRng(3), true), b.sample(40, createRng(3)));
  assert.notDeepEqual(a.sample(40, createRng(3)), b.sample(40, createRng(3)));
  const z = tf.randomNormal([5, 2], 0, 1, 'float32', 7) as tf.Tensor2D;
  const viaAverage = a.average!.averaged.forward(z);
  const generated = a.generate(z);
  assert.deepEqual(Array.from(generated.dataSync()), Array.from(viaAverage.dataSync()));
  tf.dispose([z, viaAverage, generated]);
  a.dispose();
  b.dispose();
});

test('state round trip: the average is saved and restored, and a restored trainer continues identically', async () => {
  const config = resolveConfig({ ...cfg, generatorAverage: 0.9 });
  const a = new GanTrainer(config, ring);
  for (let i = 0; i < 3; i++) a.trainStep();
  const state = await a.getState();
  assert.ok(state.generatorAverage !== undefined && state.generatorAverage.length === state.generator.length);
  const b = new GanTrainer(config, ring);
  await b.setState(state);
  for (let i = 0; i < 3; i++) assert.equal(a.trainStep().gLoss, b.trainStep().gLoss);
  assert.deepEqual(a.sample(30), b.sample(30));
  const plain = new GanTrainer(resolveConfig(cfg), ring);
  await assert.rejects(plain.setState(state), /averaged generator but the config does not ask for one/);
  a.dispose();
  b.dispose();
  plain.dispose();
});

test('DCGAN: the average samples with the live batch-norm running statistics', () => {
  const mnist = mnistDataset('test');
  const slice = new ImageDataset('mnist[0:64]', mnist.pixels.subarray(0, 64 * 784), 28, 28, 1);
  const t = new GanTrainer(
    resolveConfig({ model: 'dcgan', dcgan: { generatorChannels: [8, 4], discriminatorChannels: [4, 8] }, noise: { dim: 8 }, batchSize: 8, steps: 3, generatorAverage: 0.9 }),
    slice,
  );
  for (let i = 0; i < 3; i++) t.trainStep();
  const net = t.sampledGenerator();
  const trainable = new Set(net.parameters().map((p) => p.name));
  const live = new Map(t.generator.getWeights().map((w) => [w.name, w.values]));
  const stats = net.getWeights().filter((w) => !trainable.has(w.name));
  assert.ok(stats.length > 0, 'a DCGAN generator has running statistics');
  for (const w of stats) assert.deepEqual(Array.from(w.values), Array.from(live.get(w.name)!), w.name);
  const x = t.sample(4);
  assert.equal(x.length, 4 * 784);
  assert.ok(x.every(Number.isFinite));
  t.dispose();
});

test('generate(z) draws through the average and generate(z, undefined, true) through the live generator (the lab draws both manifolds)', () => {
  const t = new GanTrainer(resolveConfig({ ...cfg, generatorAverage: 0.9 }), ring);
  for (let i = 0; i < 5; i++) t.trainStep();
  const z = tf.tensor2d([0, 0, 1, -1, -2, 0.5], [3, 2]);
  const read = (x: tf.Tensor) => {
    const v = Array.from(x.dataSync());
    x.dispose();
    return v;
  };
  const averaged = read(t.generate(z));
  const live = read(t.generate(z, undefined, true));
  assert.deepEqual(live, read(t.generator.forward(z)), 'live: the generator being trained');
  assert.deepEqual(averaged, read(t.sampledGenerator().forward(z)), 'default: the averaged generator');
  assert.ok(averaged.some((v, i) => Math.abs(v - live[i]) > 1e-6), 'after 5 steps they differ');
  z.dispose();
  t.dispose();
});
