/**
 * Cross-check with the theory fixtures (computed independently): for each real/fake pair, the
 * total variation ½∫|p_r − p_g| and W1 = ∫|F_r − F_g| (THEORY E8) from this layer's densities and
 * cdfs match the fixture values. Every file of test/fixtures/theory/ and of $TSGAN_FIXTURES/theory/ when
 * set (test/helpers/fixtures.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { distributionFromSpec } from '../../src/data/index.js';
import { fixtureFiles } from '../helpers/fixtures.js';
import { integrate1d } from './helpers.js';

/** The points in [a, b] where f changes sign, found on a grid of n cells and refined by bisection. */
function signChanges(f: (x: number) => number, a: number, b: number, n = 4000): number[] {
  const roots: number[] = [];
  let x0 = a;
  let f0 = f(a);
  for (let i = 1; i <= n; i++) {
    const x1 = a + ((b - a) * i) / n;
    const f1 = f(x1);
    if (f0 * f1 < 0) {
      let lo = x0;
      let hi = x1;
      for (let k = 0; k < 60; k++) {
        const mid = (lo + hi) / 2;
        if (f(mid) * f0 < 0) hi = mid;
        else lo = mid;
      }
      roots.push((lo + hi) / 2);
    }
    x0 = x1;
    f0 = f1;
  }
  return roots;
}

describe('theory fixtures', () => {
  for (const { label: file, path } of fixtureFiles('theory')) {
    it(`${file}: TV and W1 from density and cdf, to 1e-9`, () => {
      const fx = JSON.parse(readFileSync(path, 'utf8')) as { real: unknown; fake: unknown; tv: number; w1: number };
      const r = distributionFromSpec(fx.real);
      const g = distributionFromSpec(fx.fake);
      const a = Math.min(r.effectiveBounds.low[0], g.effectiveBounds.low[0]);
      const b = Math.max(r.effectiveBounds.high[0], g.effectiveBounds.high[0]);
      const breaks = [...r.breakpoints[0], ...g.breakpoints[0]];
      const dp = (x: number) => r.density([x]) - g.density([x]);
      const dF = (x: number) => r.cdf!(x) - g.cdf!(x);
      const tv = 0.5 * integrate1d((x) => Math.abs(dp(x)), a, b, [...breaks, ...signChanges(dp, a, b)].sort((u, v) => u - v));
      const w1 = integrate1d((x) => Math.abs(dF(x)), a, b, [...breaks, ...signChanges(dF, a, b)].sort((u, v) => u - v));
      assert.ok(Math.abs(tv - fx.tv) < 1e-9, `${file}: TV ${tv} vs ${fx.tv}`);
      assert.ok(Math.abs(w1 - fx.w1) < 1e-9, `${file}: W1 ${w1} vs ${fx.w1}`);
    });
  }
});
