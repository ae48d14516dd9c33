/**
 * A tiny DCGAN in the training loop on a slice of MNIST: finite losses and the right shapes, exact
 * resume (state and checkpoint file), WGAN weight clipping, gradient penalties and spectral
 * normalization on its critic, what the config refuses.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { ConfigError, resolveConfig } from '../../src/training/config.js';
import type { StepRecord } from '../../src/training/records.js';
import { ImageDataset } from '../../src/data/image-dataset.js';
import { mnistDataset } from '../../src/node/data/idx-files.js';
import { loadCheckpoint, saveCheckpoint } from '../../src/node/run/checkpoint.js';
import { DcganDiscriminator } from '../../src/models/dcgan-discriminator.js';
import { DcganGenerator } from '../../src/models/dcgan-generator.js';
import { DcganSpectralNorm } from '../../src/models/dcgan-spectral-norm.js';
import { createRng } from '../../src/random/rng.js';
import { empiricalLipschitz } from '../../src/models/lipschitz.js';
import { dcganInputGradient } from '../../src/models/dcgan-input-gradient.js';

await setupBackend();

const mnist = mnistDataset('test');
const slice = new ImageDataset('mnist[0:256]', mnist.pixels.subarray(0, 256 * 784), 28, 28, 1, mnist.labels?.subarray(0, 256));

const tiny = (over: Record<string, unknown> = {}) =>
  resolveConfig({
    model: 'dcgan',
    dcgan: { generatorChannels: [8, 4], discriminatorChannels: [4, 8] },
    noise: { dim: 16 },
    batchSize: 16,
    steps: 4,
    snapshotEvery: 2,
    snapshotSamples: 10,
    lipschitzEvery: 1,
    ...over,
  });

const strip = (rs: StepRecord[]) => rs.map(({ stepMs, ...r }) => r);

test('a tiny DCGAN trains a few steps on a slice of MNIST with finite losses and the right shapes', async () => {
  const t = new GanTrainer<DcganGenerator, DcganDiscriminator>(tiny(), slice);
  assert.ok(t.generator instanceof DcganGenerator && t.discriminator instanceof DcganDiscriminator);
  assert.equal(t.layout, 'batch-major');
  const steps: StepRecord[] = [];
  const snaps: { step: number; n: number; dim: number; inRange: boolean }[] = [];
  let at2 = -1;
  for await (const e of t.run()) {
    if (e.type === 'step') {
      steps.push(e);
      if (e.step === 2) at2 = tf.memory().numTensors;
    } else {
      snaps.push({ step: e.step, n: e.fake.length / e.dim, dim: e.dim, inRange: e.fake.every((v) => v >= -1 && v <= 1) });
    }
  }
  assert.equal(tf.memory().numTensors, at2, 'no tensor growth across steps and snapshots');
  assert.deepEqual(steps.map((r) => r.step), [1, 2, 3, 4]);
  for (const r of steps) {
    for (const v of [r.dLoss, r.gLoss, r.dGradNorm, r.gGradNorm, r.realTerm, r.fakeTerm]) assert.ok(Number.isFinite(v), JSON.stringify(r));
    assert.ok(r.dGradNorm > 0 && r.gGradNorm > 0);
    assert.ok(r.dRealMean > 0 && r.dRealMean < 1 && r.dFakeMean > 0 && r.dFakeMean < 1);
    assert.ok(r.lipschitzEstimate !== undefined && r.lipschitzEstimate > 0 && Number.isFinite(r.lipschitzEstimate), 'measured for a DCGAN critic too');
  }
  assert.deepEqual(snaps, [
    { step: 2, n: 10, dim: 784, inRange: true },
    { step: 4, n: 10, dim: 784, inRange: true },
  ]);
  const logits = t.discriminatorLogits(new Float64Array(3 * 784));
  assert.equal(logits.length, 3);
  const gShapes = t.generator.parameters().map((p) => `${p.name}:${p.variable.shape}`);
  assert.deepEqual(gShapes, ['dense0/w:16,392', 'dense0/b:392', 'bn0/gamma:8', 'bn0/beta:8', 'deconv0/w:4,4,4,8', 'bn1/gamma:4', 'bn1/beta:4', 'deconv1/w:4,4,1,4', 'deconv1/b:1']);
  const dShapes = t.discriminator.parameters().map((p) => `${p.name}:${p.variable.shape}`);
  assert.deepEqual(dShapes, ['conv0/w:4,4,1,4', 'conv0/b:4', 'conv1/w:4,4,4,8', 'conv1/b:8', 'dense0/w:392,1', 'dense0/b:1']);
  const before = tf.memory().numTensors;
  t.dispose();
  assert.ok(tf.memory().numTensors < before);
});

test('a DCGAN run resumes exactly: getState/setState and a checkpoint file give the same next steps (batch-norm statistics included)', async () => {
  const collect = async (t: GanTrainer<DcganGenerator, DcganDiscriminator>, until: number) => {
    const out: StepRecord[] = [];
    for await (const e of t.run(until)) if (e.type === 'step') out.push(e);
    return out;
  };
  const a = new GanTrainer<DcganGenerator, DcganDiscriminator>(tiny({ loss: 'hinge' }), slice);
  await collect(a, 2);
  const state = await a.getState();
  assert.ok(state.generator.some((w) => w.name === 'bn0/runningMean' && w.values.some((v) => v !== 0)), 'running statistics moved and are saved');
  const dir = mkdtempSync(join(tmpdir(), 'tsgan-dcgan-'));
  try {
    const file = join(dir, 'checkpoint.json');
    saveCheckpoint(file, { config: a.config, state });
    const tail = strip(await collect(a, 4));
    const samples = a.sample(3, createRng(5)); // (the default snapshot noise comes from the config's seed)
    for (const restored of [state, loadCheckpoint(file).state]) {
      const b = new GanTrainer<DcganGenerator, DcganDiscriminator>(tiny({ loss: 'hinge', seed: 99 }), slice);
      await b.setState(restored);
      assert.deepEqual(strip(await collect(b, 4)), tail);
      assert.deepEqual(b.generator.getWeights(), a.generator.getWeights());
      assert.deepEqual(Array.from(b.sample(3, createRng(5))), Array.from(samples));
      b.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    a.dispose();
  }
});

test('WGAN with weight clipping trains a DCGAN critic: every critic parameter stays in [−c, c]', () => {
  const t = new GanTrainer(tiny({ loss: 'wgan', clipValue: 0.01, dSteps: 2, steps: 2 }), slice);
  const r = t.trainStep();
  assert.ok(Number.isFinite(r.dLoss) && Number.isFinite(r.gLoss));
  for (const { variable } of t.discriminator.parameters()) assert.ok(Math.max(...Array.from(variable.dataSync(), Math.abs)) <= 0.01 + 1e-9);
  t.dispose();
});

test('WGAN-GP and R1 train a DCGAN critic: finite positive penalties, per-sample input-gradient norms', () => {
  for (const over of [{ loss: 'wgan', gradientPenaltyWeight: 10, dSteps: 2 }, { r1Gamma: 1 }, { loss: 'wgan', gradientPenaltyWeight: 10, r1Gamma: 1 }]) {
    const t = new GanTrainer(tiny({ ...over, steps: 2 }), slice);
    for (let i = 0; i < 2; i++) {
      const r = t.trainStep();
      assert.ok(Number.isFinite(r.dLoss) && Number.isFinite(r.gLoss) && r.penalty > 0 && Number.isFinite(r.penalty), JSON.stringify(r));
      assert.ok(r.maxInputGradNorm !== undefined && r.maxInputGradNorm > 0 && Number.isFinite(r.maxInputGradNorm));
    }
    t.dispose();
  }
});

test('spectral normalization of a DCGAN critic: σ of every W_sn → 1, the gradient mapping equals finite differences, exact resume', async () => {
  const t = new GanTrainer<DcganGenerator, DcganDiscriminator>(tiny({ loss: 'wgan', discriminator: { spectralNorm: true }, dSteps: 2 }), slice);
  const sn = t.spectralNorm as DcganSpectralNorm;
  assert.ok(sn instanceof DcganSpectralNorm);
  const r = t.trainStep();
  assert.ok(Number.isFinite(r.dLoss) && Number.isFinite(r.gLoss));
  const state = await t.getState();
  assert.deepEqual(state.discriminator.filter((w) => w.name.startsWith('sn/')).map((w) => w.name), [
    'sn/conv0/w', 'sn/conv0/u', 'sn/conv0/v', 'sn/conv1/w', 'sn/conv1/u', 'sn/conv1/v', 'sn/dense0/w', 'sn/dense0/u', 'sn/dense0/v',
  ]);
  const next = t.trainStep();
  const b = new GanTrainer(tiny({ loss: 'wgan', discriminator: { spectralNorm: true }, dSteps: 2, seed: 5 }), slice);
  await b.setState(state);
  const { stepMs: _a, ...x } = next;
  const { stepMs: _b, ...y } = b.trainStep();
  assert.deepEqual(y, x);
  b.dispose();
  // Power iterations converge: the largest singular value of every normalized weight matrix is 1.
  for (let i = 0; i < 300; i++) sn.refresh();
  for (const { name, variable } of t.discriminator.parameters().filter((p) => p.name.endsWith('/w'))) {
    const out = variable.shape[variable.shape.length - 1];
    const m = variable.size / out;
    const w = Float64Array.from(variable.dataSync());
    let u = new Float64Array(out).fill(1);
    let sigma = 0;
    for (let it = 0; it < 200; it++) {
      const v = new Float64Array(m);
      for (let i = 0; i < m; i++) for (let j = 0; j < out; j++) v[i] += w[i * out + j] * u[j];
      const u2 = new Float64Array(out);
      for (let i = 0; i < m; i++) for (let j = 0; j < out; j++) u2[j] += w[i * out + j] * v[i];
      const nu = Math.hypot(...u2);
      sigma = Math.sqrt(nu);
      u = u2.map((q) => q / nu);
    }
    assert.ok(Math.abs(sigma - 1) < 5e-3, `σ(${name}_sn) = ${sigma}`);
  }
  // ∂L/∂W_raw for L = ⟨G, W_raw/σ⟩ with σ = vᵀ·W_raw·u (u, v held fixed) against central differences.
  const k = 2; // conv1/w
  const raw = sn.parameters()[k].variable;
  const values = Float32Array.from(raw.dataSync() as Float32Array);
  const G = createRng(3).fillNormal(new Float32Array(values.length));
  const [, uState, vState] = (await t.getState()).discriminator.filter((w) => w.name.startsWith('sn/conv1/'));
  const loss = (vals: Float32Array) => tf.tidy(() => {
    const w = tf.tensor2d(vals, [vState.values.length, uState.values.length]);
    const sigma = tf.sum(tf.mul(tf.tensor2d(vState.values, [vState.values.length, 1]), tf.matMul(w, tf.tensor2d(uState.values, [uState.values.length, 1]))));
    return tf.sum(tf.mul(tf.tensor1d(G), tf.reshape(tf.div(w, sigma), [-1]))).dataSync()[0];
  });
  const mapped = tf.tidy(() => {
    const flat = t.discriminator.parameters().map((p, i) => (i === k ? tf.tensor(G, p.variable.shape) : tf.zerosLike(p.variable)));
    return sn.parameterGradients(flat)[k].dataSync();
  });
  for (const i of [0, 7, 31, values.length - 1]) {
    const h = 1e-2;
    const up = Float32Array.from(values);
    up[i] += h;
    const down = Float32Array.from(values);
    down[i] -= h;
    const num = (loss(up) - loss(down)) / (2 * h);
    assert.ok(Math.abs(num - mapped[i]) < 2e-2 * Math.max(1, Math.abs(num)), `∂L/∂W[${i}]: ${mapped[i]} vs ${num}`);
  }
  t.dispose();
});

test('the config refuses what a DCGAN does not support, with one line', () => {
  const points = { dim: 2, label: 'blob', sample: (_: unknown, n: number) => new Float64Array(2 * n) };
  assert.throws(() => new GanTrainer(tiny(), points), (e: Error) => e instanceof ConfigError && /model dcgan needs image data/.test(e.message));
  const odd = new ImageDataset('odd', new Uint8Array(2 * 10 * 10), 10, 10, 1);
  assert.throws(() => new GanTrainer(tiny(), odd), /needs image sides divisible by 4, got 10×10/);
  assert.throws(() => new GanTrainer(tiny(), slice, { layout: 'feature-major' }), /feature-major layout is for MLPs only/);
  assert.equal(resolveConfig({}).model, 'mlp');
});

test('the empirical Lipschitz constant of a DCGAN critic is the largest input-gradient norm of the 3m points', () => {
  const t = new GanTrainer<DcganGenerator, DcganDiscriminator>(tiny(), slice);
  const real = tf.sub(tf.div(tf.tensor2d(slice.pixels.subarray(0, 8 * 784), [8, 784]), 127.5), 1) as tf.Tensor2D;
  const fake = t.generator.forward(tf.randomNormal([8, 16], 0, 1, 'float32', 3) as tf.Tensor2D);
  const got = empiricalLipschitz(t.discriminator, real, fake, 4).dataSync()[0];
  // Independently: the first-order pass of the penalties' double backpropagation at the same points.
  const eps = tf.tensor2d([0.125, 0.375, 0.625, 0.875], [4, 1]);
  const r4 = tf.slice(real, [0, 0], [4, 784]);
  const f4 = tf.slice(fake, [0, 0], [4, 784]);
  const x = tf.concat([r4, f4, tf.add(tf.mul(eps, r4), tf.mul(tf.sub(1, eps), f4))], 0) as tf.Tensor2D;
  const g = dcganInputGradient(t.discriminator, x).gradient;
  const norms = Array.from(tf.sqrt(tf.sum(tf.square(g), 1)).dataSync());
  const want = Math.max(...norms);
  assert.ok(Math.abs(got - want) <= 1e-5 * want, `${got} vs ${want}`);
  // Finite differences along the gradient of the row with the largest norm: f(x + h·u) − f(x − h·u) ≈ 2h‖∇f‖.
  const i = norms.indexOf(want);
  const xi = tf.slice(x, [i, 0], [1, 784]);
  const u = tf.div(tf.slice(g, [i, 0], [1, 784]), want);
  const h = 1e-2;
  const fd = (t.discriminator.forward(tf.add(xi, tf.mul(u, h)) as tf.Tensor2D).dataSync()[0] - t.discriminator.forward(tf.sub(xi, tf.mul(u, h)) as tf.Tensor2D).dataSync()[0]) / (2 * h);
  assert.ok(Math.abs(fd - want) < 0.05 * want, `finite difference ${fd} vs ${want}`);
  t.dispose();
});
