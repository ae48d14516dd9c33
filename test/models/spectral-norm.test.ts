/** Spectral normalization (Miyato et al. 2018) and the empirical Lipschitz constant (E8, E9). */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { largestSingularValue } from '../helpers/spectral.js';
import { Mlp } from '../../src/models/mlp.js';
import { SpectralNorm } from '../../src/models/spectral-norm.js';
import { empiricalLipschitz } from '../../src/models/lipschitz.js';
import { createRng } from '../../src/random/rng.js';

await setupBackend();


const shape = { inputDim: 3, hidden: [7, 5], outputDim: 1, activation: 'relu' as const, outputActivation: 'linear' as const };

test('power iteration: σ converges to the largest singular value of each raw weight matrix, and the network holds W/σ', () => {
  const net = Mlp.create(shape, createRng(1), 'sn');
  const raw = net.layers.map((l) => ({ values: Float64Array.from(l.w.dataSync()), shape: l.w.shape }));
  const sn = new SpectralNorm(net, createRng(2));
  for (let i = 0; i < 200; i++) sn.refresh();
  const sigmas = sn.sigmas();
  raw.forEach((w, i) => {
    const exact = largestSingularValue(w.values, w.shape[0], w.shape[1]);
    assert.ok(Math.abs(sigmas[i] - exact) / exact < 1e-4, `layer ${i}: σ ${sigmas[i]} vs exact ${exact}`);
    const eff = net.layers[i].w.dataSync();
    const effSigma = largestSingularValue(eff, w.shape[0], w.shape[1]);
    assert.ok(Math.abs(effSigma - 1) < 1e-4, `layer ${i}: ‖W/σ‖₂ = ${effSigma}`);
    for (let k = 0; k < eff.length; k++) assert.ok(Math.abs(eff[k] - w.values[k] / sigmas[i]) < 1e-6);
  });
  sn.dispose();
  net.dispose();
});

test('∂L/∂W = (G − ⟨G, W_sn⟩·v·uᵀ)/σ matches central finite differences of L(W) = ⟨C, W/(vᵀWu)⟩ (u, v fixed)', () => {
  const net = Mlp.create(shape, createRng(3), 'sn');
  const sn = new SpectralNorm(net, createRng(4));
  for (let i = 0; i < 3; i++) sn.refresh();
  const state = sn.getState();
  const layer = 1;
  const get = (key: string) => state.find((s) => s.name === `sn/dense${layer}/${key}`)!;
  const W = Float64Array.from(get('w').values);
  const u = Float64Array.from(get('u').values);
  const v = Float64Array.from(get('v').values);
  const [rows, cols] = get('w').shape;
  const C = createRng(5).fillNormal(new Float64Array(rows * cols));
  const L = (w: Float64Array) => {
    let sigma = 0;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) sigma += v[r] * w[r * cols + c] * u[c];
    return w.reduce((acc, x, k) => acc + (C[k] * x) / sigma, 0);
  };
  // G = ∂L/∂W_sn = C; the mapped gradient for this layer:
  const flat = net.parameters().map((p, k) => (k === 2 * layer ? tf.tensor2d(Float32Array.from(C), [rows, cols]) : tf.zerosLike(p.variable)));
  const mapped = sn.parameterGradients(flat)[2 * layer].dataSync();
  const h = 1e-5;
  for (let k = 0; k < W.length; k++) {
    const wp = Float64Array.from(W);
    wp[k] += h;
    const wm = Float64Array.from(W);
    wm[k] -= h;
    const fd = (L(wp) - L(wm)) / (2 * h);
    assert.ok(Math.abs(mapped[k] - fd) <= 1e-3 * Math.max(1, Math.abs(fd)), `entry ${k}: ${mapped[k]} vs ${fd}`);
  }
  flat.forEach((t) => t.dispose());
  sn.dispose();
  net.dispose();
});

test('state round trip: a restored spectral norm gives bit-identical σ and gradients', () => {
  const a = Mlp.create(shape, createRng(6), 'sn');
  const sa = new SpectralNorm(a, createRng(7));
  sa.refresh();
  const b = Mlp.create(shape, createRng(8), 'sn');
  const sb = new SpectralNorm(b, createRng(9));
  b.setWeights(a.getWeights());
  sb.setState(sa.getState());
  assert.deepEqual(sb.sigmas(), sa.sigmas());
  const g = a.parameters().map((p) => tf.onesLike(p.variable));
  const ga = sa.parameterGradients(g).map((t) => Array.from(t.dataSync()));
  const gb = sb.parameterGradients(g).map((t) => Array.from(t.dataSync()));
  assert.deepEqual(gb, ga);
  sa.refresh();
  sb.refresh();
  assert.deepEqual(Array.from(b.layers[0].w.dataSync()), Array.from(a.layers[0].w.dataSync()));
  [sa, sb, a, b].forEach((x) => x.dispose());
});

