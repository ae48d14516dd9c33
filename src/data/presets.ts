/**
 * Named distributions: a name stands for a full JSON spec. Adding a preset is one line here.
 */
import type { DistributionSpec } from './spec-types.js';

/** A named distribution: its name, a one-line description and the spec it stands for. */
export interface DistributionPreset {
  readonly name: string;
  readonly description: string;
  readonly spec: DistributionSpec;
}

/** The presets, in the order they are listed to users. */
export const distributionPresets: readonly DistributionPreset[] = [
  {
    name: 'ring8',
    description: '8 Gaussians (σ 0.01) evenly spaced on the unit circle (VEEGAN/PacGAN 2-D ring)',
    spec: { type: 'ring', modes: 8, radius: 1, std: 0.01 },
  },
  {
    name: 'grid25',
    description: '25 Gaussians (σ 0.05) on the grid {−4, −2, 0, 2, 4}² (VEEGAN/PacGAN 2-D grid)',
    spec: { type: 'grid', side: 5, spacing: 2, std: 0.05 },
  },
  {
    name: 'spiral',
    description: '2-D swiss roll: 1.5 turns of t·(cos t, sin t)/7.5 plus Gaussian noise 0.25/7.5 (WGAN-GP toy)',
    spec: { type: 'spiral', start: 1.5 * Math.PI, turns: 1.5, scale: 1 / 7.5, noise: 0.25 / 7.5 },
  },
  {
    name: 'normal',
    description: '1-D standard normal N(0, 1)',
    spec: { type: 'normal', mean: [0], std: [1] },
  },
  {
    name: 'uniform',
    description: '1-D uniform U[0, 1]',
    spec: { type: 'uniform', low: [0], high: [1] },
  },
  {
    name: 'bimodal',
    description: '1-D equal mixture of N(−2, 0.5²) and N(2, 0.5²)',
    spec: {
      type: 'mixture',
      components: [
        { weight: 0.5, dist: { type: 'normal', mean: [-2], std: [0.5] } },
        { weight: 0.5, dist: { type: 'normal', mean: [2], std: [0.5] } },
      ],
    },
  },
  {
    name: 'bimodal-unbalanced',
    description: '1-D mixture 0.8·N(−2, 0.5²) + 0.2·N(2, 0.5²): the small mode is the one a GAN drops',
    spec: {
      type: 'mixture',
      components: [
        { weight: 0.8, dist: { type: 'normal', mean: [-2], std: [0.5] } },
        { weight: 0.2, dist: { type: 'normal', mean: [2], std: [0.5] } },
      ],
    },
  },
  {
    name: 'trimodal',
    description: '1-D equal mixture of N(−3, 0.5²), N(0, 0.5²) and N(3, 0.5²)',
    spec: {
      type: 'mixture',
      components: [
        { weight: 1 / 3, dist: { type: 'normal', mean: [-3], std: [0.5] } },
        { weight: 1 / 3, dist: { type: 'normal', mean: [0], std: [0.5] } },
        { weight: 1 / 3, dist: { type: 'normal', mean: [3], std: [0.5] } },
      ],
    },
  },
];

/** The preset with this name (case-insensitive, surrounding spaces ignored), or undefined. */
export function findPreset(name: string): DistributionPreset | undefined {
  const key = name.trim().toLowerCase();
  return distributionPresets.find((p) => p.name === key);
}
