/**
 * No tensor growth over long loops, for the paths test/training/trainer.test.ts's 200-step leak test
 * does not take: both penalties (WGAN-GP and R1) with weight clipping, state round trips with lowered
 * learning rates, and the run loop on disk (evaluations, plots, checkpoints, a rollback).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { tempDir } from '../helpers/cli.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { resolveConfig } from '../../src/training/config.js';
import { distributionFromSpec, type Dataset } from '../../src/data/index.js';
import { runTraining } from '../../src/node/run/train-run.js';
import type { RunEvent } from '../../src/node/reporters/reporter.js';
import type { Rng } from '../../src/random/rng.js';

await setupBackend();

const ring = distributionFromSpec('ring8');
const tiny = { batchSize: 8, generator: { hidden: [8] }, discriminator: { hidden: [8] }, snapshotSamples: 20 };

test('1000 steps of WGAN with both penalties, clipping, snapshots and state round trips: the tensor count stays flat', async () => {
  const config = resolveConfig({ ...tiny, loss: 'wgan', clipValue: 0.5, gradientPenaltyWeight: 1, r1Gamma: 1, steps: 1000, snapshotEvery: 100 });
  const t = new GanTrainer(config, ring);
  let at5 = -1;
  let snapshots = 0;
  for await (const e of t.run()) {
    if (e.type === 'snapshot') snapshots++;
    else if (e.step === 5) at5 = tf.memory().numTensors;
    else if (e.step % 250 === 0) {
      // What a rollback does to the trainer: restore a state, lower the rates.
      await t.setState(await t.getState());
      t.scaleLearningRates(0.5);
    }
    if (e.type === 'step' && e.step > 5) assert.equal(tf.memory().numTensors, at5, `step ${e.step}`);
  }
  assert.equal(t.step, 1000);
  assert.equal(snapshots, 10);
  assert.ok(at5 > 0);
  assert.equal(tf.memory().numTensors, at5);
  t.dispose();
});

test('the run loop with penalties, checkpoints, evaluations and a rollback leaves no tensor behind', async () => {
  // ring8 with a NaN in the real batch of its 130th draw: the evaluations at steps 60 and 120 drew
  // real samples too, so that is the batch of step 128; back to the checkpoint of step 120.
  let calls = 0;
  const poisoned: Dataset = {
    dim: 2,
    label: 'poisoned ring8',
    sample(rng: Rng, n: number) {
      const x = ring.sample(rng, n);
      if (++calls === 130) x[0] = NaN;
      return x;
    },
  };
  const config = resolveConfig({ ...tiny, gradientPenaltyWeight: 1, r1Gamma: 1, steps: 300, snapshotEvery: 60, onDivergence: 'rollback' });
  const before = tf.memory().numTensors;
  const counts = new Map<number, number>();
  const summary = await runTraining({
    config,
    dataset: poisoned,
    outDir: tempDir(),
    backend: 'wasm',
    checkpointEvery: 20,
    plotEverySnapshot: false,
    reporters: [{ onEvent: (e: RunEvent) => void (e.type === 'step' && counts.set(e.step, tf.memory().numTensors)), close() {} }],
  });
  assert.equal(summary.steps, 300);
  assert.deepEqual(
    summary.rollbacks?.map((r) => [r.step, r.fromStep]),
    [[120, 128]],
  );
  const at5 = counts.get(5)!;
  for (const [step, n] of counts) if (step > 5) assert.equal(n, at5, `step ${step}`);
  assert.equal(tf.memory().numTensors, before, 'the run disposed everything it made');
});
