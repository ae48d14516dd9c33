/**
 * Rollback after divergence (config `onDivergence: 'rollback'`): the run returns to its last good
 * state with lower learning rates, metrics.jsonl describes the run that continued, nothing non-finite
 * is saved, and a resume after a rollback is still exact.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { poisoned } from '../helpers/poisoned-data.js';
import { tempDir } from '../helpers/cli.js';
import { resolveConfig } from '../../src/training/config.js';
import { DivergenceError } from '../../src/training/divergence.js';
import { createOptimizer } from '../../src/training/optimizers.js';
import { distributionFromSpec } from '../../src/data/index.js';
import { runTraining } from '../../src/node/run/train-run.js';
import { loadCheckpoint, saveCheckpoint } from '../../src/node/run/checkpoint.js';
import { GanTrainer } from '../../src/training/trainer.js';
import type { Reporter, RunEvent } from '../../src/node/reporters/reporter.js';
import type { StepRecord } from '../../src/training/records.js';

await setupBackend();

const ring = distributionFromSpec('ring8');


const config = resolveConfig({
  steps: 30,
  batchSize: 16,
  generator: { hidden: [8] },
  discriminator: { hidden: [8] },
  snapshotEvery: 100,
  snapshotSamples: 20,
  onDivergence: 'rollback',
});

const lines = (dir: string) =>
  readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const withoutTimes = (dir: string) => lines(dir).map(({ stepMs, ...r }) => r);

/** Every number in `x` (recursively) is finite, and nothing is null (JSON's image of NaN and ±∞). */
function assertAllFinite(x: unknown, where: string): void {
  if (x === null) assert.fail(`${where}: null (a non-finite number)`);
  if (typeof x === 'number') assert.ok(Number.isFinite(x), `${where}: ${x}`);
  if (typeof x === 'object' && x !== null) for (const [k, v] of Object.entries(x)) assertAllFinite(v, `${where}.${k}`);
}

function assertCheckpointFinite(dir: string): ReturnType<typeof loadCheckpoint> {
  const ck = loadCheckpoint(join(dir, 'checkpoint.json'));
  const s = ck.state;
  for (const w of [...s.generator, ...s.discriminator, ...s.generatorOptimizer.slots, ...s.discriminatorOptimizer.slots]) {
    assert.ok(w.values.every(Number.isFinite), w.name);
  }
  return ck;
}

/** Keeps every step record the loop yields (also those a rollback throws away), and a copy of the run folder at one moment. */
function watcher(dir: string, copyTo: string, copyAtSecond: number): Reporter & { steps: StepRecord[] } {
  const steps: StepRecord[] = [];
  return {
    steps,
    onEvent(e: RunEvent) {
      if (e.type !== 'step') return;
      steps.push(e);
      // The second time step `copyAtSecond` comes (after the rollback), before metrics.jsonl's buffer is
      // flushed: the folder as a SIGKILL right then would leave it.
      if (e.step === copyAtSecond && steps.filter((s) => s.step === copyAtSecond).length === 2) {
        mkdirSync(copyTo, { recursive: true });
        for (const f of ['metrics.jsonl', 'checkpoint.json']) copyFileSync(join(dir, f), join(copyTo, f));
      }
    },
    close() {},
  };
}

const dir = tempDir();
const killedCopy = join(tempDir(), 'killed');
const watch = watcher(dir, killedCopy, 11);
// A NaN in the real batch of step 13; checkpoints every 5 steps, so the last good state is step 10.
const summary = await runTraining({ config, dataset: poisoned(13), outDir: dir, backend: 'wasm', checkpointEvery: 5, reporters: [watch] });

