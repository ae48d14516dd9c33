/**
 * E8 on real critics: a WGAN critic trained against a fixed generator, its estimate E_r f − E_g f
 * against the exact W1 of the two samples, under each of the three Lipschitz constraints.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { setupBackend } from '../helpers/backend.js';
import { tsgan } from '../helpers/cli.js';
import { distributionFromSpec } from '../../src/data/index.js';
import { criticVersusW1, type CriticConstraint } from '../../src/experiments/critic-vs-w1.js';

await setupBackend();
const data = distributionFromSpec({ type: 'normal', mean: [3], std: [0.5] });

const criticVsW1 = (constraint: CriticConstraint) => criticVersusW1(data, constraint, { steps: constraint === 'clipping' ? 400 : 800 });

test('spectral normalization: a 1-Lipschitz critic whose estimate reaches the exact W1 (within 3 %, never above)', () => {
  const r = criticVsW1('spectral-norm');
  assert.ok(r.w1 > 2.5, `the generator starts far from the data: W1 ${r.w1}`);
  assert.ok(r.lipschitzEstimate <= 1.001, `K̂ ${r.lipschitzEstimate}`);
  assert.ok(r.criticEstimate <= r.w1 * 1.005 && r.criticEstimate >= 0.97 * r.w1, `estimate ${r.criticEstimate} vs W1 ${r.w1}`);
});

test('gradient penalty: a soft constraint (K̂ near 1, above it at times); the estimate is near W1 and estimate/K̂ stays below W1', () => {
  const r = criticVsW1('gradient-penalty');
  assert.ok(r.lipschitzEstimate > 0.8 && r.lipschitzEstimate < 2, `K̂ ${r.lipschitzEstimate}`);
  assert.ok(r.criticEstimate > 0.85 * r.w1 && r.criticEstimate <= r.lipschitzEstimate * r.w1 * 1.005, `estimate ${r.criticEstimate}, W1 ${r.w1}, K̂ ${r.lipschitzEstimate}`);
});

test('weight clipping (c = 0.01): the critic is K-Lipschitz with a tiny K, its estimate is K·W1-sized, not W1', () => {
  const r = criticVsW1('clipping');
  assert.ok(r.lipschitzEstimate < 0.01, `K̂ ${r.lipschitzEstimate}`);
  assert.ok(r.criticEstimate > 0 && r.criticEstimate < 0.01 * r.w1, `estimate ${r.criticEstimate} vs W1 ${r.w1}`);
  assert.ok(r.criticEstimate / r.lipschitzEstimate > 0.5 * r.w1 && r.criticEstimate / r.lipschitzEstimate <= r.w1 * 1.005, `estimate/K̂ ${r.criticEstimate / r.lipschitzEstimate} vs W1 ${r.w1}`);
});

test('CLI: tsgan theory critic --json gives the three rows; bad input is one line', () => {
  const r = tsgan(['theory', 'critic', '--steps', '30', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as { constraint: string; w1: number; criticEstimate: number; lipschitzEstimate: number }[];
  assert.deepEqual(rows.map((x) => x.constraint), ['clipping', 'gradient-penalty', 'spectral-norm']);
  for (const x of rows) assert.ok(x.w1 > 2.5 && Number.isFinite(x.criticEstimate) && x.lipschitzEstimate > 0, JSON.stringify(x));
  const bad = tsgan(['theory', 'critic', '--data', 'ring9']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr.trim(), /^tsgan: --data: unknown distribution name "ring9"/);
});
