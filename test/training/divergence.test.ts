/** Divergence: a NaN is caught in the step where it appears, and nothing non-finite is saved. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setupBackend } from '../helpers/backend.js';
import { poisoned } from '../helpers/poisoned-data.js';
import { tempDir } from '../helpers/cli.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { resolveConfig } from '../../src/training/config.js';
import { DivergenceError } from '../../src/training/divergence.js';
import { runTraining } from '../../src/node/run/train-run.js';
import { loadCheckpoint } from '../../src/node/run/checkpoint.js';

await setupBackend();


const config = resolveConfig({ steps: 30, batchSize: 16, generator: { hidden: [8] }, discriminator: { hidden: [8] }, snapshotEvery: 100, snapshotSamples: 20 });

test('a NaN in step 7 stops training in step 7, naming the quantity', () => {
  const t = new GanTrainer(config, poisoned(7));
  for (let i = 0; i < 6; i++) t.trainStep();
  assert.throws(
    () => t.trainStep(),
    // relu maps a NaN input to 0, so the logits stay finite; the weight gradient xᵀδ carries the NaN.
    (e: unknown) => e instanceof DivergenceError && e.step === 7 && e.quantity === "discriminator's gradient norm" && /diverged at step 7: the discriminator's gradient norm is NaN/.test(e.message),
  );
  assert.equal(t.step, 6);
  t.dispose();
});

test("a divergence's advice: a run's names its checkpoint, rollback and resume; a benchmark seed's (withoutCheckpoints) none of them", () => {
  const run = new DivergenceError(12, "generator's loss", Number.POSITIVE_INFINITY);
  assert.match(run.message, /^training diverged at step 12: the generator's loss is Infinity; nothing non-finite was saved \(the last checkpoint is the last good state\): .*--on-divergence rollback.*resume from the checkpoint/);
  const seed = run.withoutCheckpoints();
  assert.ok(seed instanceof DivergenceError);
  assert.deepEqual([seed.step, seed.quantity, seed.value, seed.checkpointed], [12, "generator's loss", Number.POSITIVE_INFINITY, false]);
  assert.equal(seed.message, "training diverged at step 12: the generator's loss is Infinity; lower the learning rates or use a penalty (--gradient-penalty / --r1)");
});

test('a diverging run keeps its last good checkpoint and metrics, and writes nothing non-finite', async () => {
  const dir = tempDir();
  await assert.rejects(
    () => runTraining({ config, dataset: poisoned(13), outDir: dir, backend: 'wasm', checkpointEvery: 5 }),
    (e: unknown) => e instanceof DivergenceError && e.step === 13,
  );
  const ck = loadCheckpoint(join(dir, 'checkpoint.json'));
  assert.equal(ck.state.step, 10);
  for (const w of [...ck.state.generator, ...ck.state.discriminator, ...ck.state.discriminatorOptimizer.slots]) {
    assert.ok(w.values.every(Number.isFinite), w.name);
  }
  const steps = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((r) => r.type === 'step');
  assert.deepEqual(steps.map((r) => r.step), Array.from({ length: 12 }, (_, i) => i + 1));
  assert.ok(steps.every((r) => Number.isFinite(r.dLoss) && Number.isFinite(r.gGradNorm)));
});
