/**
 * The shared battery every objective passes (STYLE 9): analytic logit gradients against central
 * finite differences of the loss, the loss's number twin (what the step records report) against the
 * tensor loss, the direction each player pushes the logits, and leak-freedom.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { createObjective, OBJECTIVE_NAMES } from '../../src/objectives/registry.js';

await setupBackend();

const realL = [2.0, -0.7, 0.3, 4.1, -2.5];
const fakeL = [-1.2, 0.4, 0.9, -3.3, 1.6];

function lossAt(fn: (r: number[], f: number[]) => tf.Scalar, r: number[], f: number[]): number {
  const t = fn(r, f);
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

/** Central differences in float32 with h = 1e-2 (losses here are smooth away from hinge kinks). */
function numericGrad(fn: (r: number[], f: number[]) => tf.Scalar, r: number[], f: number[]) {
  const h = 1e-2;
  const gr = r.map((_, i) => {
    const p = [...r], m = [...r];
    p[i] += h; m[i] -= h;
    return (lossAt(fn, p, f) - lossAt(fn, m, f)) / (2 * h);
  });
  const gf = f.map((_, i) => {
    const p = [...f], m = [...f];
    p[i] += h; m[i] -= h;
    return (lossAt(fn, r, p) - lossAt(fn, r, m)) / (2 * h);
  });
  return { gr, gf };
}

const variants = [...OBJECTIVE_NAMES.map((n) => ({ name: n, smoothing: 0 })), { name: 'minimax', smoothing: 0.1 }, { name: 'least-squares', smoothing: 0.2 }];

for (const { name, smoothing } of variants) {
  const obj = createObjective(name, { labelSmoothing: smoothing });
  const dLoss = (r: number[], f: number[]) => {
    const v = obj.discriminatorLoss({ realLogits: tf.tensor1d(r), fakeLogits: tf.tensor1d(f) });
    for (const t of Object.values(v.terms)) t.dispose();
    return v.loss;
  };
  const gLoss = (_: number[], f: number[]) => {
    const v = obj.generatorLoss({ fakeLogits: tf.tensor1d(f) });
    for (const t of Object.values(v.terms)) t.dispose();
    return v.loss;
  };

  test(`${name} (s=${smoothing}): analytic discriminator logit gradients = finite differences`, () => {
    const { gr, gf } = numericGrad(dLoss, realL, fakeL);
    const a = obj.discriminatorLogitGradients({ realLogits: tf.tensor1d(realL), fakeLogits: tf.tensor1d(fakeL) });
    const ar = a.realLogits.dataSync(), af = a.fakeLogits.dataSync();
    gr.forEach((g, i) => assert.ok(Math.abs(ar[i] - g) < 2e-3 * Math.max(1, Math.abs(g)) + 1e-4, `real[${i}]: ${ar[i]} vs ${g}`));
    gf.forEach((g, i) => assert.ok(Math.abs(af[i] - g) < 2e-3 * Math.max(1, Math.abs(g)) + 1e-4, `fake[${i}]: ${af[i]} vs ${g}`));
  });

  test(`${name} (s=${smoothing}): analytic generator logit gradient = finite differences`, () => {
    const { gf } = numericGrad(gLoss, realL, fakeL);
    const a = obj.generatorLogitGradient({ fakeLogits: tf.tensor1d(fakeL) }).dataSync();
    gf.forEach((g, i) => assert.ok(Math.abs(a[i] - g) < 2e-3 * Math.max(1, Math.abs(g)) + 1e-4, `fake[${i}]: ${a[i]} vs ${g}`));
  });

  test(`${name} (s=${smoothing}): the float64 loss numbers equal the tensor losses, term by term, also at extreme logits`, () => {
    const cases: [number[], number[]][] = [
      [realL, fakeL],
      [[80, -95, 0, 1e-3], [-120, 60, 33, -0.5]], // far beyond sigmoid's float32 range: stable in both
      [[0.25], [-0.25, 7]],
    ];
    for (const [r, f] of cases) {
      const expectTensor = (v: { loss: tf.Scalar; terms: Readonly<Record<string, tf.Scalar>> }) => ({
        loss: v.loss.dataSync()[0],
        terms: Object.fromEntries(Object.entries(v.terms).map(([k, t]) => [k, t.dataSync()[0]])),
      });
      const want = tf.tidy(() => ({ d: expectTensor(obj.discriminatorLoss({ realLogits: tf.tensor1d(r), fakeLogits: tf.tensor1d(f) })), g: expectTensor(obj.generatorLoss({ fakeLogits: tf.tensor1d(f) })) }));
      const got = { d: obj.discriminatorLossNumbers(r, f), g: obj.generatorLossNumbers(f) };
      for (const side of ['d', 'g'] as const) {
        assert.deepEqual(Object.keys(got[side].terms), Object.keys(want[side].terms), `${side}: the same terms, in the same order`);
        const pairs: [string, number, number][] = [['loss', got[side].loss, want[side].loss], ...Object.keys(want[side].terms).map((k): [string, number, number] => [k, got[side].terms[k], want[side].terms[k]])];
        for (const [k, a, b] of pairs) assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)), `${side} ${k} at ${JSON.stringify([r, f])}: ${a} vs ${b}`);
      }
    }
  });

  test(`${name} (s=${smoothing}): each player pushes the logits its own way`, () => {
    // Where D is undecided (logit 0; LSGAN's output ½) the discriminator wants real outputs up and fake
    // outputs down; the generator wants fake outputs up.
    const c = name === 'least-squares' ? 0.5 : 0;
    const z = [c, c + 0.1, c - 0.1];
    const a = obj.discriminatorLogitGradients({ realLogits: tf.tensor1d(z), fakeLogits: tf.tensor1d(z) });
    for (const v of a.realLogits.dataSync()) assert.ok(v < 0, 'descending L_D raises real logits');
    for (const v of a.fakeLogits.dataSync()) assert.ok(v > 0, 'descending L_D lowers fake logits');
    for (const v of obj.generatorLogitGradient({ fakeLogits: tf.tensor1d(z) }).dataSync()) assert.ok(v < 0, 'descending L_G raises fake logits');
  });

  test(`${name} (s=${smoothing}): no tensor leaks`, () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const r = tf.tensor1d(realL), f = tf.tensor1d(fakeL);
      obj.discriminatorLoss({ realLogits: r, fakeLogits: f });
      obj.generatorLoss({ fakeLogits: f });
      obj.discriminatorLogitGradients({ realLogits: r, fakeLogits: f });
      obj.generatorLogitGradient({ fakeLogits: f });
    });
    assert.equal(tf.memory().numTensors, before);
  });
}

test('unknown objective names list the known ones', () => {
  assert.throws(() => createObjective('wgan-typo'), /unknown loss "wgan-typo": choose one of minimax, non-saturating, least-squares, hinge/);
});
