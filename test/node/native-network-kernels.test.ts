/**
 * The native engine's whole-network kernels (src/node/backend/native/network-kernels.ts): an MLP's batch-major
 * forward and backward passes in one kernel call each (src/models/mlp-fused.ts), and all of a player's
 * Adam updates in one (src/training/adam-op.ts). Each must give exactly the bits of the layer-by-layer
 * path it replaces (the same one-layer kernels, run with the whole-network kernel unregistered), on odd
 * shapes, every activation and every combination of wanted gradients, at 1 and 2 threads; and the
 * layer-by-layer path is what the kernels replace (it ran, and its values are right: test/models).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend/backend.js';
import { loadNativeAddon } from '../../src/node/backend/native/addon.js';
import { FUSED_KERNELS } from '../../src/ops/fused-kernels.js';
import { createRng } from '../../src/random/rng.js';
import { Mlp, type MlpShape } from '../../src/models/mlp.js';
import type { ActivationName } from '../../src/models/activations.js';
import { adamUpdate, adamUpdates } from '../../src/training/adam-op.js';

const load = loadNativeAddon();
const skip = load.addon === undefined ? `the native addon is not available: ${load.reason}` : false;

const calls = new Map<string, number>();
/** Runs `f` with kernel `name` counted (on) or unregistered (off), then puts the registration back. */
function withKernel<T>(name: string, on: boolean, f: () => T): T {
  const config = tf.getKernel(name, 'wasm');
  assert.ok(config !== undefined, `${name} is registered on the native engine`);
  tf.unregisterKernel(name, 'wasm');
  if (on) tf.registerKernel({ ...config, kernelFunc: (args) => (calls.set(name, (calls.get(name) ?? 0) + 1), config.kernelFunc(args)) });
  try {
    return f();
  } finally {
    if (on) tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(config);
  }
}

const bits = (t: tf.Tensor): Uint8Array => new Uint8Array((t.dataSync() as Float32Array).slice().buffer);

/** Everything an MLP's training passes give for batch x and upstream gradient dy, as bytes. */
function passes(net: Mlp, x: tf.Tensor2D, dySeed: number, want: { weights: boolean; input: boolean }): Uint8Array[] {
  return tf.tidy(() => {
    const { output, cache } = net.forwardWithCache(x);
    const dy = tf.tensor2d(createRng(dySeed).fillNormal(new Float32Array(output.size)), output.shape as [number, number]);
    const { grads, dInput } = net.backward(cache, dy, want);
    return [
      ...cache.layerOutputs.map(bits),
      ...(grads ?? []).flatMap((g) => [bits(g.w), bits(g.b)]),
      ...(dInput === undefined ? [] : [bits(dInput)]),
    ];
  });
}

const SHAPES: { shape: MlpShape; n: number }[] = [
  { shape: { inputDim: 2, hidden: [128, 128, 128], outputDim: 1, activation: 'relu', outputActivation: 'linear' }, n: 512 },
  { shape: { inputDim: 7, hidden: [33], outputDim: 3, activation: 'leakyRelu', outputActivation: 'tanh' }, n: 1 },
  { shape: { inputDim: 1, hidden: [257, 5], outputDim: 1, activation: 'tanh', outputActivation: 'sigmoid' }, n: 33 },
  { shape: { inputDim: 784, hidden: [64], outputDim: 1, activation: 'sigmoid', outputActivation: 'linear' }, n: 7 },
  { shape: { inputDim: 3, hidden: [], outputDim: 2, activation: 'relu', outputActivation: 'leakyRelu' }, n: 257 },
];

for (const threads of [1, 2]) {
  test(`TsganMlpForward and TsganMlpBackward give the bits of the layer-by-layer passes (${threads} thread${threads > 1 ? 's' : ''})`, { skip }, async () => {
    assert.equal((await useBackend('native')).active, 'native');
    load.addon!.setThreads(threads);
    calls.clear();
    let cases = 0;
    for (const [s, { shape, n }] of SHAPES.entries()) {
      const net = Mlp.create(shape, createRng(10 + s), `fused-${s}`);
      const x = tf.tensor2d(createRng(20 + s).fillNormal(new Float32Array(n * shape.inputDim)), [n, shape.inputDim]);
      for (const want of [{ weights: true, input: false }, { weights: false, input: true }, { weights: true, input: true }]) {
        const fused = withKernel(FUSED_KERNELS.mlpForward, true, () => withKernel(FUSED_KERNELS.mlpBackward, true, () => passes(net, x, 30 + s, want)));
        const layered = withKernel(FUSED_KERNELS.mlpForward, false, () => withKernel(FUSED_KERNELS.mlpBackward, false, () => passes(net, x, 30 + s, want)));
        assert.equal(fused.length, layered.length);
        fused.forEach((f, i) => assert.deepEqual(f, layered[i], `shape ${s}, ${JSON.stringify(want)}, tensor ${i}`));
        cases++;
      }
      x.dispose();
      net.dispose();
    }
    assert.equal(calls.get(FUSED_KERNELS.mlpForward), cases, 'every fused forward pass ran in the whole-network kernel');
    assert.equal(calls.get(FUSED_KERNELS.mlpBackward), cases, 'every fused backward pass ran in the whole-network kernel');
  });
}

