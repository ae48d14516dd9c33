/**
 * The residual MLP (`--model resmlp`, src/models/residual-mlp.ts), added through the model registry
 * alone (src/training/models.ts): its hand-written backward pass against TF.js autodiff, its residual
 * forward pass by hand, its weights' round trip, and training on ring8 through the CLI with no trainer
 * change — with one-line refusals of what it does not have (a gradient penalty, spectral normalization,
 * unequal widths).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import '../helpers/tf-gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { maxRelErr } from '../helpers/compare.js';
import { ResidualMlp } from '../../src/models/residual-mlp.js';
import type { ActivationName } from '../../src/models/activations.js';
import { createRng } from '../../src/random/rng.js';
import { MODELS } from '../../src/training/models.js';
import { assertBadInput, tempDir, tsgan } from '../helpers/cli.js';

await setupBackend();

for (const act of ['relu', 'leakyRelu', 'tanh'] as ActivationName[]) {
  for (const blocks of [0, 1, 3]) {
    test(`residual MLP (${act}, ${blocks} block${blocks === 1 ? '' : 's'}): the explicit backward pass equals TF.js autodiff for every weight and the input`, () => {
      const rng = createRng(11 + blocks);
      const net = ResidualMlp.create({ inputDim: 3, width: 8, blocks, outputDim: 2, activation: act, outputActivation: 'tanh' }, rng, 'res');
      const x = tf.tensor2d(rng.fillNormal(new Float32Array(6 * 3)), [6, 3]);
      const upstream = tf.tensor2d(rng.fillNormal(new Float32Array(6 * 2)), [6, 2]);
      const vars = net.parameters().map((p) => p.variable);
      const ref = tf.variableGrads(() => tf.sum(tf.mul(net.forward(x), upstream)) as tf.Scalar, vars);
      const refX = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(net.forward(xx as tf.Tensor2D), upstream)))(x);
      const { grads, dInput } = tf.tidy(() => {
        const { cache } = net.forwardWithCache(x);
        return net.backward(cache, upstream, { weights: true, input: true }) as { grads: tf.Tensor[]; dInput: tf.Tensor2D };
      });
      const flat = net.flatGradients(grads);
      assert.equal(flat.length, 2 * (2 * blocks + 2), 'in, two layers per block, out: a weight and a bias each');
      net.parameters().forEach((p, i) => assert.ok(maxRelErr(flat[i].dataSync(), ref.grads[p.variable.name].dataSync()) < 1e-4, `${p.name}: ${maxRelErr(flat[i].dataSync(), ref.grads[p.variable.name].dataSync())}`));
      assert.ok(maxRelErr(dInput.dataSync(), refX.dataSync()) < 1e-4, 'dx');
      net.dispose();
    });
  }
}

test('residual MLP: each block adds a correction to its input (a₁ = a₀ + W2·act(W1·a₀)), by hand', () => {
  const net = ResidualMlp.create({ inputDim: 1, width: 1, blocks: 1, outputDim: 1, activation: 'relu', outputActivation: 'linear' }, createRng(3), 'hand');
  const set = (name: string, v: number) => net.parameters().find((p) => p.name === name)!.variable.assign(tf.fill(net.parameters().find((p) => p.name === name)!.variable.shape, v));
  set('in/w', 2); set('in/b', 0); set('block0/inner/w', 3); set('block0/inner/b', -1); set('block0/outer/w', 0.5); set('block0/outer/b', 0.25); set('out/w', 1); set('out/b', 0);
  // x = 1: a₀ = relu(2) = 2; u = relu(3·2 − 1) = 5; a₁ = 2 + (0.5·5 + 0.25) = 4.75; output 4.75
  const y = net.forward(tf.tensor2d([[1]])).dataSync()[0];
  assert.equal(y, 4.75);
  net.dispose();
});

test('residual MLP: weights round-trip by name; wrong names or shapes are refused', () => {
  const shape = { inputDim: 2, width: 4, blocks: 2, outputDim: 1, activation: 'relu', outputActivation: 'linear' } as const;
  const a = ResidualMlp.create(shape, createRng(1), 'a');
  const b = ResidualMlp.create(shape, createRng(2), 'b');
  b.setWeights(a.getWeights());
  assert.deepEqual(b.getWeights(), a.getWeights());
  assert.deepEqual(a.getWeights().map((w) => w.name), ['in/w', 'in/b', 'block0/inner/w', 'block0/inner/b', 'block0/outer/w', 'block0/outer/b', 'block1/inner/w', 'block1/inner/b', 'block1/outer/w', 'block1/outer/b', 'out/w', 'out/b']);
  assert.throws(() => b.setWeights(a.getWeights().slice(1)), /missing in\/w/);
  assert.throws(() => b.setWeights(a.getWeights().map((w) => (w.name === 'out/w' ? { ...w, shape: [1, 4] } : w))), /out\/w have shape \[1,4\]/);
  a.dispose();
  b.dispose();
});

test('the registry declares resmlp with no double backpropagation, spectral normalization or feature-major passes', () => {
  const net = ResidualMlp.create({ inputDim: 2, width: 4, blocks: 1, outputDim: 1, activation: 'relu', outputActivation: 'linear' }, createRng(1), 'caps');
  assert.deepEqual(Object.keys(net.capabilities).sort(), ['lipschitzPoints', 'sampleChunk']);
  assert.equal(MODELS.resmlp.packs, true);
  net.dispose();
});

test('every model in the registry declares for its critic exactly the capabilities its discriminator network has', async () => {
  const { createNetwork } = await import('../../src/training/networks.js');
  const { resolveConfig } = await import('../../src/training/config.js');
  const { randomImageDataset } = await import('../../src/bench/uniform-table.js');
  const { distributionFromSpec } = await import('../../src/data/index.js');
  for (const [name, spec] of Object.entries(MODELS)) {
    const images = name === 'dcgan';
    const config = resolveConfig({ model: name, data: images ? 'random-images' : 'ring8', ...(images ? { dcgan: { generatorChannels: [8, 4], discriminatorChannels: [4, 8] } } : { generator: { hidden: [8, 8] }, discriminator: { hidden: [8, 8] } }) });
    const data = images ? randomImageDataset(16, 28, 28, createRng(1)) : distributionFromSpec('ring8');
    const d = createNetwork('discriminator', config, data);
    assert.equal(d.capabilities.doubleBackprop !== undefined, spec.critic.penalties, `${name}: penalties`);
    assert.equal(d.capabilities.spectralNorm !== undefined, spec.critic.spectralNorm, `${name}: spectral normalization`);
    assert.equal(d.capabilities.sampleChunk, spec.sampleChunk, `${name}: sample chunk`);
    d.dispose();
  }
});

test('`tsgan train --model resmlp` trains ring8 through the registry (no trainer change): finite records, samples near the ring', () => {
  const out = join(tempDir(), 'resmlp');
  const r = tsgan(['train', '--model', 'resmlp', '--g-hidden', '32,32', '--d-hidden', '32,32', '--batch-size', '128', '--steps', '300', '--snapshot-every', '300', '--seed', '1', '--out', out, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.equal(summary.steps, 300);
  const steps = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((rec) => rec.type === 'step');
  assert.equal(steps.length, 300);
  assert.ok(steps.every((s) => Number.isFinite(s.dLoss) && Number.isFinite(s.gLoss)));
  // the generator has moved its samples from the origin (where a fresh G puts them) out to the unit circle
  assert.ok(summary.eval.w1 < 0.5, `W1 after 300 steps: ${summary.eval.w1}`);
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
  assert.equal(config.model, 'resmlp');
  // the summary's recipe line names the networks the run has, not only the recipe's MLPs
  assert.match(r.stdout, /recipe for ring8: non-saturating GAN, ReLU MLPs .*; with --model resmlp the networks are residual MLPs/);
});

test('resmlp refuses, in one line, what it does not have: unequal widths, a gradient penalty, spectral normalization', () => {
  assertBadInput(['train', '--model', 'resmlp', '--g-hidden', '32,16', '--steps', '5'], /^tsgan: model resmlp: generator\.hidden must be one width repeated/);
  assertBadInput(['train', '--model', 'resmlp', '--loss', 'wgan', '--gradient-penalty', '10', '--steps', '5'], /^tsgan: model resmlp has no double backpropagation for a gradient penalty/);
  assertBadInput(['train', '--model', 'resmlp', '--spectral-norm', '--steps', '5'], /^tsgan: model resmlp has no spectral normalization/);
});
