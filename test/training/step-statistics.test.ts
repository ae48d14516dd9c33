/**
 * The step record's numbers from downloaded logits (src/training/step-statistics.ts) and the number
 * twins of E2's log-probabilities and of a tensor's mean (src/objectives/log-prob.ts).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { byName, discriminatorRecordFields, DISCRIMINATOR_MEASURES, generatorRecordFields, GENERATOR_MEASURES } from '../../src/training/step-statistics.js';
import { createObjective } from '../../src/objectives/registry.js';
import { logDValue, logOneMinusDValue, softplusValue } from '../../src/objectives/log-prob.js';

const measures = byName([0.5, 0.25, NaN, 1.5, 3], DISCRIMINATOR_MEASURES);

test('E1/E6: with every logit 0 (D ≡ 1/2) the record has V = −log 4, mean D = 1/2 on both batches, critic estimate 0', () => {
  const f = discriminatorRecordFields(createObjective('minimax'), new Float32Array(8), 4, measures);
  // every number of a record is a float32, like the training's (step-statistics.ts)
  const f32 = Math.fround;
  assert.equal(f.value, f32(-Math.log(2)) + f32(-Math.log(2)));
  assert.equal(f.realTerm, f32(-Math.log(2)));
  assert.equal(f.fakeTerm, f32(-Math.log(2)));
  assert.equal(f.dLoss, f32(Math.log(4)), 'the minimax discriminator minimizes −V');
  assert.deepEqual(f.dTerms, { realTerm: f32(-Math.log(2)), fakeTerm: f32(-Math.log(2)) });
  assert.equal(f.dRealMean, 0.5);
  assert.equal(f.dFakeMean, 0.5);
  assert.equal(f.criticEstimate, 0);
});

test('E1/E8: real logits first, generated second: V\'s terms, the mean D(x), and the critic estimate E_r[f] − E_g[f] by hand', () => {
  const real = [2, -1];
  const fake = [0.5, -3];
  const f = discriminatorRecordFields(createObjective('wgan'), Float32Array.from([...real, ...fake]), 2, measures);
  const sig = (a: number) => 1 / (1 + Math.exp(-a));
  const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 2e-7 * Math.abs(b), `${what}: ${a} vs ${b}`);
  const realTerm = (Math.log(sig(2)) + Math.log(sig(-1))) / 2;
  const fakeTerm = (Math.log(1 - sig(0.5)) + Math.log(1 - sig(-3))) / 2;
  near(f.realTerm, realTerm, 'E_r[log D]');
  near(f.fakeTerm, fakeTerm, 'E_g[log(1 − D)]');
  near(f.value, realTerm + fakeTerm, 'V');
  near(f.dRealMean, (sig(2) + sig(-1)) / 2, 'mean D(x)');
  near(f.dFakeMean, (sig(0.5) + sig(-3)) / 2, 'mean D(G(z))');
  for (const v of [f.realTerm, f.fakeTerm, f.dRealMean, f.dFakeMean, f.criticEstimate, f.dLoss]) assert.equal(v, Math.fround(v), 'every number a float32');
  assert.equal(f.value, f.realTerm + f.fakeTerm, 'V is exactly the sum of the two terms the record shows');
  assert.equal(f.criticEstimate, 0.5 - -1.25);
  assert.equal(f.dLoss, -1.25 - 0.5, 'the critic minimizes E_g[f] − E_r[f]');
  assert.deepEqual(f.dTerms, { criticReal: 0.5, criticFake: -1.25 });
  // the measurements by name; NaN ones (no penalty norms this step) are left out
  assert.equal(f.dGradNorm, 0.5);
  assert.equal(f.penalty, 0.25);
  assert.equal('maxInputGradNorm' in f, false);
  assert.equal(f.lipschitzEstimate, 1.5);
});

test('generator fields: the objective\'s loss and terms from the generated batch\'s logits, and the gradient norm', () => {
  const f = generatorRecordFields(createObjective('non-saturating'), [0, 0], byName([2, 7], GENERATOR_MEASURES));
  assert.deepEqual(f, { gLoss: Math.fround(Math.log(2)), gTerms: { fakeLogD: Math.fround(-Math.log(2)) }, gGradNorm: 2 });
});

test('a loss beyond float32\'s range is +∞ in the record (the divergence check stops the run on it, as on the float32 tensors)', () => {
  const f = generatorRecordFields(createObjective('least-squares'), [1e30, 0], byName([2, 7], GENERATOR_MEASURES));
  assert.equal(f.gLoss, Infinity);
  assert.deepEqual(f.gTerms, { fakeTerm: Infinity });
});

test('a measurement vector or logits of the wrong length is a bug said plainly', () => {
  assert.throws(() => byName([1, 2], DISCRIMINATOR_MEASURES), /expected 5 measurements/);
  assert.throws(() => discriminatorRecordFields(createObjective('minimax'), [0, 0, 0], 2, measures), /expected 4 logits, got 3/);
});

test('means are summed in float32, as a tensor\'s mean: a sum that leaves float32\'s range is ±∞ (the divergence check sees it at the step a float32 framework would)', async () => {
  const { meanValue } = await import('../../src/objectives/log-prob.js');
  assert.equal(meanValue([2e38, 2e38]), Infinity, 'the float64 mean, 2e38, would be finite');
  assert.equal(meanValue([-2e38, -2e38]), -Infinity);
  assert.equal(meanValue([1e38, 1e38]), Math.fround(1e38));
  assert.equal(meanValue([0.1, 0.2, 0.3]), Math.fround(Math.fround(Math.fround(Math.fround(0.1) + Math.fround(0.2)) + Math.fround(0.3)) / 3));
  assert.ok(Number.isNaN(meanValue([])));
});

test('E2: the float64 log-probabilities are stable at extreme logits (no −∞, no NaN, exact tails)', () => {
  assert.equal(softplusValue(1000), 1000);
  assert.equal(softplusValue(-1000), 0);
  assert.equal(logDValue(-800), -800, 'log σ(a) = a for very negative a');
  assert.equal(logOneMinusDValue(800), -800);
  assert.ok(Math.abs(logDValue(40) + Math.exp(-40)) < 1e-30, 'log σ(40) = −e⁻⁴⁰ to the last digit, not 0 − rounding');
  assert.ok(Number.isNaN(logDValue(NaN)), 'a NaN logit stays NaN (divergence detection sees it)');
  assert.ok(logDValue(Infinity) === 0, 'log σ(∞) = 0');
  assert.equal(logOneMinusDValue(Infinity), -Infinity);
});
