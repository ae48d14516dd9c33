/**
 * Point masses of two distributions, matched by location, so that divergences and D* can treat
 * distributions that are not absolutely continuous (a generator with a flat piece) exactly.
 */
import type { Atom, DensityModel } from './density-model.js';

/** Two locations are one atom when every coordinate agrees to 1e-12 relative (1e-12 absolute near 0). */
export function sameLocation(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (Math.abs(a[i] - b[i]) > 1e-12 * Math.max(1, Math.abs(a[i]), Math.abs(b[i]))) return false;
  }
  return true;
}

/** The mass of the model's atom at x (0 when it has none there). */
export function atomMassAt(model: DensityModel, x: ArrayLike<number>): number {
  let m = 0;
  for (const a of model.atoms ?? []) if (sameLocation(a.location, x)) m += a.mass;
  return m;
}

/** One location carrying an atom of p, of q, or of both, with each one's mass there (0 if none). */
export interface AtomPair {
  readonly location: readonly number[];
  readonly massP: number;
  readonly massQ: number;
}

/** Every atom location of p and q, with both masses there. */
export function pairAtoms(p: DensityModel, q: DensityModel): AtomPair[] {
  const out: { location: readonly number[]; massP: number; massQ: number }[] = [];
  const put = (a: Atom, which: 'massP' | 'massQ'): void => {
    if (!(a.mass > 0)) return;
    const hit = out.find((o) => sameLocation(o.location, a.location));
    if (hit !== undefined) hit[which] += a.mass;
    else out.push({ location: a.location, massP: which === 'massP' ? a.mass : 0, massQ: which === 'massQ' ? a.mass : 0 });
  };
  for (const a of p.atoms ?? []) put(a, 'massP');
  for (const a of q.atoms ?? []) put(a, 'massQ');
  return out;
}
