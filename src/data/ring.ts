/**
 * The ring of Gaussians (VEEGAN, Srivastava et al. 2017; PacGAN, Lin et al. 2018): `modes`
 * equal-weight isotropic Gaussians N(c_k, std² I₂) at c_k = radius·(cos 2πk/modes, sin 2πk/modes).
 */
import type { Distribution } from './distribution.js';
import { createMixture } from './mixture.js';
import { createNormal } from './normal.js';
import type { RingSpec } from './spec.js';

/** The centres radius·(cos 2πk/modes, sin 2πk/modes), k = 0 … modes − 1, of a ring spec. */
export function ringCenters(spec: RingSpec): [number, number][] {
  return Array.from({ length: spec.modes }, (_, k) => {
    const a = (2 * Math.PI * k) / spec.modes;
    return [spec.radius * Math.cos(a), spec.radius * Math.sin(a)];
  });
}

/**
 * The ring distribution of a valid spec, as an equal-weight mixture of isotropic 2-D normals (so
 * its `modes` are the `modes` centres, in order k = 0, 1, …, each with weight 1/modes).
 * label: defaults to e.g. "ring(8 modes, r 1, σ 0.01)".
 */
export function createRing(spec: RingSpec, label?: string): Distribution {
  const parts = ringCenters(spec).map((c) => ({
    weight: 1 / spec.modes,
    dist: createNormal({ type: 'normal', mean: c, std: [spec.std, spec.std] }),
  }));
  return createMixture(parts, spec, label ?? `ring(${spec.modes} modes, r ${spec.radius}, σ ${spec.std})`);
}