test('a NaN in step 13 rolls back to the checkpoint of step 10 with halved learning rates, and the run finishes', () => {
  assert.equal(summary.steps, 30);
  assert.deepEqual(summary.rollbacks, [
    { type: 'rollback', step: 10, fromStep: 13, quantity: "discriminator's gradient norm", value: 'NaN', rollback: 1, learningRates: { generator: 1e-4, discriminator: 1e-4 } },
  ]);
  const records = lines(dir);
  // metrics.jsonl: steps 1–10, the rollback, steps 11–30 of the continued run, the final eval.
  assert.deepEqual(
    records.map((r) => `${r.type}:${r.step}`),
    [...Array.from({ length: 10 }, (_, i) => `step:${i + 1}`), 'rollback:10', ...Array.from({ length: 20 }, (_, i) => `step:${i + 11}`), 'eval:30'],
  );
  assert.deepEqual(records[10], summary.rollbacks![0]);
  records.forEach((r, i) => assertAllFinite(r, `line ${i + 1}`));
  const ck = assertCheckpointFinite(dir);
  assert.equal(ck.state.step, 30);
  assert.equal(ck.state.generatorOptimizer.learningRateScale, 0.5);
  assert.equal(ck.state.discriminatorOptimizer.learningRateScale, 0.5);
  assert.equal(ck.config.onDivergence, 'rollback');
});

test('the rollback restores the state of step 10 exactly (same batches), and the lower rate changes the path', () => {
  // The loop yielded steps 1–12, then (after the rollback) 11–30.
  assert.deepEqual(
    watch.steps.map((s) => s.step),
    [...Array.from({ length: 12 }, (_, i) => i + 1), ...Array.from({ length: 20 }, (_, i) => i + 11)],
  );
  const [first11, again11] = watch.steps.filter((s) => s.step === 11);
  // D's loss of step 11 is measured before its update: same weights and the same batch give the same number.
  assert.equal(again11.dLoss, first11.dLoss);
  assert.equal(again11.realTerm, first11.realTerm);
  // G's loss is measured after D's update, which now took half the step.
  assert.notEqual(again11.gLoss, first11.gLoss);
  const kept = lines(dir).filter((r) => r.type === 'step' && r.step === 11);
  assert.equal(kept.length, 1);
  assert.equal(kept[0].gLoss, again11.gLoss, 'metrics.jsonl keeps the continued run');
});

test('a run killed right after the rollback and resumed ends exactly like the run done in one go', async () => {
  const ck = loadCheckpoint(join(killedCopy, 'checkpoint.json'));
  assert.equal(ck.state.step, 10, 'the rollback wrote a checkpoint of the state it returned to');
  assert.equal(ck.state.generatorOptimizer.learningRateScale, 0.5);
  const resumed = await runTraining({ config, dataset: poisoned(Infinity), outDir: killedCopy, backend: 'wasm', checkpointEvery: 5, resume: ck.state });
  assert.equal(resumed.steps, 30);
  assert.equal(resumed.rollbacks?.length, 1);
  assert.deepEqual(withoutTimes(killedCopy), withoutTimes(dir));
  assert.deepEqual(loadCheckpoint(join(killedCopy, 'checkpoint.json')).state, loadCheckpoint(join(dir, 'checkpoint.json')).state);
});

test('after maxRollbacks rollbacks the next divergence stops the run with one line; the checkpoint stays finite', async () => {
  const d = tempDir();
  // Every real batch from the 13th on holds a NaN: each rollback diverges again.
  await assert.rejects(
    () => runTraining({ config: { ...config, maxRollbacks: 2 }, dataset: poisoned(13, Infinity), outDir: d, backend: 'wasm', checkpointEvery: 5 }),
    (e: unknown) =>
      e instanceof DivergenceError &&
      e.step === 11 &&
      e.rollbacks === 2 &&
      /^training diverged at step 11: the discriminator's gradient norm is NaN \(again, after 2 rollbacks with lower learning rates, the config's maxRollbacks\); nothing non-finite was saved/.test(e.message) &&
      !e.message.includes('\n'),
  );
  const rollbacks = lines(d).filter((r) => r.type === 'rollback');
  assert.deepEqual(
    rollbacks.map((r) => [r.step, r.fromStep, r.rollback, (r.learningRates as { generator: number }).generator]),
    [
      [10, 13, 1, 1e-4],
      [10, 11, 2, 5e-5],
    ],
  );
  const ck = assertCheckpointFinite(d);
  assert.equal(ck.state.step, 10);
  assert.equal(ck.state.discriminatorOptimizer.learningRateScale, 0.25);
});

