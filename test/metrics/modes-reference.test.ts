/**
 * modeMetrics (the PacGAN / VEEGAN protocol) against a second implementation written here from the
 * papers' description: nearest centre by Euclidean distance (ties to the first), high quality within
 * 3σ of it (inclusive), reverse KL of the high-quality histogram from the weights, computed as
 * (1/N) Σ nₖ log nₖ − log N − Σ qₖ log pₖ (another formula than the library's Σ q log(q/p)).
 * Random mixtures and samples from fast-check; samples within 1e-9 of a 3σ boundary are skipped.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import type { GaussianMode } from '../../src/data/index.js';
import { modeMetrics } from '../../src/metrics/index.js';

interface Reference {
  modesCaptured: number;
  highQualityFraction: number;
  reverseKL: number;
  modeCounts: number[];
}

/** The protocol as the papers state it (see the file comment). */
function reference(samples: number[][], modes: readonly GaussianMode[], stdMultiple = 3): Reference | undefined {
  const counts = modes.map(() => 0);
  for (const x of samples) {
    const d = modes.map((m) => Math.hypot(...x.map((v, j) => v - m.center[j])));
    const k = d.indexOf(Math.min(...d));
    const r = stdMultiple * modes[k].std;
    if (Math.abs(d[k] - r) < 1e-9 * Math.max(1, r)) return undefined; // on the boundary: rounding decides
    if (d.filter((v) => Math.abs(v - d[k]) < 1e-12).length > 1) return undefined; // a tie between centres
    if (d[k] <= r) counts[k]++;
  }
  const N = counts.reduce((a, b) => a + b, 0);
  const totalWeight = modes.reduce((s, m) => s + m.weight, 0);
  let reverseKL = Infinity;
  if (N > 0) {
    let sumNLogN = 0;
    let crossEntropy = 0;
    counts.forEach((c, k) => {
      if (c === 0) return;
      sumNLogN += c * Math.log(c);
      crossEntropy -= (c / N) * Math.log(modes[k].weight / totalWeight);
    });
    reverseKL = sumNLogN / N - Math.log(N) + crossEntropy;
  }
  return {
    modesCaptured: counts.filter((c) => c > 0).length,
    highQualityFraction: samples.length === 0 ? 0 : N / samples.length,
    reverseKL,
    modeCounts: counts,
  };
}

const mixture = (dim: number) =>
  fc.array(
    fc.record({
      center: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: dim, maxLength: dim }),
      std: fc.double({ min: 0.05, max: 1, noNaN: true }),
      weight: fc.double({ min: 0.01, max: 3, noNaN: true }),
    }),
    { minLength: 1, maxLength: 6 },
  );

for (const dim of [1, 2, 3]) {
  test(`${dim}-D: modeMetrics equals the reference on random mixtures and samples near and far from the centres`, () => {
    fc.assert(
      fc.property(
        mixture(dim),
        // Each sample: a mode to start from, and an offset of 0 to 6 of that mode's std along a random direction.
        fc.array(fc.tuple(fc.nat(), fc.double({ min: 0, max: 6, noNaN: true }), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: dim, maxLength: dim })), { maxLength: 40 }),
        fc.constantFrom(1, 2, 3, 4.5),
        (modes, draws, stdMultiple) => {
          const samples = draws.map(([k, r, dir]) => {
            const m = modes[k % modes.length];
            const norm = Math.hypot(...dir);
            const unit = norm > 1e-6 ? dir.map((v) => v / norm) : dir.map((_, j) => (j === 0 ? 1 : 0));
            return m.center.map((c, j) => c + r * m.std * unit[j]);
          });
          const want = reference(samples, modes, stdMultiple);
          fc.pre(want !== undefined);
          const got = modeMetrics(Float64Array.from(samples.flat()), dim, modes, { stdMultiple });
          assert.deepEqual(got.modeCounts, want!.modeCounts);
          assert.equal(got.modesCaptured, want!.modesCaptured);
          assert.equal(got.totalModes, modes.length);
          assert.ok(Math.abs(got.highQualityFraction - want!.highQualityFraction) < 1e-15);
          if (want!.reverseKL === Infinity) assert.equal(got.reverseKL, Infinity);
          else assert.ok(Math.abs(got.reverseKL - want!.reverseKL) < 1e-9, `reverse KL ${got.reverseKL} vs ${want!.reverseKL}`);
        },
      ),
      { numRuns: 300, seed: 20240527 + dim },
    );
  });
}

test('the default multiple is 3: a sample at 2.9σ counts, one at 3.1σ does not (σ = 0.4, centre off the origin)', () => {
  const modes: GaussianMode[] = [{ center: [1, -2], std: 0.4, weight: 1 }];
  const at = (r: number) => [1 + r * 0.4 * 0.6, -2 + r * 0.4 * 0.8];
  assert.equal(modeMetrics(Float64Array.from([...at(2.9), ...at(3.1)]), 2, modes).highQualityFraction, 0.5);
  assert.equal(modeMetrics(Float64Array.from([...at(2.9), ...at(3.1)]), 2, modes, { stdMultiple: 3.2 }).highQualityFraction, 1);
  // The radius is each mode's own 3σ: 0.5 from the σ = 0.2 centre is in (2.5σ), 0.7 is out (3.5σ);
  // 5.9 from the σ = 2 centre is in (2.95σ), 6.1 is out (3.05σ).
  const two: GaussianMode[] = [
    { center: [0], std: 0.2, weight: 1 },
    { center: [10], std: 2, weight: 1 },
  ];
  assert.deepEqual(modeMetrics(Float64Array.from([0.5, 0.7, 15.9, 16.1]), 1, two).modeCounts, [1, 1]);
});

test('reverse KL is KL(q ‖ p) with the generated histogram first: 3 : 1 on weights ½ : ½ gives ¾ log(3/2) + ¼ log(1/2), not KL(p ‖ q) = ½ log(2/3) + ½ log 2', () => {
  const modes: GaussianMode[] = [
    { center: [0, 0], std: 1, weight: 0.5 },
    { center: [10, 0], std: 1, weight: 0.5 },
  ];
  const m = modeMetrics(Float64Array.from([0, 0, 0.5, 0, 0, 0.5, 10, 0]), 2, modes);
  const reverse = 0.75 * Math.log(1.5) + 0.25 * Math.log(0.5);
  const forward = 0.5 * Math.log(2 / 3) + 0.5 * Math.log(2);
  assert.ok(Math.abs(m.reverseKL - reverse) < 1e-15, `${m.reverseKL}`);
  assert.ok(Math.abs(reverse - forward) > 0.01, 'the two directions differ here');
});