test('an MLP whose activation a whole-network kernel does not apply (softplus; elu backward) runs layer by layer on the native engine, with the results of a plain forward pass', { skip }, async () => {
  assert.equal((await useBackend('native')).active, 'native');
  calls.clear();
  for (const activation of ['softplus', 'elu'] as ActivationName[]) {
    const net = Mlp.create({ inputDim: 2, hidden: [9], outputDim: 1, activation, outputActivation: 'linear' }, createRng(1), `fallback-${activation}`);
    const x = tf.tensor2d(createRng(2).fillNormal(new Float32Array(16)), [8, 2]);
    const [viaCache, plain] = withKernel(FUSED_KERNELS.mlpForward, true, () =>
      withKernel(FUSED_KERNELS.mlpBackward, true, () =>
        tf.tidy(() => {
          const { output, cache } = net.forwardWithCache(x);
          const { grads } = net.backward(cache, tf.onesLike(output), { weights: true, input: false });
          assert.equal(grads!.length, 2);
          return [output.dataSync().slice(), net.forward(x).dataSync().slice()];
        }),
      ),
    );
    assert.deepEqual(viaCache, plain, activation);
    x.dispose();
    net.dispose();
  }
  // the matMul kernel applies elu (so elu's forward pass is one call) but not softplus; neither derivative
  // is in the dense-delta kernel, so both backward passes run layer by layer
  assert.equal(calls.get(FUSED_KERNELS.mlpForward) ?? 0, 1, 'elu forward in the whole-network kernel, softplus not');
  assert.equal(calls.get(FUSED_KERNELS.mlpBackward) ?? 0, 0);
});

test('TsganAdamMany gives the bits of one TsganAdam per parameter, and both the values of the Adam formula', { skip }, async () => {
  assert.equal((await useBackend('native')).active, 'native');
  calls.clear();
  const rng = createRng(3);
  const sizes = [[2, 128], [128], [1], [33, 7], [784]];
  const groups = sizes.map((shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const t = () => tf.tensor(rng.fillNormal(new Float32Array(n)), shape);
    return { p: t(), m: t(), v: tf.abs(t()), g: t() };
  });
  const a = { beta1: 0.5, oneMinusBeta1: 0.5, beta2: 0.999, oneMinusBeta2: Math.fround(1 - 0.999), sqrtBiasCorrection2: Math.fround(Math.sqrt(1 - 0.999 ** 3)), epsilon: 1e-8, stepSize: Math.fround(1e-3 / (1 - 0.5 ** 3)) };
  const many = withKernel(FUSED_KERNELS.adamMany, true, () => tf.tidy(() => adamUpdates(groups, a).map((r) => [bits(r.p), bits(r.m), bits(r.v)])));
  const one = tf.tidy(() => groups.map(({ p, m, v, g }) => adamUpdate(p, m, v, g, a)).map((r) => [bits(r.p), bits(r.m), bits(r.v)]));
  assert.equal(calls.get(FUSED_KERNELS.adamMany), 1, 'one kernel call for every parameter');
  assert.deepEqual(many, one);
  // the formula, on one value of each group (a swapped moment or step would be far off)
  groups.forEach(({ p, m, v, g }, i) => {
    const [p0, m0, v0, g0] = [p, m, v, g].map((t) => t.dataSync()[0]);
    const m1 = m0 * 0.5 + g0 * 0.5;
    const v1 = v0 * 0.999 + g0 * g0 * (1 - 0.999);
    const p1 = p0 - (m1 / (Math.sqrt(v1) / Math.sqrt(1 - 0.999 ** 3) + 1e-8)) * (1e-3 / (1 - 0.5 ** 3));
    const got = new Float32Array(many[i][0].buffer)[0];
    assert.ok(Math.abs(got - p1) <= 1e-6 * Math.max(1, Math.abs(p1)), `group ${i}: ${got} vs ${p1}`);
  });
  for (const t of groups.flatMap((x) => [x.p, x.m, x.v, x.g])) t.dispose();
});
