import { test } from 'node:test';
import assert from 'node:assert/strict';
import { erfc, logAddExp, sigmoid, softplus, standardNormalCdf, standardNormalSf } from '../../src/theory/index.js';

const rel = (actual: number, expected: number, tol: number): void => {
  assert.ok(Math.abs(actual - expected) <= tol * Math.abs(expected), `${actual} vs ${expected}`);
};

test('erfc and Φ against reference values (mpmath, 16 digits), tails included', () => {
  rel(erfc(0.5), 0.4795001221869535, 1e-14);
  rel(erfc(1.2), 0.08968602177036462, 1e-14);
  rel(erfc(3), 2.209049699858544e-5, 1e-14);
  rel(erfc(-0.3), 1.328626759459127, 1e-14);
  rel(erfc(10), 2.088487583762545e-45, 1e-13);
  rel(standardNormalCdf(1), 0.8413447460685429, 1e-14);
  rel(standardNormalCdf(-5), 2.866515718791939e-7, 1e-13);
  rel(standardNormalSf(5), 2.866515718791939e-7, 1e-13);
  rel(standardNormalCdf(-20), 2.753624118606233e-89, 1e-12);
  assert.equal(erfc(Infinity), 0);
  assert.equal(erfc(-Infinity), 2);
});

test('log-sum-exp, softplus and sigmoid never overflow or give NaN', () => {
  assert.equal(logAddExp(-Infinity, -Infinity), -Infinity);
  assert.equal(logAddExp(1000, 1000), 1000 + Math.LN2);
  assert.equal(logAddExp(-1e5, -Infinity), -1e5);
  assert.equal(softplus(Infinity), Infinity);
  assert.equal(softplus(-Infinity), 0);
  assert.equal(softplus(800), 800);
  rel(softplus(-800), Math.exp(-800), 1e-12);
  assert.equal(sigmoid(Infinity), 1);
  assert.equal(sigmoid(-Infinity), 0);
  rel(sigmoid(-745), Math.exp(-745), 1e-6);
  assert.equal(sigmoid(0), 0.5);
});