test('without a checkpoint yet, a rollback returns to the start of the run', async () => {
  const d = tempDir();
  const s = await runTraining({ config: { ...config, steps: 8, rollbackLearningRateFactor: 0.1 }, dataset: poisoned(3), outDir: d, backend: 'wasm' });
  assert.equal(s.steps, 8);
  const records = lines(d);
  assert.deepEqual(records[0], { type: 'rollback', step: 0, fromStep: 3, quantity: "discriminator's gradient norm", value: 'NaN', rollback: 1, learningRates: { generator: 2e-4 * 0.1, discriminator: 2e-4 * 0.1 } });
  assert.deepEqual(
    records.filter((r) => r.type === 'step').map((r) => r.step),
    [1, 2, 3, 4, 5, 6, 7, 8],
  );
  assert.equal(assertCheckpointFinite(d).state.generatorOptimizer.learningRateScale, 0.1);
});

test("with onDivergence 'stop' (the default) the run stops at the NaN and writes no rollback", async () => {
  const d = tempDir();
  await assert.rejects(
    () => runTraining({ config: resolveConfig({ ...config, onDivergence: undefined }), dataset: poisoned(13), outDir: d, backend: 'wasm', checkpointEvery: 5 }),
    (e: unknown) => e instanceof DivergenceError && e.step === 13 && e.rollbacks === 0 && /roll back automatically \(--on-divergence rollback\)/.test(e.message),
  );
  assert.ok(!lines(d).some((r) => r.type === 'rollback'));
  assert.equal(assertCheckpointFinite(d).state.generatorOptimizer.learningRateScale, 1);
});

test('saveCheckpoint refuses a state with a non-finite value and writes nothing', async () => {
  const t = new GanTrainer(config, ring);
  const state = await t.getState();
  t.dispose();
  const bad = structuredClone(state);
  bad.generator[1].values[2] = Infinity;
  const path = join(tempDir(), 'checkpoint.json');
  assert.throws(
    () => saveCheckpoint(path, { config, state: bad }),
    (e: unknown) => e instanceof DivergenceError && e.step === 0 && e.quantity === `generator's weights (${state.generator[1].name})` && e.value === Infinity,
  );
  assert.ok(!existsSync(path));
  saveCheckpoint(path, { config, state });
  assert.deepEqual(loadCheckpoint(path).state, state);
});

test('a lowered learning rate: SGD steps exactly like SGD configured with it, and Adam keeps it through getState/setState', () => {
  const grads = (p: tf.Variable) => [tf.sin(p)];
  const run = (opt: ReturnType<typeof createOptimizer>, p: tf.Variable, n: number) => {
    for (let t = 0; t < n; t++) tf.tidy(() => opt.apply([{ name: 'p', variable: p }], grads(p)));
  };
  const sgd = createOptimizer({ name: 'sgd', learningRate: 0.3 });
  const half = createOptimizer({ name: 'sgd', learningRate: 0.15 });
  sgd.scaleLearningRate(0.5);
  assert.equal(sgd.learningRate, 0.15);
  const pa = tf.variable(tf.tensor1d([0.7, -2, 3]));
  const pb = tf.variable(tf.tensor1d([0.7, -2, 3]));
  run(sgd, pa, 5);
  run(half, pb, 5);
  assert.deepEqual(Array.from(pa.dataSync()), Array.from(pb.dataSync()));

  const adamConfig = resolveConfig({}).optimizer.generator;
  const a = createOptimizer(adamConfig);
  run(a, pa, 3);
  a.scaleLearningRate(0.5);
  a.scaleLearningRate(0.5);
  const state = a.getState();
  assert.equal(state.learningRateScale, 0.25);
  const b = createOptimizer(adamConfig);
  b.setState(state);
  assert.equal(b.learningRate, adamConfig.learningRate * 0.25);
  const pc = tf.variable(pa.clone());
  run(a, pa, 5);
  run(b, pc, 5);
  assert.deepEqual(Array.from(pc.dataSync()), Array.from(pa.dataSync()));
  assert.throws(() => a.scaleLearningRate(0), RangeError);
  assert.throws(() => a.scaleLearningRate(NaN), RangeError);
  for (const x of [sgd, half, a, b]) x.dispose();
  for (const p of [pa, pb, pc]) p.dispose();
});
