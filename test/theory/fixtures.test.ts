/**
 * The theory against reference values computed independently with SciPy
 * (scripts/make-fixtures/theory.py): every file of test/fixtures/theory/ and of the extra folder
 * $TSGAN_FIXTURES/theory/ when set (test/helpers/fixtures.ts), every value it gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { distributionFromSpec } from '../../src/data/index.js';
import {
  identityCheck,
  jsDivergence,
  klDivergence,
  optimalDiscriminator,
  totalVariation,
  valueAtOptimum,
  wasserstein1D,
  type DensityModel,
} from '../../src/theory/index.js';
import { fixtureFiles, fixtureFilesIn, repoFixtureDir } from '../helpers/fixtures.js';

const TOL = 1e-7;

/** Keys a fixture may carry that are not values to check. */
const META = new Set(['name', 'about', 'description', 'format', 'source', 'note', 'notes', 'real', 'fake']);
const CHECKED = new Set(['js', 'klRealFake', 'klFakeReal', 'tv', 'w1', 'valueAtOptimum', 'minusLog4Plus2JS', 'dStarAt', 'identityError']);

/** Fixture value (null = +∞, as the fixtures' format says for KL) against ours. */
function check(what: string, actual: number | undefined, expected: number | null): void {
  assert.notEqual(actual, undefined, `${what}: not computed`);
  if (expected === null) return assert.equal(actual, Infinity, `${what}: expected +∞`);
  assert.ok(Math.abs((actual as number) - expected) <= TOL, `${what}: ${actual} vs ${expected} (|Δ| = ${Math.abs((actual as number) - expected)})`);
}

test('test/fixtures/theory holds the four pairs scripts/make-fixtures/theory.py makes', () => {
  const names = fixtureFilesIn(repoFixtureDir('theory')).map((f) => f.file);
  assert.deepEqual(names, ['equal.json', 'mixture-vs-normal.json', 'normal-vs-shifted-normal.json', 'uniform-overlap.json']);
});

for (const { label: file, path } of fixtureFiles('theory')) {
  test(`fixture ${file}: JS, both KLs, TV, W1, V(D*, G), −log 4 + 2·JS and D* at points`, () => {
    const fx = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const unknown = Object.keys(fx).filter((k) => !META.has(k) && !CHECKED.has(k) && typeof fx[k] !== 'string');
    assert.deepEqual(unknown, [], `${file}: values this test does not know how to check`);
    const real: DensityModel = distributionFromSpec(fx.real);
    const fake: DensityModel = distributionFromSpec(fx.fake);
    // 1-D uses the defaults (≈ 1e-12); 2-D fixtures, if any, ask for more than the 2-D default.
    const options = real.dim === 1 ? {} : { absTol: 1e-10, relTol: 1e-9 };
    const c = identityCheck(real, fake, options);
    const oneD = real.dim === 1;
    const value = (k: string) => fx[k] as number | null;
    if ('js' in fx) {
      check(`${file} js`, c.js, value('js'));
      if (oneD) check(`${file} jsDivergence`, jsDivergence(real, fake), value('js'));
    }
    if ('klRealFake' in fx) {
      check(`${file} klRealFake`, c.klRealFake, value('klRealFake'));
      if (oneD) check(`${file} klDivergence(real, fake)`, klDivergence(real, fake), value('klRealFake'));
    }
    if ('klFakeReal' in fx) {
      check(`${file} klFakeReal`, c.klFakeReal, value('klFakeReal'));
      if (oneD) check(`${file} klDivergence(fake, real)`, klDivergence(fake, real), value('klFakeReal'));
    }
    if ('tv' in fx) {
      check(`${file} tv`, c.tv, value('tv'));
      if (oneD) check(`${file} totalVariation`, totalVariation(real, fake), value('tv'));
    }
    if ('w1' in fx) {
      check(`${file} w1`, c.w1, value('w1'));
      if (oneD) check(`${file} wasserstein1D`, wasserstein1D(real, fake), value('w1'));
    }
    if ('valueAtOptimum' in fx) {
      check(`${file} valueAtOptimum`, c.valueAtOptimum, value('valueAtOptimum'));
      if (oneD) check(`${file} valueAtOptimum()`, valueAtOptimum(real, fake), value('valueAtOptimum'));
    }
    if ('minusLog4Plus2JS' in fx) check(`${file} minusLog4Plus2JS`, c.minusLog4Plus2JS, value('minusLog4Plus2JS'));
    if ('identityError' in fx) check(`${file} identityError`, c.identityError, value('identityError'));
    assert.ok(c.identityError < (oneD ? 1e-9 : 1e-7), `${file}: E5 identity error ${c.identityError}`);
    if ('dStarAt' in fx) {
      const d = optimalDiscriminator(real, fake);
      for (const [x, expected] of fx.dStarAt as [number[], number | null][]) {
        if (expected === null) assert.equal(d.definedAt(x), false, `${file} D*(${x}) should be undefined`);
        else check(`${file} D*(${x})`, d(x), expected);
      }
    }
  });
}
