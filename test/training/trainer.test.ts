/** The training loop: determinism, Algorithm 1's k, state round trip, no tensor leaks. */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { resolveConfig } from '../../src/training/config.js';
import type { Dataset } from '../../src/data/distribution.js';
import type { StepRecord } from '../../src/training/records.js';
import { createRng, deriveSeed, type Rng } from '../../src/random/rng.js';

await setupBackend();

/** A 2-D data set: N((1, −1), 0.3² I). */
const blob: Dataset = {
  dim: 2,
  label: 'blob',
  sample(rng: Rng, n: number) {
    const out = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      out[2 * i] = 1 + 0.3 * rng.normal();
      out[2 * i + 1] = -1 + 0.3 * rng.normal();
    }
    return out;
  },
};

const small = (over: Record<string, unknown> = {}) =>
  resolveConfig({ steps: 40, batchSize: 32, generator: { hidden: [16, 16] }, discriminator: { hidden: [16, 16] }, snapshotEvery: 20, snapshotSamples: 50, ...over });

async function collect(t: GanTrainer, until?: number): Promise<StepRecord[]> {
  const out: StepRecord[] = [];
  for await (const e of t.run(until)) if (e.type === 'step') out.push(e);
  return out;
}
const strip = (rs: StepRecord[]) => rs.map(({ stepMs, ...r }) => r);

test('same seed and config give identical records; another seed differs', async () => {
  const a = new GanTrainer(small(), blob);
  const b = new GanTrainer(small(), blob);
  const c = new GanTrainer(small({ seed: 1 }), blob);
  const ra = strip(await collect(a));
  assert.deepEqual(ra, strip(await collect(b)));
  assert.notDeepEqual(ra, strip(await collect(c)));
  assert.deepEqual(Array.from(a.sample(10)), Array.from(b.sample(10)));
  for (const t of [a, b, c]) t.dispose();
});

test('records carry the game value and its terms: value = realTerm + fakeTerm, D means in (0, 1)', async () => {
  const t = new GanTrainer(small({ loss: 'minimax' }), blob);
  const rs = await collect(t);
  for (const r of rs) {
    assert.ok(Math.abs(r.value - (r.realTerm + r.fakeTerm)) < 1e-6);
    // for the log-loss objectives the D loss is −V on the same batch
    assert.ok(Math.abs(r.dLoss + r.value) < 1e-4, `dLoss ${r.dLoss} vs −V ${-r.value}`);
    assert.ok(Math.abs(r.dTerms.realTerm - r.realTerm) < 1e-6 && Math.abs(r.dTerms.fakeTerm - r.fakeTerm) < 1e-6);
    // saturating generator: its loss is E[log(1 − D(G(z)))] on a fresh batch, ≤ 0
    assert.ok(r.gLoss < 0 && Math.abs(r.gLoss - r.gTerms.fakeTerm) < 1e-6);
    assert.ok(r.dRealMean > 0 && r.dRealMean < 1 && r.dFakeMean > 0 && r.dFakeMean < 1);
    assert.ok(r.dGradNorm > 0 && r.gGradNorm > 0 && Number.isFinite(r.dGradNorm));
  }
  assert.equal(rs.length, 40);
  assert.deepEqual(rs.map((r) => r.step), Array.from({ length: 40 }, (_, i) => i + 1));
  t.dispose();
});

test("E8: the trainer's objective declares a W1-estimating critic for the WGAN (clipping or penalty) only, and its records carry the critic's terms; a hinge or least-squares D outputs a score, a log-loss D a logit", async () => {
  const cases: [Record<string, unknown>, { estimatesW1: boolean; output: 'logit' | 'score'; terms: string[] }][] = [
    [{ loss: 'wgan', clipValue: 0.01 }, { estimatesW1: true, output: 'score', terms: ['criticReal', 'criticFake'] }],
    [{ loss: 'wgan', gradientPenaltyWeight: 10 }, { estimatesW1: true, output: 'score', terms: ['criticReal', 'criticFake'] }],
    [{ loss: 'minimax' }, { estimatesW1: false, output: 'logit', terms: ['realTerm', 'fakeTerm'] }],
    [{ loss: 'non-saturating' }, { estimatesW1: false, output: 'logit', terms: ['realTerm', 'fakeTerm'] }],
    [{ loss: 'least-squares' }, { estimatesW1: false, output: 'score', terms: ['realTerm', 'fakeTerm'] }],
    [{ loss: 'hinge' }, { estimatesW1: false, output: 'score', terms: ['realTerm', 'fakeTerm'] }],
  ];
  for (const [over, want] of cases) {
    const t = new GanTrainer(small({ ...over, steps: 3 }), blob);
    const rs = await collect(t);
    const { estimatesW1, output } = t.objective.properties;
    t.dispose();
    assert.equal(rs.length, 3);
    assert.deepEqual({ estimatesW1, output }, { estimatesW1: want.estimatesW1, output: want.output }, JSON.stringify(over));
    for (const r of rs) assert.deepEqual(Object.keys(r.dTerms), want.terms, JSON.stringify(over));
  }
});

