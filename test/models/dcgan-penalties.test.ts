/**
 * Gradient penalties on a DCGAN critic (hand-written double backpropagation): the input gradient equals
 * the critic's own backward pass, and ∂P/∂θ of WGAN-GP and R1 equals central finite differences of P;
 * a conditional critic's penalties take ∇ₓ of the pixels only.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { maxRelErr } from '../helpers/compare.js';
import { DcganDiscriminator } from '../../src/models/dcgan-discriminator.js';
import { dcganInputGradient } from '../../src/models/dcgan-input-gradient.js';
import { dcganGradientPenalty, dcganR1Penalty, type FlatPenaltyValue } from '../../src/objectives/dcgan-penalties.js';
import type { DcganShape } from '../../src/models/dcgan-shape.js';
import { createRng } from '../../src/random/rng.js';

await setupBackend();

const SHAPES: DcganShape[] = [
  { height: 8, width: 8, channels: 1, noiseDim: 2, generatorChannels: [2], discriminatorChannels: [3, 4], kernelSize: 4 },
  { height: 4, width: 4, channels: 2, noiseDim: 2, generatorChannels: [2], discriminatorChannels: [3], kernelSize: 3, classes: 2 },
];

for (const shape of SHAPES) {
  test(`DCGAN critic D ${shape.discriminatorChannels}${shape.classes ? ', conditional' : ''}: input gradient = backward pass; ∂P/∂θ of WGAN-GP and R1 = finite differences`, () => {
    const critic = DcganDiscriminator.create(shape, createRng(1));
    const rng = createRng(2);
    for (const { variable } of critic.parameters()) tf.tidy(() => variable.assign(tf.mul(tf.tensor(rng.fillNormal(new Float32Array(variable.size)), variable.shape), 0.25) as never));
    const n = 3;
    const inputs = shape.height * shape.width * shape.channels + (shape.classes ?? 0);
    const real = tf.tensor2d(rng.fillNormal(new Float32Array(n * inputs)), [n, inputs]);
    const fake = tf.tensor2d(rng.fillNormal(new Float32Array(n * inputs)), [n, inputs]);
    const eps = tf.tensor2d([0.2, 0.5, 0.9], [n, 1]);
    // g against the critic's backward pass (∂(Σ f)/∂x, rows independent).
    tf.tidy(() => {
      const ig = dcganInputGradient(critic, real);
      const { cache } = critic.forwardWithCache(real);
      const { dInput } = critic.backward(cache, tf.ones([n, 1]), { weights: false, input: true });
      assert.ok(maxRelErr(ig.gradient.dataSync(), dInput!.dataSync()) < 1e-5);
    });
    const penalties: Record<string, () => FlatPenaltyValue> = {
      'WGAN-GP': () => dcganGradientPenalty(critic, real, fake, eps, { weight: 10 }),
      R1: () => dcganR1Penalty(critic, real, 3),
    };
    if (shape.classes) {
      // A conditional critic: ∇ₓ of the image's pixels only (DataColumns), WGAN-GP keeping the real label.
      const pixels = inputs - shape.classes;
      penalties['conditional WGAN-GP'] = () => dcganGradientPenalty(critic, real, fake, eps, { weight: 10 }, pixels);
      penalties['conditional R1'] = () => dcganR1Penalty(critic, real, 3, pixels);
      tf.tidy(() => {
        // The values against the pixel part of the input gradient, at x̂ = [ε·x_real + (1 − ε)·x_fake, y_real].
        const xHat = tf.concat([tf.slice(tf.add(tf.mul(eps, real), tf.mul(tf.sub(1, eps), fake)), [0, 0], [n, pixels]), tf.slice(real, [0, pixels], [n, shape.classes!])], 1) as tf.Tensor2D;
        const normsAt = (x: tf.Tensor2D) => Array.from(tf.norm(tf.slice(dcganInputGradient(critic, x).gradient, [0, 0], [n, pixels]), 2, 1).dataSync());
        const gp = normsAt(xHat).reduce((s, v) => s + 10 * (v - 1) ** 2, 0) / n;
        const r1 = normsAt(real).reduce((s, v) => s + 1.5 * v * v, 0) / n;
        assert.ok(Math.abs(penalties['conditional WGAN-GP']().value.dataSync()[0] - gp) <= 1e-4 * gp, 'conditional WGAN-GP value');
        assert.ok(Math.abs(penalties['conditional R1']().value.dataSync()[0] - r1) <= 1e-4 * r1, 'conditional R1 value');
        assert.ok(Math.abs(penalties.R1().value.dataSync()[0] - r1) > 1e-3 * r1, 'the label is a direction without dataColumns: a different R1');
        // The first convolution's label taps do not move ∇ₓ (the label channels are constant inputs).
        const w0 = penalties['conditional R1']().flat[0].dataSync();
        const c = shape.channels + shape.classes!;
        for (let i = 0; i < w0.length; i++) {
          const inChannel = Math.floor(i / shape.discriminatorChannels[0]) % c;
          if (inChannel >= shape.channels) assert.equal(w0[i], 0, `conv0/w[${i}] is a label tap: no gradient`);
        }
      });
    }
    for (const [name, penalty] of Object.entries(penalties)) {
      const flat = tf.tidy(() => penalty().flat.map((t) => t.dataSync()));
      const valueOf = () => tf.tidy(() => penalty().value.dataSync()[0]);
      critic.parameters().forEach(({ name: param, variable }, p) => {
        const values = Float32Array.from(variable.dataSync() as Float32Array);
        const idx = Array.from({ length: Math.min(values.length, 6) }, (_, j) => Math.floor((j * values.length) / Math.min(values.length, 6)));
        const at = (i: number, d: number) => {
          const v = Float32Array.from(values);
          v[i] += d;
          tf.tidy(() => variable.assign(tf.tensor(v, variable.shape) as never));
          const r = valueOf();
          tf.tidy(() => variable.assign(tf.tensor(values, variable.shape) as never));
          return r;
        };
        // Central differences at two step sizes; where they disagree a leakyRelu kink lies within reach
        // (P is only piecewise smooth), and that index is skipped.
        const fd = (i: number, h: number) => (at(i, h) - at(i, -h)) / (2 * h);
        const kept = idx.map((i, j) => ({ i, j, a: fd(i, 4e-3), b: fd(i, 2e-3) })).filter(({ a, b }) => Math.abs(a - b) <= 0.02 * Math.max(1, Math.abs(b)));
        assert.ok(kept.length >= idx.length / 2, `${name} ∂P/∂${param}: too many kinks (${kept.length} of ${idx.length} kept)`);
        for (const { i, b } of kept) {
          const an = flat[p][i];
          assert.ok(Math.abs(an - b) <= 0.02 * Math.max(1, Math.abs(b)), `${name} ∂P/∂${param}[${i}]: ${an} vs finite differences ${b}`);
        }
      });
    }
    tf.dispose([real, fake, eps]);
    critic.dispose();
  });
}
