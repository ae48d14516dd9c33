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
