/**
 * The summary `tsgan train` prints at the end of a run (summaryText): every number in it against the
 * run summary it is printed from, to the precision it is shown with. (test/cli/summaries.test.ts does
 * the same through the built CLI on real runs.)
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { summaryText } from '../../src/cli/commands/train.js';
import type { RunSummary } from '../../src/node/run/train-run.js';
import type { StepRecord } from '../../src/training/records.js';
import type { EvalRecord } from '../../src/metrics/evaluate.js';
import type { ImageTrackRecord } from '../../src/metrics/image/image-track-record.js';
import type { RollbackRecord } from '../../src/training/divergence.js';
import { numberAfter, assertShown } from '../helpers/shown-numbers.js';

const last = {
  type: 'step', step: 1234, dLoss: 1.2, gLoss: 0.8, dTerms: { realTerm: -0.6123, fakeTerm: -0.7789 }, gTerms: {}, realTerm: -0.6123, fakeTerm: -0.7789,
  value: -1.3912, dRealMean: 0.5123, dFakeMean: 0.4876, dGradNorm: 0.3, gGradNorm: 0.2, criticEstimate: 0.0421, penalty: 0, lipschitzEstimate: 2.3456, dSteps: 1, stepMs: 4,
} as StepRecord;
const evalRecord: EvalRecord = {
  type: 'eval', step: 1234, samples: 2500,
  modes: { modesCaptured: 7, totalModes: 8, highQualityFraction: 0.8761, reverseKL: 0.01234, modeCounts: [] },
  w1: 0.123456, w1Method: 'exact matching, 500 vs 500 samples', fakeMean: [0, 0], fakeStd: [1, 1],
};
const images: ImageTrackRecord = { type: 'images', step: 1234, samples: 1000, testImages: 2000, frechetDistance: 12.3456, classifierScore: 8.7654, classesCovered: 9, classKL: 0.0456, precision: 0.7123, recall: 0.6543, labelAccuracy: 0.9512 };
const rollback = (n: number, fromStep: number, step: number): RollbackRecord => ({
  type: 'rollback', step, fromStep, quantity: "discriminator's loss", value: 'Infinity', rollback: n, learningRates: { generator: 0.0001 * n, discriminator: 0.0002 * n },
});
const summary: RunSummary = {
  outDir: 'runs/a', steps: 1234, interrupted: false, seconds: 56.78, stepsPerSecond: 21.734, backend: 'wasm', data: 'ring8', loss: 'non-saturating',
  last, eval: evalRecord, images, rollbacks: [rollback(1, 520, 500), rollback(2, 800, 750)],
  files: { samples: 'runs/a/samples.png', curves: 'runs/a/curves.png', metrics: 'runs/a/metrics.jsonl', summary: 'runs/a/summary.json', checkpoint: 'runs/a/checkpoint.json' },
};

test('the first line: steps, data, loss, seconds, steps/s and backend', () => {
  const text = summaryText(summary);
  const first = text.split('\n')[0];
  assert.match(first, /^tsgan: trained 1234 steps on ring8 with the non-saturating loss in /);
  assertShown(numberAfter(first, 'loss in '), 56.78, 1, 'seconds');
  assertShown(numberAfter(first, 's ('), 21.734, 1, 'steps/s');
  assert.match(first, /wasm backend\)$/);
  assert.match(summaryText({ ...summary, interrupted: true }).split('\n')[0], /^tsgan: interrupted after 1234 steps/);
});

test('the evaluation: modes captured of all, high quality as a percentage (×100), reverse KL, samples, W1', () => {
  const line = summaryText(summary).split('\n').find((l) => l.includes('modes captured'))!;
  assert.match(line, /modes captured 7\/8 /);
  assertShown(numberAfter(line, 'high quality '), 100 * 0.8761, 1, 'high quality %');
  assert.match(line, /high quality [\d.]+%/);
  assertShown(numberAfter(line, 'reverse KL '), 0.01234, 3, 'reverse KL');
  assert.equal(numberAfter(line, 'PacGAN protocol, '), 2500);
  const w1 = summaryText(summary).split('\n').find((l) => l.includes('W1(data, generator)'))!;
  assertShown(numberAfter(w1, '≈ '), 0.123456, 4, 'W1');
  assert.ok(w1.endsWith('(exact matching, 500 vs 500 samples)'), w1);
  // No modes, no W1: no such lines (an infinite KL is written out).
  const bare = summaryText({ ...summary, eval: { ...evalRecord, modes: undefined, w1: undefined } });
  assert.ok(!bare.includes('modes captured') && !bare.includes('W1('), bare);
  assert.match(summaryText({ ...summary, eval: { ...evalRecord, modes: { ...evalRecord.modes!, reverseKL: Infinity } } }), /reverse KL Infinity /);
});

test('the image metrics: classifier score, Fréchet distance, classes covered, KL, precision, recall, label accuracy (%), sample counts', () => {
  const line = summaryText(summary).split('\n').find((l) => l.includes('images:'))!;
  assertShown(numberAfter(line, 'classifier score '), 8.7654, 3, 'classifier score');
  assertShown(numberAfter(line, 'Fréchet distance '), 12.3456, 3, 'Fréchet distance');
  assert.match(line, / 9\/10 classes /);
  assertShown(numberAfter(line, '(KL '), 0.0456, 3, 'class KL');
  assertShown(numberAfter(line, 'precision '), 0.7123, 3, 'precision');
  assertShown(numberAfter(line, 'recall '), 0.6543, 3, 'recall');
  assertShown(numberAfter(line, 'label accuracy '), 95.12, 1, 'label accuracy %');
  assert.match(line, /\(1000 samples vs 2000 test images/);
  assert.ok(!summaryText({ ...summary, images: { ...images, labelAccuracy: undefined } }).includes('label accuracy'));
});

test('the last step: V(D, G) and the mean D on real and fake for a GAN; the critic estimate and Lipschitz constant for a critic', () => {
  const gan = summaryText(summary).split('\n').find((l) => l.includes('last step'))!;
  assertShown(numberAfter(gan, 'V(D, G) = '), -1.3912, 3, 'V(D, G)');
  assertShown(numberAfter(gan, 'real '), 0.5123, 3, 'mean D(x) real');
  assertShown(numberAfter(gan, 'fake '), 0.4876, 3, 'mean D(G(z)) fake');
  const critic = summaryText({ ...summary, loss: 'wgan', last: { ...last, dTerms: { criticReal: 0.3, criticFake: 0.2579 } } }).split('\n').find((l) => l.includes('last step'))!;
  assertShown(numberAfter(critic, 'E[f(G(z))] = '), 0.0421, 3, 'critic estimate');
  assertShown(numberAfter(critic, 'Lipschitz constant '), 2.3456, 3, 'Lipschitz constant');
});

test('rollbacks: how many, and the last one\'s quantity, value, steps and learning rates', () => {
  const line = summaryText(summary).split('\n').find((l) => l.includes('rolled back'))!;
  assert.equal(numberAfter(line, 'rolled back '), 2);
  assert.match(line, /the discriminator's loss was Infinity at step 800, back to step 750\)/);
  assert.equal(numberAfter(line, 'now G '), 0.0002);
  assert.equal(numberAfter(line, ', D '), 0.0004);
  assert.ok(!summaryText({ ...summary, rollbacks: undefined }).includes('rolled back'));
});

test('the high-quality share is shown beside the data\'s own, with a warning when the generator is above it', async () => {
  const { dataShare } = await import('../../src/cli/high-quality-text.js');
  assert.equal(dataShare(0.976, 0.9889), ' (data itself: 98.9%)');
  assert.equal(dataShare(1, 0.9973), ' (data itself: 99.7%, above it: the generated modes lack the data\'s tails)');
  assert.equal(dataShare(0.5, undefined), '');
});
