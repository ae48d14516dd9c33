/**
 * Divergence by overflow: +∞ and −∞ (not only NaN) in losses, gradients, weights and optimizer state
 * are caught, and nothing non-finite is written. Beside divergence.test.ts, which injects NaN.
 *
 * The overflows come from finite data: a real point at 1e30 makes the least-squares discriminator's
 * loss ½E[(D(x) − 1)²] overflow float32 to +∞; a point at (−3e38, −3e38) makes a WGAN-GP critic's
 * E[f(x)] overflow, so its loss E[f(G(z))] − E[f(x)] is −∞; a point at 1e20 keeps every loss and
 * gradient norm finite (the norm is summed in float64) but Adam's second moment g² overflows to +∞.
 * Which network weights see it is fixed by the seeds (training is bit-exact for a seed).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setupBackend } from '../helpers/backend.js';
import { tempDir } from '../helpers/cli.js';
import { distributionFromSpec, type Dataset } from '../../src/data/index.js';
import type { Rng } from '../../src/random/rng.js';
import { GanTrainer, type TrainerState } from '../../src/training/trainer.js';
import { resolveConfig, type TrainConfig } from '../../src/training/config.js';
import { checkFinite, DivergenceError } from '../../src/training/divergence.js';
import { saveCheckpoint } from '../../src/node/run/checkpoint.js';
import { runTraining } from '../../src/node/run/train-run.js';

await setupBackend();

const ring = distributionFromSpec('ring8');

/** ring8 whose real batch of call `at` (1-based, one call per step) has its first point set to `value` in every coordinate. */
function overflowing(at: number, value: number): Dataset {
  let calls = 0;
  return {
    dim: 2,
    label: `ring8 with ${value} at call ${at}`,
    sample(rng: Rng, n: number) {
      const x = ring.sample(rng, n);
      if (++calls === at) x.fill(value, 0, 2);
      return x;
    },
  };
}

const small = (extra: Record<string, unknown> = {}): TrainConfig =>
  resolveConfig({ steps: 30, batchSize: 16, generator: { hidden: [8] }, discriminator: { hidden: [8] }, snapshotEvery: 100, snapshotSamples: 20, ...extra });

/** Trains until a DivergenceError (returned) or `steps` steps (undefined). */
function trainUntilDivergence(t: GanTrainer, steps: number): DivergenceError | undefined {
  for (let i = 0; i < steps; i++) {
    try {
      t.trainStep();
    } catch (e) {
      if (e instanceof DivergenceError) return e;
      throw e;
    }
  }
  return undefined;
}

test('checkFinite: +∞, −∞ and NaN each stop training, named with their value; the largest finite numbers pass', () => {
  for (const bad of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
    for (const name of ["discriminator's loss", "generator's gradient norm"]) {
      assert.throws(
        () => checkFinite(9, { 'a finite one': 1, [name]: bad, 'a later one': Number.NaN }),
        (e: unknown) => e instanceof DivergenceError && e.step === 9 && e.quantity === name && Object.is(e.value, bad) && e.message.includes(`the ${name} is ${bad}`),
        `${name} = ${bad}`,
      );
    }
  }
  assert.doesNotThrow(() => checkFinite(1, { max: Number.MAX_VALUE, min: -Number.MAX_VALUE, tiny: Number.MIN_VALUE, zero: -0 }));
});

