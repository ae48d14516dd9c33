import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  identityCheck,
  jsDivergence,
  optimalDiscriminator,
  sigmoid,
  uniformBox,
  valueAtOptimum,
  valueFunction,
  type DensityModel,
} from '../../src/theory/index.js';
import { mixture, normal } from './test-models.js';

const LOG4 = Math.log(4);
const close = (actual: number, expected: number, tol: number, what = ''): void => {
  assert.ok(Math.abs(actual - expected) <= tol, `${what} ${actual} vs ${expected} (|Δ| = ${Math.abs(actual - expected)} > ${tol})`);
};

/** Tight enough in 2-D too (the 2-D default is relTol 1e-6). */
const tight = { absTol: 1e-11, relTol: 1e-10 };

const pairs: [string, DensityModel, DensityModel][] = [
  ['N(0,1) vs N(1,1)', normal([0], [1]), normal([1], [1])],
  ['N(0,1) vs N(0.5,0.3)', normal([0], [1]), normal([0.5], [0.3])],
  ['bimodal vs N(0,1.5)', mixture([{ weight: 0.5, model: normal([-2], [0.5]) }, { weight: 0.5, model: normal([2], [0.5]) }]), normal([0], [1.5])],
  ['U[0,1] vs U[0.5,1.5]', uniformBox([0], [1]), uniformBox([0.5], [1.5])],
  ['U[0,1] vs N(0,1)', uniformBox([0], [1]), normal([0], [1])],
  ['disjoint uniforms', uniformBox([0], [1]), uniformBox([3], [4])],
  ['2-D normals', normal([0, 0], [1, 1]), normal([1, 0.5], [0.7, 1.2])],
  ['2-D boxes overlapping', uniformBox([0, 0], [1, 1]), uniformBox([0.5, 0.25], [1.5, 1.25])],
];

test('D* = 1/2 where p_r = p_g, 1 or 0 outside one support, NaN (undefined) outside both (E3, E4)', () => {
  const d = optimalDiscriminator(normal([0], [1]), normal([1], [1]));
  assert.equal(d([0.5]), 0.5);
  close(d([-1]), 1 / (1 + Math.exp(-1.5)), 1e-15);
  const u = optimalDiscriminator(uniformBox([0], [1]), uniformBox([0.5], [1.5]));
  assert.equal(u([0.25]), 1);
  assert.equal(u([0.75]), 0.5);
  assert.equal(u([1.25]), 0);
  assert.ok(Number.isNaN(u([3])));
  assert.deepEqual(u.at([3]), { value: NaN, logit: NaN, defined: false });
  assert.equal(u.definedAt([0.75]), true);
  assert.equal(u.logit([0.25]), Infinity);
  // Stable far from both modes, where both densities underflow but their ratio does not.
  const far = optimalDiscriminator(normal([0], [1]), normal([1], [1]));
  close(far.logit([-60]), 60.5, 1e-9);
  assert.equal(far([-60]), sigmoid(60.5));
  close(far([60]), Math.exp(-59.5), 1e-30);
});

test('V(D ≡ 1/2) = −log 4 for any pair, probability or logit form (E1)', () => {
  for (const [name, real, fake] of pairs) {
    close(valueFunction(() => 0.5, real, fake, tight).value, -LOG4, 1e-10, name);
    const v = valueFunction({ logit: () => 0 }, real, fake, tight);
    close(v.value, -LOG4, 1e-10, name);
    close(v.realTerm, -Math.log(2), 1e-10);
    close(v.fakeTerm, -Math.log(2), 1e-10);
  }
  const c = valueFunction(() => 0.9, normal([0], [1]), normal([2], [1]));
  close(c.realTerm, Math.log(0.9), 1e-11);
  close(c.fakeTerm, Math.log(0.1), 1e-11);
});

test('V(D*, G) = −log 4 + 2·JS on several pairs (E5), and D* maximizes V (E3)', () => {
  for (const [name, real, fake] of pairs) {
    const vStar = valueAtOptimum(real, fake, tight);
    const js = jsDivergence(real, fake, tight);
    close(vStar, -LOG4 + 2 * js, 1e-8, name);
    assert.ok(vStar >= -LOG4 - 1e-12 && vStar <= 1e-12, `E6 bounds: ${vStar}`);
    // The same through the generic value function with D* as a discriminator (logits).
    const dStar = optimalDiscriminator(real, fake);
    close(valueFunction(dStar, real, fake, tight).value, vStar, 1e-8, name);
    // Any other discriminator does no better.
    for (const shift of [-0.5, 0.3]) {
      const other = { logit: (x: ArrayLike<number>) => Math.max(-30, Math.min(30, dStar.logit(x))) + shift };
      assert.ok(valueFunction(other, real, fake).value < vStar, `${name}: D* not optimal vs shift ${shift}`);
    }
  }
});

test('V at the global optimum P_g = P_r is −log 4, with D* ≡ 1/2 (E6)', () => {
  const p = normal([0.3], [0.7]);
  close(valueAtOptimum(p, p), -LOG4, 1e-12);
  assert.equal(optimalDiscriminator(p, p)([1.7]), 0.5);
  close(valueAtOptimum(uniformBox([0], [1]), uniformBox([3], [4])), 0, 1e-12);
});

test('a discriminator that is certain and wrong on some mass gives −∞', () => {
  const real = uniformBox([0], [1]);
  const fake = uniformBox([0.5], [1.5]);
  const v = valueFunction((x) => (x[0] < 0.75 ? 0 : 0.5), real, fake);
  assert.equal(v.realTerm, -Infinity);
  const w = valueFunction({ logit: (x) => (x[0] > 1 ? Infinity : 0) }, real, fake);
  assert.equal(w.fakeTerm, -Infinity);
  close(w.realTerm, -Math.log(2), 1e-12);
});

test('identityCheck: every key, finite JS, ∞ KLs, the E5 identity', () => {
  const keys = ['js', 'klRealFake', 'klFakeReal', 'tv', 'w1', 'valueAtOptimum', 'minusLog4Plus2JS', 'identityError'];
  const c = identityCheck(uniformBox([0], [1]), uniformBox([0.5], [1.5]));
  assert.deepEqual(Object.keys(c).sort(), [...keys].sort());
  close(c.js, Math.log(2) / 2, 1e-12);
  assert.equal(c.klRealFake, Infinity);
  assert.equal(c.klFakeReal, Infinity);
  close(c.tv, 0.5, 1e-12);
  close(c.w1 as number, 0.5, 1e-12);
  close(c.valueAtOptimum, -Math.log(2), 1e-12);
  assert.ok(c.identityError < 1e-12);
  const d = identityCheck(normal([0, 0], [1, 1]), normal([1, 0], [1, 1]), tight);
  assert.equal(d.w1, undefined);
  close(d.klRealFake, 0.5, 1e-8);
  close(d.klFakeReal, 0.5, 1e-8);
  assert.ok(d.identityError < 1e-9);
});
