/**
 * The grid of Gaussians (VEEGAN, Srivastava et al. 2017; PacGAN, Lin et al. 2018): side² equal-weight
 * isotropic Gaussians N(c, std² I₂) on a square grid centred at the origin.
 */
import type { Distribution } from './distribution.js';
import { createMixture } from './mixture.js';
import { createNormal } from './normal.js';
import type { GridSpec } from './spec.js';

/**
 * The centres ((i − (side−1)/2)·spacing, (j − (side−1)/2)·spacing) of a grid spec, i (the x index)
 * outer and j inner: for side 5, spacing 2 they are {−4, −2, 0, 2, 4}², starting (−4, −4), (−4, −2).
 */
export function gridCenters(spec: GridSpec): [number, number][] {
  const half = (spec.side - 1) / 2;
  const out: [number, number][] = [];
  for (let i = 0; i < spec.side; i++) {
    for (let j = 0; j < spec.side; j++) out.push([(i - half) * spec.spacing, (j - half) * spec.spacing]);
  }
  return out;
}

/**
 * The grid distribution of a valid spec, as an equal-weight mixture of isotropic 2-D normals (its
 * `modes` are the centres in the order of {@link gridCenters}, each with weight 1/side²).
 * label: defaults to e.g. "grid(5×5, spacing 2, σ 0.05)".
 */
export function createGrid(spec: GridSpec, label?: string): Distribution {
  const n = spec.side * spec.side;
  const parts = gridCenters(spec).map((c) => ({
    weight: 1 / n,
    dist: createNormal({ type: 'normal', mean: c, std: [spec.std, spec.std] }),
  }));
  return createMixture(parts, spec, label ?? `grid(${spec.side}×${spec.side}, spacing ${spec.spacing}, σ ${spec.std})`);
}
