/** The classifier score and the class coverage on inputs with known answers. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { classifierScore } from '../../../src/metrics/image/classifier-score.js';
import { classCoverage } from '../../../src/metrics/image/class-coverage.js';

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
