/**
 * Class-conditional GANs (Mirza & Osindero 2014) on a slice of MNIST, DCGAN and MLP: the labels reach
 * both players, training is finite and resumes exactly, snapshots cycle through the classes, and what
 * cannot be conditional is refused.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { ConfigError, resolveConfig } from '../../src/training/config.js';
import type { StepRecord } from '../../src/training/records.js';
import { ImageDataset } from '../../src/data/image-dataset.js';
import { mnistDataset } from '../../src/node/data/idx-files.js';
import { sampleLabeled, labeledData } from '../../src/training/labels.js';
import { createRng, deriveSeed } from '../../src/random/rng.js';

await setupBackend();

const mnist = mnistDataset('test');
const slice = new ImageDataset('mnist[0:256]', mnist.pixels.subarray(0, 256 * 784), 28, 28, 1, mnist.labels!.subarray(0, 256));

const config = (over: Record<string, unknown> = {}) =>
  resolveConfig({
    model: 'dcgan',
    conditional: true,
    dcgan: { generatorChannels: [8, 4], discriminatorChannels: [4, 8] },
    noise: { dim: 16 },
    batchSize: 16,
    steps: 3,
    snapshotEvery: 3,
    snapshotSamples: 20,
    lipschitzEvery: 1,
    ...over,
  });

const strip = (rs: StepRecord[]) => rs.map(({ stepMs, ...r }) => r);
async function collect(t: GanTrainer, until?: number): Promise<StepRecord[]> {
  const out: StepRecord[] = [];
  for await (const e of t.run(until)) if (e.type === 'step') out.push(e);
  return out;
}

test('labeled batches are drawn exactly like unlabeled ones, with the labels of the drawn images', () => {
  const data = labeledData(slice);
  assert.equal(data.classes, 10);
  const a = sampleLabeled(data, createRng(1), 5);
  assert.deepEqual(Array.from(a.values), Array.from(slice.sample(createRng(1), 5)));
  const rng = createRng(1);
  const expected = Array.from({ length: 5 }, () => slice.labels![rng.int(slice.count)]);
  assert.deepEqual(Array.from(a.labels), expected);
});

for (const model of ['dcgan', 'mlp'] as const) {
  test(`a conditional ${model} trains a few steps on MNIST with finite losses, resumes exactly, and its snapshots cycle through the classes`, async () => {
    const over = model === 'mlp' ? { model, generator: { hidden: [32], output: 'tanh' }, discriminator: { hidden: [32] } } : {};
    const a = new GanTrainer(config(over), slice);
    const first = await collect(a, 2);
    for (const r of first) assert.ok([r.dLoss, r.gLoss, r.dGradNorm, r.gGradNorm].every(Number.isFinite), JSON.stringify(r));
    const inputs = a.generator.parameters()[0].variable.shape[0];
    assert.equal(inputs, 16 + 10, "G's first layer takes [z, one-hot label]");
    const state = await a.getState();
    const tail = strip(await collect(a));
    const b = new GanTrainer(config(over), slice);
    await b.setState(state);
    assert.deepEqual(strip(await collect(b)), tail);
    // Snapshot sample i has label i mod 10 (rebuilt by hand from the snapshot noise stream).
    const s = a.sample(20);
    assert.equal(s.length, 20 * 784);
    assert.ok(s.every((v) => v >= -1 && v <= 1));
    const z = tf.tidy(() => {
      const rng = createRng(deriveSeed(a.config.seed, 'snapshot'));
      const noise = tf.tensor2d(rng.fillNormal(new Float32Array(2 * 16)), [2, 16]);
      const labels = tf.cast(tf.oneHot(tf.tensor1d([0, 1], 'int32'), 10), 'float32');
      return a.generator.forward(tf.concat([noise, labels], 1) as tf.Tensor2D).dataSync();
    });
    assert.deepEqual(Array.from(z, (v) => Math.fround(v)), Array.from(s.subarray(0, 2 * 784), (v) => Math.fround(v)), 'snapshot labels are 0, 1, … for samples 0, 1, …');
    const other = tf.tidy(() => {
      const noise = tf.tensor2d(createRng(deriveSeed(a.config.seed, 'snapshot')).fillNormal(new Float32Array(16)), [1, 16]);
      return a.generator.forward(tf.concat([noise, tf.cast(tf.oneHot(tf.tensor1d([7], 'int32'), 10), 'float32')], 1) as tf.Tensor2D).dataSync();
    });
    assert.notDeepEqual(Array.from(other), Array.from(z.subarray(0, 784)), 'the label changes the image for the same z');
    assert.throws(() => a.discriminatorLogits(new Float64Array(784)), /need labels/);
    a.dispose();
    b.dispose();
  });
}

test('a conditional MLP gives the same steps in both batch layouts (up to float32 rounding)', () => {
  const cfg = config({ model: 'mlp', generator: { hidden: [32], output: 'tanh' }, discriminator: { hidden: [32] } });
  const records = (['batch-major', 'feature-major'] as const).map((layout) => {
    const t = new GanTrainer(cfg, slice, { layout });
    const rs = [t.trainStep(), t.trainStep()];
    t.dispose();
    return rs;
  });
  records[0].forEach((r, i) => {
    const o = records[1][i];
    for (const key of ['dLoss', 'gLoss', 'dGradNorm', 'gGradNorm'] as const) assert.ok(Math.abs(r[key] - o[key]) < 1e-4 * (1 + Math.abs(r[key])), `${key}: ${r[key]} vs ${o[key]}`);
  });
});

test('conditional needs labels, with one line', () => {
  const unlabeled = new ImageDataset('unlabeled', mnist.pixels.subarray(0, 16 * 784), 28, 28, 1);
  assert.throws(() => new GanTrainer(config(), unlabeled), (e: Error) => e instanceof ConfigError && /conditional needs labeled data/.test(e.message));
  assert.equal(resolveConfig({}).conditional, false);
});

test('a conditional DCGAN trains with WGAN-GP and R1: finite, positive penalties and a Lipschitz estimate', () => {
  const t = new GanTrainer(config({ loss: 'wgan', gradientPenaltyWeight: 10, r1Gamma: 1, dSteps: 1 }), slice);
  for (let i = 0; i < 2; i++) {
    const r = t.trainStep();
    assert.ok(Number.isFinite(r.penalty) && r.penalty > 0, `penalty ${r.penalty}`);
    assert.ok(r.maxInputGradNorm !== undefined && r.maxInputGradNorm > 0 && Number.isFinite(r.dLoss));
    assert.ok(r.lipschitzEstimate !== undefined && r.lipschitzEstimate > 0 && Number.isFinite(r.lipschitzEstimate), `Lipschitz ${r.lipschitzEstimate}`);
  }
  t.dispose();
});