test('empirical Lipschitz constant of a conditional critic f(x, y): ∇ₓ only, interpolates keep the real label', () => {
  // Linear: f = 3x₁ − 4x₂ + 7y₁ + 100y₂: ‖∇ₓf‖ = 5, while the whole gradient's norm is ≈ 100.4.
  const lin = Mlp.create({ inputDim: 4, hidden: [], outputDim: 1, activation: 'relu', outputActivation: 'linear' }, createRng(1), 'lin');
  lin.setWeights([{ name: 'dense0/w', shape: [4, 1], values: Float32Array.from([3, -4, 7, 100]) }, { name: 'dense0/b', shape: [1], values: Float32Array.from([0]) }]);
  const rng = createRng(6);
  const m = 5;
  const rowsOf = (labels: number[]) => tf.tensor2d(labels.flatMap((c) => [rng.normal(), rng.normal(), c === 0 ? 1 : 0, c === 1 ? 1 : 0]), [m, 4]);
  const real = rowsOf([0, 1, 0, 1, 1]);
  const fake = rowsOf([1, 0, 1, 0, 0]);
  assert.ok(Math.abs(empiricalLipschitz(lin, real, fake, m, 2).dataSync()[0] - 5) < 1e-5);
  assert.ok(Math.abs(empiricalLipschitz(lin, real, fake, m).dataSync()[0] - Math.hypot(3, 4, 7, 100)) < 1e-3);
  // Nonlinear: against central differences of x ↦ f([x, y]) at the real, fake and interpolated points (the real label).
  const net = Mlp.create({ inputDim: 4, hidden: [16], outputDim: 1, activation: 'tanh', outputActivation: 'linear' }, createRng(4), 'c');
  const labelsOf = (t: tf.Tensor2D) => tf.slice(t, [0, 2], [m, 2]);
  const xOf = (t: tf.Tensor2D) => tf.slice(t, [0, 0], [m, 2]);
  const eps = tf.tensor2d(Array.from({ length: m }, (_, i) => [(i + 0.5) / m]));
  const points: [tf.Tensor, tf.Tensor][] = [
    [xOf(real), labelsOf(real)],
    [xOf(fake), labelsOf(fake)],
    [tf.add(tf.mul(eps, xOf(real)), tf.mul(tf.sub(1, eps), xOf(fake))), labelsOf(real)],
  ];
  let expected = 0;
  const h = 1e-2;
  for (const [x, y] of points) {
    const f = (dx: number[]) => net.forward(tf.concat([tf.add(x, tf.tensor2d([dx])), y], 1) as tf.Tensor2D).dataSync();
    const g = [0, 1].map((j) => {
      const up = f(j === 0 ? [h, 0] : [0, h]);
      const down = f(j === 0 ? [-h, 0] : [0, -h]);
      return Array.from(up, (u, i) => (u - down[i]) / (2 * h));
    });
    expected = Math.max(expected, ...g[0].map((a, i) => Math.hypot(a, g[1][i])));
  }
  const got = empiricalLipschitz(net, real, fake, m, 2).dataSync()[0];
  assert.ok(Math.abs(got - expected) < 1e-3 * Math.max(1, expected), `${got} vs ${expected}`);
  assert.ok(Math.abs(empiricalLipschitz(net, real, fake, m).dataSync()[0] - got) > 1e-4, 'the labels are directions without dataColumns');
});

test('empirical Lipschitz constant: ‖w‖ for a linear critic; ≤ 1 for a ReLU critic with spectral normalization', () => {
  const lin = Mlp.create({ inputDim: 2, hidden: [], outputDim: 1, activation: 'relu', outputActivation: 'linear' }, createRng(1), 'lin');
  lin.setWeights([{ name: 'dense0/w', shape: [2, 1], values: Float32Array.from([3, -4]) }, { name: 'dense0/b', shape: [1], values: Float32Array.from([0.5]) }]);
  const real = tf.tensor2d(createRng(2).fillNormal(new Float32Array(200)), [100, 2]);
  const fake = tf.tensor2d(createRng(3).fillNormal(new Float32Array(200)), [100, 2]);
  assert.ok(Math.abs(empiricalLipschitz(lin, real, fake).dataSync()[0] - 5) < 1e-5);
  const net = Mlp.create({ inputDim: 2, hidden: [64, 64], outputDim: 1, activation: 'relu', outputActivation: 'linear' }, createRng(4), 'c');
  const before = empiricalLipschitz(net, real, fake).dataSync()[0];
  const sn = new SpectralNorm(net, createRng(5));
  for (let i = 0; i < 50; i++) sn.refresh();
  const after = empiricalLipschitz(net, real, fake).dataSync()[0];
  assert.ok(after <= 1 + 1e-4 && after > 0.05, `with spectral norm: ${after}`);
  // the product of σ's bounds the raw network's constant
  const bound = sn.sigmas().reduce((p, s) => p * s, 1);
  assert.ok(before <= bound * (1 + 1e-4), `raw ${before} ≤ Πσ ${bound}`);
  [lin, net, sn, real, fake].forEach((x) => x.dispose());
});
