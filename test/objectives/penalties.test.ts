/**
 * WGAN-GP and R1 penalties (THEORY E9) against PyTorch float64 autograd
 * (scripts/make-fixtures/gradient_penalty.py): every file of test/fixtures/gradient-penalty/ and of
 * $TSGAN_FIXTURES/gradient-penalty/ when set (test/helpers/fixtures.ts), values and gradients w.r.t.
 * every weight, 1e-3 relative.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { dirLabel, fixtureDirs, fixtureFilesIn, repoFixtureDir } from '../helpers/fixtures.js';
import { Mlp } from '../../src/models/mlp.js';
import type { ActivationName } from '../../src/models/activations.js';
import { gradientPenalty, r1Penalty } from '../../src/objectives/penalties.js';
import { createRng } from '../../src/random/rng.js';

await setupBackend();

interface Fixture {
  activation: string;
  leakyReluAlpha: number;
  layers: { kernel: number[][]; bias: number[] }[];
  real: number[][];
  fake: number[][];
  epsilon: number[];
  gradientPenalty: { weight: number; target: number; value: number; grads: { kernel: number[][]; bias: number[] }[] };
  r1: { gamma: number; value: number; grads: { kernel: number[][]; bias: number[] }[] };
}

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Fixture;

function criticFrom(fx: Fixture): Mlp {
  const sizes = [fx.layers[0].kernel.length, ...fx.layers.map((l) => l.bias.length)];
  const net = Mlp.create(
    { inputDim: sizes[0], hidden: sizes.slice(1, -1), outputDim: 1, activation: fx.activation as ActivationName, outputActivation: 'linear' },
    createRng(0),
    'fixture',
  );
  net.setWeights(fx.layers.flatMap((l, i) => [
    { name: `dense${i}/w`, shape: [l.kernel.length, l.bias.length], values: Float32Array.from(l.kernel.flat()) },
    { name: `dense${i}/b`, shape: [l.bias.length], values: Float32Array.from(l.bias) },
  ]));
  return net;
}

/** max |a − b| / max(|b|), over a whole tensor. */
function relErr(a: ArrayLike<number>, b: number[]): number {
  const scale = Math.max(...b.map(Math.abs), 1e-12);
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m / scale;
}

for (const dir of fixtureDirs('gradient-penalty')) {
  test(`${dirLabel(dir)}: the fixtures cover every activation the toolkit offers for critics`, () => {
    const acts = fixtureFilesIn(dir).map((f) => read(f.path).activation).sort();
    assert.deepEqual(acts, ['elu', 'leakyRelu', 'relu', 'sigmoid', 'softplus', 'tanh']);
  });

  for (const { label: f, path } of fixtureFilesIn(dir)) {
    const fx = read(path);
    if (fx.activation === 'leakyRelu') assert.equal(fx.leakyReluAlpha, 0.2);

    test(`E9: ${f}: WGAN-GP penalty value and gradients match PyTorch`, () => {
      const net = criticFrom(fx);
      const p = gradientPenalty(net, tf.tensor2d(fx.real), tf.tensor2d(fx.fake), tf.tensor2d(fx.epsilon, [fx.epsilon.length, 1]), {
        weight: fx.gradientPenalty.weight,
        target: fx.gradientPenalty.target,
      });
      const v = p.value.dataSync()[0];
      assert.ok(Math.abs(v - fx.gradientPenalty.value) <= 1e-3 * Math.abs(fx.gradientPenalty.value), `value ${v} vs ${fx.gradientPenalty.value}`);
      fx.gradientPenalty.grads.forEach((g, i) => {
        const ew = relErr(p.grads[i].w.dataSync(), g.kernel.flat());
        const eb = relErr(p.grads[i].b.dataSync(), g.bias);
        assert.ok(ew < 1e-3, `layer ${i} kernel gradient: relative error ${ew}`);
        assert.ok(eb < 1e-3, `layer ${i} bias gradient: relative error ${eb}`);
      });
      net.dispose();
    });

    test(`E9: ${f}: R1 penalty value and gradients match PyTorch`, () => {
      const net = criticFrom(fx);
      const p = r1Penalty(net, tf.tensor2d(fx.real), fx.r1.gamma);
      const v = p.value.dataSync()[0];
      assert.ok(Math.abs(v - fx.r1.value) <= 1e-3 * Math.abs(fx.r1.value), `value ${v} vs ${fx.r1.value}`);
      fx.r1.grads.forEach((g, i) => {
        const ew = relErr(p.grads[i].w.dataSync(), g.kernel.flat());
        const eb = relErr(p.grads[i].b.dataSync(), g.bias);
        assert.ok(ew < 1e-3, `layer ${i} kernel gradient: relative error ${ew}`);
        assert.ok(eb < 1e-3, `layer ${i} bias gradient: relative error ${eb}`);
      });
      net.dispose();
    });
  }
}

test('penalties leak no tensors; the one-sided penalty ignores norms below the target', () => {
  const fx = read(fixtureFilesIn(repoFixtureDir('gradient-penalty'))[0].path);
  const net = criticFrom(fx);
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const eps = tf.tensor2d(fx.epsilon, [fx.epsilon.length, 1]);
    const p2 = gradientPenalty(net, tf.tensor2d(fx.real), tf.tensor2d(fx.fake), eps, { weight: 10, target: 1e6, oneSided: true });
    assert.equal(p2.value.dataSync()[0], 0);
    for (const g of p2.grads) assert.equal(tf.max(tf.abs(g.w)).dataSync()[0], 0);
    r1Penalty(net, tf.tensor2d(fx.real), 1);
  });
  assert.equal(tf.memory().numTensors, before);
  net.dispose();
});
