/**
 * A cumulative distribution function built by integrating a 1-D density, for models that have no
 * exact `cdf` (a kernel density estimate, a user's density).
 */
import type { DensityModel } from './density-model.js';
import { integrate } from './quadrature.js';
import { compensatedSum } from './special.js';

/**
 * F(x) = P(X ≤ x) = ∫_{−∞}^x p(t) dt + Σ_{atoms ≤ x} mass, by adaptive quadrature: the effective
 * range is cut into at least `panels` panels (and at every breakpoint); each panel's mass is
 * integrated once, and F(x) adds the partial integral over x's panel (absolute error ≈ 1e-13).
 * Domain: a 1-D model; x ∈ [−∞, ∞].
 * Deviation: the mass outside the effective range (< 1e-12 by the model's contract) is left out,
 * so F = 0 below it and F = the range's mass above it.
 */
export function numericalCdf(model: DensityModel, panels = 64): (x: number) => number {
  if (model.dim !== 1) throw new RangeError(`numericalCdf needs a 1-D distribution, got dim ${model.dim}`);
  const lo = model.effectiveBounds.low[0];
  const hi = model.effectiveBounds.high[0];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new RangeError('numericalCdf needs a finite effective range');
  const pts = new Set<number>();
  for (let i = 0; i <= panels; i++) pts.add(lo + ((hi - lo) * i) / panels);
  for (const b of model.breakpoints[0] ?? []) if (b > lo && b < hi) pts.add(b);
  const edges = [...pts].sort((a, b) => a - b);
  const dens = (t: number): number => model.density([t]);
  const opts = { absTol: 1e-14, relTol: 1e-12 };
  const masses = edges.slice(1).map((e, i) => integrate(dens, edges[i], e, opts).value);
  const prefix = [0];
  for (let i = 0; i < masses.length; i++) prefix.push(compensatedSum([prefix[i], masses[i]]));
  const atoms = [...(model.atoms ?? [])].sort((a, b) => a.location[0] - b.location[0]);
  return (x: number): number => {
    let atomMass = 0;
    for (const a of atoms) if (a.location[0] <= x) atomMass += a.mass;
    if (!(x > lo)) return atomMass;
    if (x >= hi) return prefix[prefix.length - 1] + atomMass;
    // Panel i holds x: edges[i] ≤ x < edges[i + 1].
    let a = 0;
    let b = edges.length - 1;
    while (b - a > 1) {
      const m = (a + b) >> 1;
      if (edges[m] <= x) a = m;
      else b = m;
    }
    return prefix[a] + integrate(dens, edges[a], x, opts).value + atomMass;
  };
}
