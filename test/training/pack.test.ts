/**
 * PacGAN packing (config.pack = m; Lin et al. 2018): D judges m samples side by side. Checked: D's
 * loss at the first step equals the objective on packs of m consecutive samples of the batches the
 * trainer draws (recomputed here from the same random streams), both batch layouts give the same
 * steps, penalties and the Lipschitz estimate run on packs, and what cannot be packed is refused.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { resolveConfig, type TrainConfigInput } from '../../src/training/config.js';
import { noiseValues } from '../../src/training/noise.js';
import { distributionFromSpec } from '../../src/data/index.js';
import { createRng, deriveSeed } from '../../src/random/rng.js';
import { theoryTrackingProblem } from '../../src/experiments/track-theory.js';

await setupBackend();

const ring = distributionFromSpec({ type: 'ring', modes: 8, radius: 1, std: 0.01 });
const config = (over: TrainConfigInput = {}) =>
  resolveConfig({ pack: 4, noise: { dim: 2 }, generator: { hidden: [16] }, discriminator: { hidden: [16] }, batchSize: 32, steps: 3, lipschitzEvery: 1, ...over });

test('a packed D (m = 4) has 4·dim inputs, and its first loss is the objective on packs of 4 consecutive samples', () => {
  const cfg = config();
  const t = new GanTrainer(cfg, ring);
  assert.equal(t.discriminator.parameters()[0].variable.shape[0], 8, 'D takes 4 points of 2-D side by side');
  // The batches the first step draws: the data stream's n points, the noise stream's n z's.
  const n = cfg.batchSize;
  const real = ring.sample(createRng(deriveSeed(cfg.seed, 'data')), n);
  const z = noiseValues(createRng(deriveSeed(cfg.seed, 'noise')), n, 2, 'normal');
  const expected = tf.tidy(() => {
    const fake = t.generator.forward(tf.tensor2d(z, [n, 2]));
    const pack = (x: tf.Tensor2D) => tf.reshape(x, [n / 4, 8]) as tf.Tensor2D; // row i = samples 4i … 4i + 3
    const realLogits = t.discriminator.forward(pack(tf.tensor2d(Float32Array.from(real), [n, 2])));
    const fakeLogits = t.discriminator.forward(pack(fake));
    // non-saturating D loss: −E[log D(real pack)] − E[log(1 − D(fake pack))] = E[softplus(−a_r)] + E[softplus(a_f)]
    return tf.add(tf.mean(tf.softplus(tf.neg(realLogits))), tf.mean(tf.softplus(fakeLogits))).dataSync()[0];
  });
  // Unpacked or differently grouped packs give another loss.
  const shuffled = tf.tidy(() => {
    const fake = t.generator.forward(tf.tensor2d(z, [n, 2]));
    const strided = (x: tf.Tensor2D) => tf.reshape(tf.transpose(tf.reshape(x, [4, n / 4, 2]), [1, 0, 2]), [n / 4, 8]) as tf.Tensor2D;
    const realLogits = t.discriminator.forward(strided(tf.tensor2d(Float32Array.from(real), [n, 2])));
    return tf.add(tf.mean(tf.softplus(tf.neg(realLogits))), tf.mean(tf.softplus(t.discriminator.forward(strided(fake))))).dataSync()[0];
  });
  const r = t.trainStep();
  assert.ok(Math.abs(r.dLoss - expected) < 1e-5, `dLoss ${r.dLoss} vs ${expected}`);
  assert.ok(Math.abs(shuffled - expected) > 1e-4, 'the test can tell the grouping apart');
  assert.ok(Number.isFinite(r.gLoss) && r.gGradNorm > 0);
  assert.throws(() => t.discriminatorLogits(new Float64Array([0, 0])), /packed discriminator \(pack 4\) judges 4 points at once/);
  assert.equal(t.judgesSinglePoints, false);
  t.dispose();
});

test("packedDiscriminatorLogits: one logit per m consecutive points, D's input rows as training packs them; points that are not whole packs are refused; m = 1 is discriminatorLogits", () => {
  const t = new GanTrainer(config(), ring);
  const points = ring.sample(createRng(5), 32);
  const logits = t.packedDiscriminatorLogits(points);
  assert.equal(logits.length, 8);
  const direct = tf.tidy(() => Array.from(t.discriminator.forward(tf.reshape(tf.tensor2d(Float32Array.from(points), [32, 2]), [8, 8]) as tf.Tensor2D).dataSync()));
  assert.deepEqual(Array.from(logits), direct);
  // another grouping of the same points (pack i = points i, i + 8, i + 16, i + 24) gives other logits
  const strided = new Float64Array(64);
  for (let i = 0; i < 32; i++) strided.set(points.subarray(2 * i, 2 * i + 2), 2 * ((i % 8) * 4 + Math.floor(i / 8)));
  assert.ok(Array.from(t.packedDiscriminatorLogits(strided)).some((v, i) => Math.abs(v - logits[i]) > 1e-4));
  assert.throws(() => t.packedDiscriminatorLogits(points.subarray(0, 60)), /packed discriminator \(pack 4\) judges 4 points at once: 30 points are not whole packs/);
  t.dispose();
  const single = new GanTrainer(config({ pack: 1 }), ring);
  assert.deepEqual(Array.from(single.packedDiscriminatorLogits(points)), Array.from(single.discriminatorLogits(points)));
  single.dispose();
});

test('packing gives the same steps in both batch layouts, WGAN-GP and the Lipschitz estimate included', () => {
  const cfg = config({ loss: 'wgan', gradientPenaltyWeight: 10, generator: { hidden: [64] }, discriminator: { hidden: [64] } });
  const records = (['batch-major', 'feature-major'] as const).map((layout) => {
    const t = new GanTrainer(cfg, ring, { layout });
    const rs = [t.trainStep(), t.trainStep(), t.trainStep()];
    t.dispose();
    return rs;
  });
  records[0].forEach((r, i) => {
    const o = records[1][i];
    for (const key of ['dLoss', 'gLoss', 'dGradNorm', 'gGradNorm', 'penalty', 'lipschitzEstimate'] as const) {
      const a = r[key]!;
      const b = o[key]!;
      assert.ok(Number.isFinite(a) && Math.abs(a - b) < 1e-4 * (1 + Math.abs(a)), `step ${i + 1} ${key}: ${a} vs ${b}`);
    }
    assert.ok(r.penalty! > 0);
  });
});

test('pack = 1 is the ordinary GAN: the same steps as a config without it', () => {
  const steps = (cfg: ReturnType<typeof config>) => {
    const t = new GanTrainer(cfg, ring);
    const rs = [t.trainStep(), t.trainStep()].map(({ stepMs, ...r }) => r);
    t.dispose();
    return rs;
  };
  const { pack, ...rest } = config();
  assert.equal(pack, 4);
  assert.deepEqual(steps({ ...rest, pack: 1 }), steps(resolveConfig({ noise: { dim: 2 }, generator: { hidden: [16] }, discriminator: { hidden: [16] }, batchSize: 32, steps: 3, lipschitzEvery: 1 })));
});

test('what cannot be packed is refused with one line', () => {
  assert.throws(() => config({ batchSize: 30 }), /pack must divide the batch size/);
  assert.throws(() => config({ model: 'dcgan' }), /pack \(PacGAN\) is for unconditional MLP GANs/);
  assert.throws(() => config({ conditional: true }), /pack \(PacGAN\) is for unconditional MLP GANs/);
  assert.throws(() => config({ pack: 0 }));
  assert.match(theoryTrackingProblem(ring, 2) ?? '', /packed discriminator \(pack 2\)/);
  assert.equal(theoryTrackingProblem(ring, 1), undefined);
});
