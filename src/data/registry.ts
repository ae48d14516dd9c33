/**
 * The registry of distribution types and named presets. Adding a distribution type is one file
 * (its `createX`), one schema entry in spec.ts and one line in `builders` below; adding a preset is
 * one line in presets.ts.
 */
import type { Distribution } from './distribution.js';
import { createGrid } from './grid.js';
import { createMixture } from './mixture.js';
import { createNormal } from './normal.js';
import { distributionPresets, findPreset } from './presets.js';
import { createRing } from './ring.js';
import { parseDistributionSpec, type DistributionSpec, type DistributionType } from './spec.js';
import { createSpiral } from './spiral.js';
import { createUniform } from './uniform.js';

type Builder<K extends DistributionType> = (
  spec: Extract<DistributionSpec, { type: K }>,
  build: (spec: DistributionSpec) => Distribution,
  label: string | undefined,
) => Distribution;

const builders: { readonly [K in DistributionType]: Builder<K> } = {
  normal: (spec, _build, label) => createNormal(spec, label),
  uniform: (spec, _build, label) => createUniform(spec, label),
  mixture: (spec, build, label) =>
    createMixture(
      spec.components.map((c) => ({ weight: c.weight, dist: build(c.dist) })),
      spec,
      label,
    ),
  ring: (spec, _build, label) => createRing(spec, label),
  grid: (spec, _build, label) => createGrid(spec, label),
  spiral: (spec, _build, label) => createSpiral(spec, label),
};

function build(spec: DistributionSpec, label?: string): Distribution {
  const builder = builders[spec.type] as Builder<DistributionType>;
  return builder(spec as never, (s) => build(s), label);
}

/**
 * The distribution of a spec: a spec object, a preset name (case-insensitive; the distribution's
 * label is then the name) or a JSON string of either; see parseDistributionSpec. Its `spec` is the
 * canonical spec. Throws SpecError (one line: what, where, how to fix) on an invalid spec.
 */
export function distributionFromSpec(input: unknown): Distribution {
  const spec = parseDistributionSpec(input);
  const label = typeof input === 'string' ? findPreset(input)?.name : undefined;
  return build(spec, label);
}

/**
 * The preset names in display order (ring8, grid25, spiral, normal, …). Their one-line
 * descriptions and specs are in `distributionPresets`.
 */
export function knownDistributionNames(): string[] {
  return distributionPresets.map((p) => p.name);
}