test('+∞ by overflow: a real point at 1e30 overflows the least-squares loss; training stops in that step, naming the loss and +∞', () => {
  const t = new GanTrainer(small({ loss: 'least-squares' }), overflowing(3, 1e30));
  const e = trainUntilDivergence(t, 6);
  assert.ok(e !== undefined, 'no DivergenceError');
  assert.deepEqual([e.step, e.quantity, e.value], [3, "discriminator's loss", Number.POSITIVE_INFINITY]);
  assert.match(e.message, /diverged at step 3: the discriminator's loss is Infinity/);
  assert.equal(t.step, 2, 'the step that diverged is not counted');
  t.dispose();
});

test('−∞ by overflow: a real point at (−3e38, −3e38) sends a WGAN-GP critic\'s loss to −∞; training stops in that step', () => {
  const t = new GanTrainer(small({ loss: 'wgan', gradientPenaltyWeight: 10 }), overflowing(3, -3e38));
  const e = trainUntilDivergence(t, 6);
  assert.ok(e !== undefined, 'no DivergenceError');
  assert.deepEqual([e.step, e.quantity, e.value], [3, "discriminator's loss", Number.NEGATIVE_INFINITY]);
  assert.match(e.message, /the discriminator's loss is -Infinity/);
  t.dispose();
});

test('±∞ in the data itself stops training in that step, for every loss', () => {
  for (const loss of ['non-saturating', 'least-squares', 'hinge'] as const) {
    for (const value of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const t = new GanTrainer(small({ loss }), overflowing(4, value));
      const e = trainUntilDivergence(t, 6);
      assert.ok(e !== undefined && e.step === 4 && !Number.isFinite(e.value), `${loss}, ${value}: ${e?.message}`);
      t.dispose();
    }
  }
});

test("Adam's second moment overflowing to +∞ (a gradient of ~1e20) is caught, at the latest by the checkpoint, and nothing is written", async () => {
  const t = new GanTrainer(small({ loss: 'least-squares' }), overflowing(3, 1e20));
  const e = trainUntilDivergence(t, 5);
  const path = join(tempDir(), 'checkpoint.json');
  if (e !== undefined) {
    assert.equal(e.value, Number.POSITIVE_INFINITY, e.message);
  } else {
    // Today the step's check sees only losses and gradient norms (all finite here): the state holds the +∞.
    const state = await t.getState();
    assert.ok(state.discriminatorOptimizer.slots.some((w) => w.values.some((v) => v === Number.POSITIVE_INFINITY)), 'expected an overflowed second moment');
    assert.throws(
      () => saveCheckpoint(path, { config: t.config, state }),
      (err: unknown) => err instanceof DivergenceError && /^discriminator's optimizer state \(dense\d\/w\/v\)$/.test(err.quantity) && err.value === Number.POSITIVE_INFINITY,
    );
    assert.ok(!existsSync(path), 'nothing written');
  }
  t.dispose();
});

test('saveCheckpoint refuses +∞ and −∞ in every part of the state (weights, both optimizers, the averaged generator), naming it; nothing is written', async () => {
  const t = new GanTrainer(small({ generatorAverage: 0.9 }), ring);
  for (let i = 0; i < 3; i++) t.trainStep();
  const good = await t.getState();
  t.dispose();
  const dir = tempDir();
  const parts: [string, (s: TrainerState) => Float32Array][] = [
    ["generator's weights", (s) => s.generator[1].values],
    ["discriminator's weights", (s) => s.discriminator[0].values],
    ["generator's optimizer state", (s) => s.generatorOptimizer.slots[2].values],
    ["discriminator's optimizer state", (s) => s.discriminatorOptimizer.slots[3].values],
    ["averaged generator's weights", (s) => s.generatorAverage![0].values],
  ];
  for (const [quantity, values] of parts) {
    for (const bad of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const state = structuredClone(good);
      values(state)[1] = bad;
      const path = join(dir, `ck-${parts.findIndex((p) => p[0] === quantity)}-${bad}.json`);
      assert.throws(
        () => saveCheckpoint(path, { config: t.config, state }),
        (e: unknown) => e instanceof DivergenceError && e.quantity.startsWith(`${quantity} (`) && e.value === bad && e.step === 3,
        `${quantity} = ${bad}`,
      );
      assert.ok(!existsSync(path), `${quantity} = ${bad}: nothing written`);
    }
  }
  assert.doesNotThrow(() => saveCheckpoint(join(dir, 'good.json'), { config: t.config, state: good }));
});

test('a weight set to −∞ (a restored state) stops the next step', async () => {
  const t = new GanTrainer(small(), ring);
  t.trainStep();
  const state = await t.getState();
  state.discriminator[0].values.fill(Number.NEGATIVE_INFINITY);
  await t.setState(state);
  const e = trainUntilDivergence(t, 1);
  assert.ok(e !== undefined && e.step === 2 && !Number.isFinite(e.value), e?.message ?? 'no DivergenceError');
  t.dispose();
});

test('a run that overflows to +∞ rolls back (onDivergence "rollback") and records the value as the text "Infinity"', async () => {
  const dir = tempDir();
  const summary = await runTraining({ config: small({ loss: 'least-squares', steps: 12, onDivergence: 'rollback' }), dataset: overflowing(8, 1e30), outDir: dir, backend: 'wasm', checkpointEvery: 5 });
  const records = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const rollbacks = records.filter((r) => r.type === 'rollback');
  assert.equal(rollbacks.length, 1);
  assert.deepEqual([rollbacks[0].step, rollbacks[0].fromStep, rollbacks[0].quantity, rollbacks[0].value], [5, 8, "discriminator's loss", 'Infinity']);
  assert.equal(summary.steps, 12);
  assert.deepEqual(records.filter((r) => r.type === 'step').map((r) => r.step), Array.from({ length: 12 }, (_, i) => i + 1));
  assert.ok(records.filter((r) => r.type === 'step').every((r) => Number.isFinite(r.dLoss) && Number.isFinite(r.dGradNorm)));
});
