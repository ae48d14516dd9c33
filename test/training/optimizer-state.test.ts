/**
 * The optimizer state is checked at every step (issue #20, finding 7): RMSProp's or Adam's running
 * mean of squared gradients overflowing float32 (gradients beyond 1.8e19, whose squares do not fit) is
 * caught in the step where it happens, naming the optimizer state, not at the next checkpoint.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { setupBackend } from '../helpers/backend.js';
import { distributionFromSpec, type Dataset } from '../../src/data/index.js';
import type { Rng } from '../../src/random/rng.js';
import { GanTrainer, type TrainerState } from '../../src/training/trainer.js';
import { resolveConfig } from '../../src/training/config.js';
import { DivergenceError } from '../../src/training/divergence.js';

await setupBackend();

const ring = distributionFromSpec('ring8');

/** ring8, except that the real batch of call `at` (1-based) is scaled by 1e22: finite, but its gradients' squares overflow float32. */
function hugeBatchAt(at: number): Dataset {
  let calls = 0;
  return {
    dim: 2,
    label: 'ring8 with one huge batch',
    sample(rng: Rng, n: number) {
      const x = ring.sample(rng, n);
      if (++calls === at) for (let i = 0; i < x.length; i++) x[i] *= 1e22;
      return x;
    },
  };
}

const slotsFinite = (s: TrainerState) => [...s.discriminatorOptimizer.slots, ...s.generatorOptimizer.slots].every((w) => w.values.every(Number.isFinite));

for (const name of ['rmsprop', 'adam'] as const) {
  test(`${name}: a state that turns infinite in step 4 stops training in step 4, naming the optimizer state`, async () => {
    const config = resolveConfig({ steps: 30, batchSize: 16, generator: { hidden: [8] }, discriminator: { hidden: [8] }, optimizer: { generator: { name }, discriminator: { name } } });
    const t = new GanTrainer(config, hugeBatchAt(4));
    for (let i = 0; i < 3; i++) {
      const r = t.trainStep();
      assert.ok(Number.isFinite(r.dGradNorm));
      assert.ok(slotsFinite(await t.getState()), `the state is finite after step ${i + 1}`);
    }
    assert.throws(
      () => t.trainStep(),
      (e: unknown) =>
        e instanceof DivergenceError &&
        e.step === 4 &&
        e.quantity === "discriminator's optimizer state" &&
        e.value === Infinity &&
        /^training diverged at step 4: the discriminator's optimizer state is Infinity; /.test(e.message),
    );
    const after = await t.getState();
    assert.ok(!slotsFinite(after), 'the state the step left is the infinite one');
    assert.ok([...after.discriminator, ...after.generator].every((w) => w.values.every(Number.isFinite)), 'the weights are still finite: only the state tells');
    t.dispose();
  });
}

test('SGD has no state to check; a finite run reports no divergence', () => {
  const config = resolveConfig({ steps: 5, batchSize: 16, generator: { hidden: [8] }, discriminator: { hidden: [8] }, optimizer: { generator: { name: 'sgd' }, discriminator: { name: 'rmsprop' } } });
  const t = new GanTrainer(config, ring);
  for (let i = 0; i < 5; i++) t.trainStep();
  assert.equal(t.step, 5);
  t.dispose();
});
