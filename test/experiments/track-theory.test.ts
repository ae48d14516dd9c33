/**
 * Theory tracking on a real (short) training run: V(D, G) of the trained D ≤ V(D*, G) (E3),
 * V(D*, G) = −log 4 + 2·JS (E5), the exact generator density when it applies and a KDE otherwise,
 * and the integrals against Monte Carlo averages over fresh samples.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setupBackend } from '../helpers/backend.js';
import { distributionFromSpec } from '../../src/data/index.js';
import { generatorModel } from '../../src/experiments/generator-model.js';
import { theoryRecordFor, theoryTrackingProblem } from '../../src/experiments/track-theory.js';
import { EmpiricalDataset } from '../../src/data/index.js';
import { createRng } from '../../src/random/rng.js';
import { optimalDiscriminator, sigmoid, softplus } from '../../src/theory/index.js';
import { resolveConfig } from '../../src/training/config.js';
import { GanTrainer } from '../../src/training/trainer.js';

await setupBackend();

const data = distributionFromSpec({ type: 'normal', mean: [2], std: [0.5] });

async function trained(noiseDim: number): Promise<GanTrainer> {
  const cfg = resolveConfig({
    data: 'inline',
    steps: 150,
    batchSize: 64,
    noise: { dim: noiseDim },
    generator: { hidden: [16, 16] },
    discriminator: { hidden: [16, 16] },
    optimizer: { generator: { name: 'adam', learningRate: 2e-3 }, discriminator: { name: 'adam', learningRate: 2e-3 } },
    snapshotEvery: 150,
    seed: 4,
  });
  const t = new GanTrainer(cfg, data);
  for await (const _ of t.run()) void _;
  return t;
}

test('1-D data, 1-D noise, ReLU generator: exact P_g; E3 and E5 hold; the integrals match Monte Carlo', async () => {
  const t = await trained(1);
  try {
    const fake = t.sample(2000);
    const r = theoryRecordFor(t, data, fake, t.step);
    assert.equal(r.type, 'theory');
    assert.equal(r.step, 150);
    assert.equal(r.generatorDensity, 'exact');
    assert.ok(r.valueDG <= r.valueAtOptimum + 1e-6, `E3: V(D, G) = ${r.valueDG} ≤ V(D*, G) = ${r.valueAtOptimum}`);
    assert.ok(Math.abs(r.valueAtOptimum - r.minusLog4Plus2JS) < 1e-6, `E5: ${r.valueAtOptimum} vs ${r.minusLog4Plus2JS}`);
    assert.ok(r.js >= 0 && r.js <= Math.LN2);
    assert.ok(r.w1 !== undefined && r.w1 > 0);

    // Monte Carlo with 40,000 fresh samples of each (standard errors ≈ 0.005).
    const n = 40000;
    const xr = data.sample(createRng(11), n);
    const xg = t.sample(n, createRng(12));
    const ar = t.discriminatorLogits(xr);
    const ag = t.discriminatorLogits(xg);
    let v = 0;
    for (let i = 0; i < n; i++) v += (-softplus(-ar[i]) - softplus(ag[i])) / n;
    assert.ok(Math.abs(r.valueDG - v) < 0.02, `V(D, G): quadrature ${r.valueDG} vs Monte Carlo ${v}`);
    const g = generatorModel(t.generator, t.config, 1, fake);
    const dStar = optimalDiscriminator(data, g.density);
    let e = 0;
    for (let i = 0; i < n; i++) e += (0.5 * Math.abs(sigmoid(ar[i]) - dStar([xr[i]])) + 0.5 * Math.abs(sigmoid(ag[i]) - dStar([xg[i]]))) / n;
    assert.ok(Math.abs(r.meanAbsDStarError - e) < 0.02, `mean |D − D*|: quadrature ${r.meanAbsDStarError} vs Monte Carlo ${e}`);
  } finally {
    t.dispose();
  }
});

test('2-D noise: P_g by a kernel density estimate, and the record says so', async () => {
  const t = await trained(2);
  try {
    const r = theoryRecordFor(t, data, t.sample(1500), t.step);
    assert.equal(r.generatorDensity, 'kde');
    assert.equal(r.kdeSamples, 1500);
    assert.ok(r.valueDG <= r.valueAtOptimum + 1e-4);
    assert.ok(Math.abs(r.valueAtOptimum - r.minusLog4Plus2JS) < 1e-4);
  } finally {
    t.dispose();
  }
});

test('data without a density, or of 3 dimensions, is refused with a reason', () => {
  assert.match(theoryTrackingProblem(new EmpiricalDataset(new Float64Array([1, 2, 3, 4]), 2, 'pts.csv')) ?? '', /no known density/);
  assert.match(theoryTrackingProblem(distributionFromSpec({ type: 'normal', mean: [0, 0, 0], std: [1, 1, 1] })) ?? '', /3-D/);
  assert.equal(theoryTrackingProblem(data), undefined);
});

test('the record carries the critic estimate E_r f − E_g f and K̂ on the snapshot, and W1 in 2-D by exact matching', async () => {
  const t = await trained(1);
  const fake = t.sample(2000);
  const r = theoryRecordFor(t, data, fake, 150);
  const logits = (x: Float64Array) => t.discriminatorLogits(x).reduce((a, b) => a + b, 0) / x.length;
  const again = theoryRecordFor(t, data, fake, 150);
  assert.equal(again.criticEstimate, r.criticEstimate, 'deterministic per (seed, step)');
  assert.ok(Math.abs(r.criticEstimate) < 10 && r.lipschitzEstimate > 0, JSON.stringify(r));
  assert.equal(r.w1Method, 'exact, from the CDFs');
  // the same difference of mean logits, on an independent larger data draw
  const gap = logits(data.sample(createRng(11), 20000)) - logits(fake);
  assert.ok(Math.abs(gap - r.criticEstimate) < 0.05 * Math.max(1, Math.abs(gap)), `${gap} vs ${r.criticEstimate}`);
  t.dispose();
  const ring = distributionFromSpec('ring8');
  const cfg2 = resolveConfig({ data: 'ring8', steps: 5, batchSize: 32, generator: { hidden: [8] }, discriminator: { hidden: [8] }, seed: 1 });
  const t2 = new GanTrainer(cfg2, ring);
  for (let i = 0; i < 5; i++) t2.trainStep();
  const r2 = theoryRecordFor(t2, ring, t2.sample(600), 5);
  assert.match(r2.w1Method!, /exact matching, 500 vs 500 samples/);
  assert.ok(r2.w1! > 0.1 && r2.w1! < 3, `2-D W1 ${r2.w1}`);
  t2.dispose();
});
