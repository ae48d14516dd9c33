/** The classifier score, the class coverage and the label accuracy on inputs with known answers. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { classifierScore } from '../../../src/metrics/image/classifier-score.js';
import { classCoverage } from '../../../src/metrics/image/class-coverage.js';
import { labelAccuracy } from '../../../src/metrics/image/label-accuracy.js';

const oneHot = (labels: number[], k: number) => Float64Array.from(labels.flatMap((y) => Array.from({ length: k }, (_, c) => (c === y ? 1 : 0))));

test('classifier score: 10 for confident, balanced predictions; 1 for identical rows; a hand-computed 2-class case', () => {
  assert.ok(Math.abs(classifierScore(oneHot([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 10), 10) - 10) < 1e-12);
  assert.ok(Math.abs(classifierScore(oneHot([3, 3, 3], 10), 10) - 1) < 1e-15, 'one class only');
  assert.ok(Math.abs(classifierScore(new Float64Array(40).fill(0.1), 10) - 1) < 1e-12, 'uniform rows');
  // Rows (0.9, 0.1) and (0.2, 0.8): p(y) = (0.55, 0.45).
  const kl1 = 0.9 * Math.log(0.9 / 0.55) + 0.1 * Math.log(0.1 / 0.45);
  const kl2 = 0.2 * Math.log(0.2 / 0.55) + 0.8 * Math.log(0.8 / 0.45);
  assert.ok(Math.abs(classifierScore([0.9, 0.1, 0.2, 0.8], 2) - Math.exp((kl1 + kl2) / 2)) < 1e-14);
  // Confident but only 5 of 10 classes used equally: score 5.
  assert.ok(Math.abs(classifierScore(oneHot([0, 1, 2, 3, 4], 10), 10) - 5) < 1e-12);
});

test('class coverage: classes with ≥ 1 % of the samples, KL from uniform log 10 for one class and 0 for a balanced set', () => {
  const one = classCoverage(new Int32Array(500).fill(7), 10);
  assert.equal(one.classesCovered, 1);
  assert.ok(Math.abs(one.klFromUniform - Math.log(10)) < 1e-15);
  assert.equal(one.histogram[7], 1);
  const balanced = classCoverage(Int32Array.from({ length: 1000 }, (_, i) => i % 10), 10);
  assert.equal(balanced.classesCovered, 10);
  assert.ok(Math.abs(balanced.klFromUniform) < 1e-15);
  // 991 of class 0 and 9 of class 1: class 1 holds 0.9 % < 1 %, not covered; KL by hand.
  const skew = classCoverage([...new Array(991).fill(0), ...new Array(9).fill(1)], 10);
  assert.equal(skew.classesCovered, 1);
  assert.ok(Math.abs(skew.klFromUniform - (0.991 * Math.log(9.91) + 0.009 * Math.log(0.09))) < 1e-14);
  assert.equal(classCoverage([...new Array(990).fill(0), ...new Array(10).fill(1)], 10).classesCovered, 2, 'exactly 1 % counts');
  assert.throws(() => classCoverage([10], 10), /not a class/);
});

test('label accuracy: 1 when every sample is read as its label; 0.1 for a generator that ignores labels yet covers every class; per-label fractions by hand', () => {
  const labels = Int32Array.from({ length: 1000 }, (_, i) => i % 10);
  const perfect = labelAccuracy(labels, labels, 10);
  assert.equal(perfect.accuracy, 1);
  assert.deepEqual(perfect.perClass, new Array(10).fill(1));
  // Sample i drawn as digit ⌊i/10⌋ mod 10 whatever its label: every digit equally often (the class
  // histogram is uniform: 10/10 classes, KL 0), yet each label is honoured for 1 sample in 10.
  const ignoring = Int32Array.from({ length: 1000 }, (_, i) => Math.floor(i / 10) % 10);
  assert.equal(classCoverage(ignoring, 10).klFromUniform, 0);
  const ig = labelAccuracy(ignoring, labels, 10);
  assert.ok(Math.abs(ig.accuracy - 0.1) < 1e-15);
  for (const p of ig.perClass) assert.ok(Math.abs(p - 0.1) < 1e-15);
  // Labels (0, 0, 0, 1, 1) read as (0, 2, 0, 1, 0): 3 of 5; label 0: 2 of 3, label 1: 1 of 2, label 2: no sample.
  const small = labelAccuracy([0, 2, 0, 1, 0], [0, 0, 0, 1, 1], 3);
  assert.equal(small.accuracy, 3 / 5);
  assert.equal(small.perClass[0], 2 / 3);
  assert.equal(small.perClass[1], 1 / 2);
  assert.ok(Number.isNaN(small.perClass[2]));
  assert.throws(() => labelAccuracy([0, 1], [0], 10), /1 labels for 2 predictions/);
  assert.throws(() => labelAccuracy([0], [10], 10), /10 is not a class/);
  assert.throws(() => labelAccuracy([], [], 10), /at least one sample/);
});
