/**
 * The Lab's "step D only" and "step G only" (GanTrainer.discriminatorStep / generatorStep): each moves
 * only its own player, only G counts as a step, and k D steps then one G step are exactly one
 * trainStep (same random draws, same numbers, bit for bit).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { distributionFromSpec, GanTrainer, resolveConfig } from '../../src/index.js';

const config = resolveConfig({ data: 'ring8', generator: { hidden: [8] }, discriminator: { hidden: [8] }, batchSize: 16, dSteps: 2, seed: 5 });

describe('GanTrainer: D-only and G-only steps', () => {
  it('move only their own player, and k D steps + one G step equal trainStep', async () => {
    await tf.setBackend('cpu');
    const data = distributionFromSpec('ring8');
    const a = new GanTrainer(config, data);
    const b = new GanTrainer(config, data);
    try {
      const g0 = a.generator.getWeights();
      const d0 = a.discriminator.getWeights();
      const d1 = a.discriminatorStep();
      assert.equal(d1.type, 'd-step');
      assert.equal(d1.step, 0);
      assert.equal(a.step, 0);
      assert.deepEqual(a.generator.getWeights(), g0, 'G unchanged by a D step');
      assert.notDeepEqual(a.discriminator.getWeights(), d0, 'D moved');
      assert.equal(d1.value, d1.realTerm + d1.fakeTerm);
      const d2 = a.discriminatorStep();
      const dAfter = a.discriminator.getWeights();
      const g1 = a.generatorStep();
      assert.equal(g1.type, 'g-step');
      assert.equal(g1.step, 1);
      assert.equal(a.step, 1);
      assert.deepEqual(a.discriminator.getWeights(), dAfter, 'D unchanged by a G step');
      assert.notDeepEqual(a.generator.getWeights(), g0, 'G moved');

      const full = b.trainStep();
      assert.equal(full.dLoss, d2.dLoss);
      assert.equal(full.value, d2.value);
      assert.equal(full.dGradNorm, d2.dGradNorm);
      assert.equal(full.gLoss, g1.gLoss);
      assert.equal(full.gGradNorm, g1.gGradNorm);
      assert.deepEqual(a.generator.getWeights(), b.generator.getWeights());
      assert.deepEqual(a.discriminator.getWeights(), b.discriminator.getWeights());
      // They stay in step afterwards (the random streams advanced alike), and leak no tensor (the
      // optimizers' state exists from the first update on).
      const before = tf.memory().numTensors;
      a.discriminatorStep();
      a.discriminatorStep();
      const g2 = a.generatorStep();
      assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
      assert.equal(g2.gLoss, b.trainStep().gLoss);
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});