test('Algorithm 1: k discriminator updates draw k real batches per generator update', () => {
  const k = 3;
  const cfg = small({ dSteps: k, batchSize: 8 });
  const t = new GanTrainer(cfg, blob);
  t.trainStep();
  const expected = createRng(deriveSeed(cfg.seed, 'data'));
  for (let i = 0; i < k; i++) blob.sample(expected, 8);
  return t.getState().then((s) => {
    assert.deepEqual(s.rngs.data, expected.getState());
    t.dispose();
  });
});

test('snapshots come every snapshotEvery steps and after the last one, with fixed noise', async () => {
  const t = new GanTrainer(small({ steps: 45 }), blob);
  const snaps: { step: number; final: boolean; n: number }[] = [];
  for await (const e of t.run()) if (e.type === 'snapshot') snaps.push({ step: e.step, final: e.final, n: e.fake.length / e.dim });
  assert.deepEqual(snaps, [
    { step: 20, final: false, n: 50 },
    { step: 40, final: false, n: 50 },
    { step: 45, final: true, n: 50 },
  ]);
  assert.deepEqual(Array.from(t.sample(5)), Array.from(t.sample(5)), 'the snapshot stream restarts at every call');
  t.dispose();
});

test('a state saved after 20 steps and restored into a new trainer continues exactly like the original', async () => {
  const a = new GanTrainer(small(), blob);
  await collect(a, 20);
  const state = await a.getState();
  const tail = strip(await collect(a, 40));
  const b = new GanTrainer(small({ seed: 99 }), blob); // different init: everything must come from the state
  await b.setState(state);
  assert.equal(b.step, 20);
  assert.deepEqual(strip(await collect(b, 40)), tail);
  assert.deepEqual(b.generator.getWeights(), a.generator.getWeights());
  a.dispose();
  b.dispose();
});

test('no tensor leaks: the tensor count is flat across steps and snapshots', async () => {
  const t = new GanTrainer(small({ steps: 200, snapshotEvery: 10, loss: 'hinge', dSteps: 2 }), blob);
  let at5 = -1;
  for await (const e of t.run()) if (e.type === 'step' && e.step === 5) at5 = tf.memory().numTensors;
  assert.equal(tf.memory().numTensors, at5);
  const before = tf.memory().numTensors;
  t.dispose();
  assert.ok(tf.memory().numTensors < before);
});

test('lipschitzEvery: the estimate is on steps 1, n, 2n, …, and training is the same bits whatever n', async () => {
  const run = async (every: number, dSteps = 1) => {
    const t = new GanTrainer(small({ steps: 10, lipschitzEvery: every, dSteps, loss: 'wgan', gradientPenaltyWeight: 10 }), blob);
    const rs = await collect(t);
    t.dispose();
    return rs;
  };
  const every4 = await run(4);
  const every1 = await run(1);
  assert.deepEqual(every4.filter((r) => r.lipschitzEstimate !== undefined).map((r) => r.step), [1, 4, 8]);
  assert.deepEqual(every1.filter((r) => r.lipschitzEstimate !== undefined).map((r) => r.step), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  // Where both measured, the same value; everything else the same bits (measuring draws no random numbers).
  const without = (rs: StepRecord[]) => strip(rs).map(({ lipschitzEstimate, ...r }) => r);
  assert.deepEqual(without(every4), without(every1));
  for (const s of [1, 4, 8]) assert.equal(every4[s - 1].lipschitzEstimate, every1[s - 1].lipschitzEstimate);
  for (const r of every1) assert.ok(r.lipschitzEstimate! > 0 && Number.isFinite(r.lipschitzEstimate));
  // With k = 3 critic updates a step, measured on the step's last update, on the same steps.
  const k3 = await run(4, 3);
  assert.deepEqual(k3.filter((r) => r.lipschitzEstimate !== undefined).map((r) => r.step), [1, 4, 8]);
  assert.equal(resolveConfig({}).lipschitzEvery, 10);
  assert.throws(() => resolveConfig({ lipschitzEvery: 0 }));
});
