/**
 * WGAN-GP and R1 on a class-conditional MLP critic f(x, y), rows [x, one-hot y] (DataColumns in
 * objectives/penalties.ts): only ∇ₓf is penalized, and WGAN-GP keeps the real row's label.
 *
 * The check: when every real row has class c, f(·, c) is an unconditional MLP f_c with the first
 * layer's bias b + W_y[c] and its x rows W_x. So the conditional penalties must equal the
 * unconditional ones of f_c (those are checked against PyTorch in penalties.test.ts), and their
 * weight gradients must match: the same for W_x and later layers, ∂P/∂b for b and for row c of W_y,
 * zero for the other label rows.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { Mlp, type NamedWeights } from '../../src/models/mlp.js';
import { gradientPenalty, r1Penalty, type PenaltyValue } from '../../src/objectives/penalties.js';
import { createRng } from '../../src/random/rng.js';
import type { ActivationName } from '../../src/models/activations.js';

await setupBackend();

const DIM = 3;
const CLASSES = 4;
const N = 6;

/** Rows [x, one-hot(label)] as a tensor. */
function rows(x: number[][], labels: number[]): tf.Tensor2D {
  return tf.tensor2d(x.map((r, i) => [...r, ...Array.from({ length: CLASSES }, (_, k) => (k === labels[i] ? 1 : 0))]));
}

/** f_c: the unconditional MLP equal to f(·, c). */
function fixedClass(f: Mlp, c: number, activation: ActivationName): Mlp {
  const g = Mlp.create({ inputDim: DIM, hidden: f.shape.hidden, outputDim: 1, activation, outputActivation: 'linear' }, createRng(9), 'fc');
  const ws = f.getWeights();
  const w0 = ws.find((w) => w.name === 'dense0/w')!;
  const b0 = ws.find((w) => w.name === 'dense0/b')!;
  const h = w0.shape[1];
  const wx = w0.values.slice(0, DIM * h);
  const b = Float32Array.from(b0.values, (v, j) => v + w0.values[(DIM + c) * h + j]);
  g.setWeights(ws.map((w): NamedWeights => (w.name === 'dense0/w' ? { ...w, shape: [DIM, h], values: wx } : w.name === 'dense0/b' ? { ...w, values: b } : w)));
  return g;
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>, what: string) => {
  assert.equal(a.length, b.length, what);
  const scale = Math.max(1e-6, ...Array.from(b, Math.abs));
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= 1e-4 * scale, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
};

function checkAgainstFixedClass(cond: PenaltyValue, plain: PenaltyValue, c: number): void {
  close(cond.value.dataSync(), plain.value.dataSync(), 'value');
  close(cond.gradNorms.dataSync(), plain.gradNorms.dataSync(), 'norms');
  const h = plain.grads[0].w.shape[1];
  const gw = cond.grads[0].w.dataSync();
  close(gw.slice(0, DIM * h), plain.grads[0].w.dataSync(), 'dense0/w, x rows');
  const gb = plain.grads[0].b.dataSync();
  for (let k = 0; k < CLASSES; k++) {
    const row = gw.slice((DIM + k) * h, (DIM + k + 1) * h);
    if (k === c) close(row, gb, 'dense0/w, the real label row = ∂P/∂b');
    else assert.ok(row.every((v) => v === 0), `dense0/w, label row ${k} has no gradient`);
  }
  close(cond.grads[0].b.dataSync(), gb, 'dense0/b');
  for (let l = 1; l < plain.grads.length; l++) {
    close(cond.grads[l].w.dataSync(), plain.grads[l].w.dataSync(), `dense${l}/w`);
    close(cond.grads[l].b.dataSync(), plain.grads[l].b.dataSync(), `dense${l}/b`);
  }
}

for (const activation of ['tanh', 'leakyRelu', 'softplus'] as const) {
  test(`conditional WGAN-GP and R1 (${activation}) equal the unconditional penalties of f(·, c), gradients included`, () => {
    const f = Mlp.create({ inputDim: DIM + CLASSES, hidden: [8, 8], outputDim: 1, activation, outputActivation: 'linear' }, createRng(4), 'critic');
    const rng = createRng(11);
    const x = () => Array.from({ length: N }, () => Array.from({ length: DIM }, () => rng.uniform() * 2 - 1));
    const xr = x();
    const xf = x();
    const c = 2;
    const real = rows(xr, Array(N).fill(c));
    const fake = rows(xf, [0, 1, 3, 0, 1, 3]); // other classes: GP must use the real label at x̂
    const eps = tf.tensor2d(Array.from({ length: N }, () => [rng.uniform()]));
    const fc = fixedClass(f, c, activation);
    const o = { weight: 10 };
    checkAgainstFixedClass(gradientPenalty(f, real, fake, eps, o, DIM), gradientPenalty(fc, tf.tensor2d(xr), tf.tensor2d(xf), eps, o), c);
    checkAgainstFixedClass(r1Penalty(f, real, 3, DIM), r1Penalty(fc, tf.tensor2d(xr), 3), c);
    // Without DataColumns the label is a direction too, and the soft label between classes is used: different.
    const whole = gradientPenalty(f, real, fake, eps, o).value.dataSync()[0];
    assert.notEqual(whole, gradientPenalty(f, real, fake, eps, o, DIM).value.dataSync()[0]);
  });
}

test('a conditional MLP GAN trains with WGAN-GP and R1: finite, positive penalties', async () => {
  const { GanTrainer } = await import('../../src/training/trainer.js');
  const { resolveConfig } = await import('../../src/training/config.js');
  const { ImageDataset } = await import('../../src/data/image-dataset.js');
  const { mnistDataset } = await import('../../src/node/data/idx-files.js');
  const mnist = mnistDataset('test');
  const slice = new ImageDataset('mnist[0:64]', mnist.pixels.subarray(0, 64 * 784), 28, 28, 1, mnist.labels?.subarray(0, 64));
  const t = new GanTrainer(
    resolveConfig({ conditional: true, loss: 'wgan', gradientPenaltyWeight: 10, r1Gamma: 1, noise: { dim: 8 }, generator: { hidden: [16], output: 'tanh' }, discriminator: { hidden: [16] }, batchSize: 8, steps: 2 }),
    slice,
  );
  for (let i = 0; i < 2; i++) {
    const r = t.trainStep();
    assert.ok(Number.isFinite(r.penalty) && r.penalty > 0, `penalty ${r.penalty}`);
    assert.ok(r.maxInputGradNorm !== undefined && r.maxInputGradNorm > 0);
  }
  t.dispose();
});
