/**
 * The registry of distribution types and named presets. Adding a distribution type is one file
 * (its `createX`), its spec type in spec-types.ts and schema entry in spec.ts, and one line in
 * `builders` below; adding a preset is one line in presets.ts.
 */
import type { Distribution } from './distribution.js';
import { createGrid } from './grid.js';
import { createMixture } from './mixture.js';
import { createNormal } from './normal.js';
import { distributionPresets, findPreset } from './presets.js';
import { createRing } from './ring.js';
import { fitsFloat32 } from './limits.js';
import { parseDistributionSpec, SpecError, type DistributionSpec, type DistributionType } from './spec.js';
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
  const dist = build(spec, label);
  checkFitsFloat32(dist);
  return dist;
}

/**
 * Throws SpecError when the distribution's samples reach beyond float32 (its effective bounds, which
 * hold all but < 1e-12 of its mass): every parameter may fit while the data do not, e.g. a grid's
 * outer centres at ±(side − 1)/2 · spacing.
 */
function checkFitsFloat32(dist: Distribution): void {
  const { low, high } = dist.effectiveBounds;
  for (let i = 0; i < dist.dim; i++) {
    for (const x of [low[i], high[i]]) {
      if (!fitsFloat32(x)) {
        throw new SpecError(
          `invalid distribution spec: its samples reach ${Number(x.toPrecision(3))} (coordinate ${i + 1}), beyond float32 (|x| ≤ 3.4028235e38, the precision tsgan trains in): scale the spec down`,
        );
      }
    }
  }
}

/**
 * The preset names in display order (ring8, grid25, spiral, normal, …). Their one-line
 * descriptions and specs are in `distributionPresets`.
 */
export function knownDistributionNames(): string[] {
  return distributionPresets.map((p) => p.name);
}
