/**
 * Each objective's declared properties (src/objectives/objective.ts, ObjectiveProperties), held to the
 * theory, and what depends on them instead of on objective names: the config's Lipschitz rule, the run
 * summary's last line, the curves' panels.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { createObjective, OBJECTIVE_NAMES } from '../../src/objectives/registry.js';
import { resolveConfig } from '../../src/training/config.js';
import { curvesPanels } from '../../src/node/run/run-plots.js';
import { join } from 'node:path';
import { tempDir, tsgan } from '../helpers/cli.js';

test('E3/E5/E8: minimax and non-saturating D are logits that estimate D* (not with label smoothing); least-squares and hinge output scores; the WGAN critic a score that estimates W1 and needs a Lipschitz constraint', () => {
  const got = Object.fromEntries(OBJECTIVE_NAMES.map((n) => [n, createObjective(n).properties]));
  assert.deepEqual(got, {
    minimax: { output: 'logit', estimatesOptimalDiscriminator: true, needsLipschitz: false, estimatesW1: false },
    'non-saturating': { output: 'logit', estimatesOptimalDiscriminator: true, needsLipschitz: false, estimatesW1: false },
    'least-squares': { output: 'score', estimatesOptimalDiscriminator: false, needsLipschitz: false, estimatesW1: false },
    hinge: { output: 'score', estimatesOptimalDiscriminator: false, needsLipschitz: false, estimatesW1: false },
    wgan: { output: 'score', estimatesOptimalDiscriminator: false, needsLipschitz: true, estimatesW1: true },
  });
  // one-sided label smoothing moves the optimum away from D* (objectives.md)
  assert.equal(createObjective('minimax', { labelSmoothing: 0.1 }).properties.estimatesOptimalDiscriminator, false);
  assert.equal(createObjective('non-saturating', { labelSmoothing: 0.1 }).properties.estimatesOptimalDiscriminator, false);
});

test('E8: the config refuses exactly the objectives that declare they need a Lipschitz constraint, when none is given', () => {
  for (const loss of OBJECTIVE_NAMES) {
    const needs = createObjective(loss).properties.needsLipschitz;
    if (needs) assert.throws(() => resolveConfig({ loss }), /needs its critic kept Lipschitz/, loss);
    else assert.doesNotThrow(() => resolveConfig({ loss }), loss);
    assert.doesNotThrow(() => resolveConfig({ loss, clipValue: 0.01 }), loss);
  }
});

test("curves.png's panels follow the objective: V(D, G) and mean D for a logit, a score gap for a hinge D, the critic's estimate beside W1 for a WGAN", () => {
  const step = { type: 'step', step: 1, dLoss: 1, gLoss: 1, dTerms: {}, gTerms: {}, realTerm: -0.7, fakeTerm: -0.7, value: -1.4, dRealMean: 0.5, dFakeMean: 0.5, dGradNorm: 1, gGradNorm: 1, criticEstimate: 0.1, penalty: 0, dSteps: 1, stepMs: 1 } as const;
  const titles = (loss: string) => curvesPanels([step], [], [], createObjective(loss).properties).map((p) => p.title);
  assert.ok(titles('non-saturating').some((t) => t.startsWith('V(D, G)')));
  assert.ok(titles('non-saturating').some((t) => t.startsWith('Mean D')));
  for (const loss of ['hinge', 'least-squares', 'wgan']) {
    assert.ok(!titles(loss).some((t) => t.startsWith('V(D, G)') || t.startsWith('Mean D')), `${loss}: no V(D, G), no mean D`);
  }
  assert.ok(titles('hinge').some((t) => t.startsWith("D's score gap")));
  assert.ok(titles('wgan').some((t) => t.startsWith("Critic's estimate")));
});

test("a hinge run's summary reports its losses and score gap, not V(D, G) (which a hinge D does not estimate)", () => {
  const r = tsgan(['train', '--loss', 'hinge', '--g-hidden', '8', '--d-hidden', '8', '--batch-size', '16', '--steps', '4', '--snapshot-every', '4', '--out', join(tempDir(), 'hinge')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /last step: D's loss [-0-9.]+, G's loss [-0-9.]+ · score gap E\[D\(x\)\] − E\[D\(G\(z\)\)\] = [-0-9.e]+ \(D outputs a score, not a probability: no V\(D, G\)\)/);
  assert.doesNotMatch(r.stdout, /V\(D, G\) =/);
});
