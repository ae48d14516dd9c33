/**
 * JSON specs of synthetic distributions: the zod schema and the parser (the TypeScript types are in
 * ./spec-types.ts, re-exported here).
 *
 * A spec is a JSON object with a `type` (normal, uniform, mixture, ring, grid, spiral), or the
 * name of a preset (ring8, grid25, spiral, normal, …; see presets.ts), or a JSON string of either.
 * The same format is used by the shared theory fixtures (fixtures/theory/*.json).
 */
import { z } from 'zod';
import { distributionPresets, findPreset } from './presets.js';
import { MAX_SPIRAL_PANELS, spiralPanelCount } from './spiral-quadrature.js';
import { fitsFloat32, MAX_MIXTURE_DEPTH } from './limits.js';
import type { DistributionSpec, DistributionType } from './spec-types.js';

export type { NormalSpec, UniformSpec, MixtureComponentSpec, MixtureSpec, RingSpec, GridSpec, SpiralSpec, DistributionSpec, DistributionType, DistributionSpecInput } from './spec-types.js';

/** A spec that cannot be parsed; `message` is one line: what is wrong, where, and how to fix it. */
export class SpecError extends Error {
  override readonly name = 'SpecError';
  /** JSON path of the offending field, e.g. `components[1].weight`, or "" for the spec itself. */
  readonly path: string;
  constructor(message: string, path = '') {
    super(message);
    this.path = path;
  }
}

// ---------------------------------------------------------------------------------------------
// The schema. Each field's error message says what a valid value is; the formatter at the end
// adds where the problem is and what was found.

const EXAMPLE = '{"type":"normal","mean":[0],"std":[1]}';

const finite = (need: string) => z.number({ error: need });
/** A number the data are made of (a mean, a bound, a scale): it must fit in float32, the precision tsgan trains in. */
const coordinate = (need: string) =>
  finite(need).refine(fitsFloat32, { error: (issue) => `got ${show(issue.input)}; ${need}, within float32 (|x| ≤ 3.4028235e38, the precision tsgan trains in): scale the spec down` });
const positive = (need: string) => coordinate(need).positive({ error: need });
const numbers = (field: string, need: string) =>
  z
    .array(coordinate(`every entry of ${field} must be a finite number`), { error: `${field} must be an array of numbers, ${need}` })
    .min(1, { error: `${field} needs at least one coordinate, ${need}` });

const normalSchema = z
  .strictObject({
    type: z.literal('normal'),
    mean: numbers('mean', 'e.g. "mean": [0, 0]'),
    std: z
      .array(positive('every std must be a finite number > 0 (a standard deviation)'), {
        error: 'std must be an array of numbers > 0, one per coordinate of mean, e.g. "std": [1, 1]',
      })
      .min(1, { error: 'std needs one entry per coordinate of mean, e.g. "std": [1]' }),
  })
  .superRefine((v, ctx) => {
    if (v.std.length !== v.mean.length && v.mean.length > 0 && v.std.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['std'],
        message: `std has ${v.std.length} entries but mean has ${v.mean.length}; give one std per coordinate of mean`,
      });
    }
  });

const uniformSchema = z
  .strictObject({
    type: z.literal('uniform'),
    low: numbers('low', 'e.g. "low": [0, 0]'),
    high: numbers('high', 'e.g. "high": [1, 1]'),
  })
  .superRefine((v, ctx) => {
    if (v.low.length === 0 || v.high.length === 0) return;
    if (v.high.length !== v.low.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['high'],
        message: `high has ${v.high.length} entries but low has ${v.low.length}; give one bound per coordinate in each`,
      });
      return;
    }
    for (let i = 0; i < v.low.length; i++) {
      if (!(v.low[i] < v.high[i])) {
        ctx.addIssue({
          code: 'custom',
          path: ['high', i],
          message: `high[${i}] = ${v.high[i]} is not above low[${i}] = ${v.low[i]}; every high must exceed its low`,
        });
      }
    }
  });

const ringSchema = z.strictObject({
  type: z.literal('ring'),
  modes: finite('modes must be a whole number of modes in [1, 10000], e.g. 8')
    .int({ error: 'modes must be a whole number of modes in [1, 10000], e.g. 8' })
    .min(1, { error: 'modes must be a whole number of modes in [1, 10000], e.g. 8' })
    .max(10000, { error: 'modes must be a whole number of modes in [1, 10000], e.g. 8' }),
  radius: positive('radius must be a finite number > 0, e.g. 1'),
  std: positive('std must be a finite number > 0 (each mode’s standard deviation), e.g. 0.01'),
});

const gridSchema = z.strictObject({
  type: z.literal('grid'),
  side: finite('side must be a whole number of modes per side in [1, 100], e.g. 5')
    .int({ error: 'side must be a whole number of modes per side in [1, 100], e.g. 5' })
    .min(1, { error: 'side must be a whole number of modes per side in [1, 100], e.g. 5' })
    .max(100, { error: 'side must be a whole number of modes per side in [1, 100], e.g. 5' }),
  spacing: positive('spacing must be a finite number > 0 (distance between neighbouring modes), e.g. 2'),
  std: positive('std must be a finite number > 0 (each mode’s standard deviation), e.g. 0.05'),
});

const spiralSchema = z
  .strictObject({
    type: z.literal('spiral'),
    start: finite('start must be a finite angle ≥ 0 in radians, e.g. 4.71238898038469 (1.5π)')
      .min(0, { error: 'start must be a finite angle ≥ 0 in radians, e.g. 4.71238898038469 (1.5π)' })
      .max(1000, { error: 'start must be an angle in [0, 1000] radians, e.g. 4.71238898038469 (1.5π)' })
      .default(1.5 * Math.PI),
    turns: positive('turns must be a number of turns > 0 and ≤ 100, e.g. 1.5')
      .max(100, { error: 'turns must be a number of turns > 0 and ≤ 100, e.g. 1.5' })
      .default(1.5),
    scale: positive('scale must be a finite number > 0, e.g. 0.13333333333333333 (1/7.5)').default(1 / 7.5),
    noise: positive('noise must be a finite standard deviation > 0, e.g. 0.03333333333333333 (0.25/7.5)').default(0.25 / 7.5),
  })
  .superRefine((v, ctx) => {
    if (!(v.start >= 0 && v.turns > 0 && v.scale > 0 && v.noise > 0)) return; // reported above
    const panels = spiralPanelCount(v);
    if (!(panels <= MAX_SPIRAL_PANELS)) {
      const minNoise = (v.noise * panels) / MAX_SPIRAL_PANELS;
      ctx.addIssue({
        code: 'custom',
        path: ['noise'],
        message: `noise ${v.noise} is too small for the exact density of a spiral this long (it would need ${panels} quadrature panels, at most ${MAX_SPIRAL_PANELS}); use noise ≥ ${minNoise.toPrecision(3)} or fewer turns`,
      });
    }
  });

/** A preset name inside a spec (e.g. a mixture component "ring8") stands for its spec. */
function expandName(v: unknown): unknown {
  return typeof v === 'string' ? (findPreset(v)?.spec ?? v) : v;
}

const componentSchema = z.strictObject(
  {
    weight: finite('weight must be a finite number ≥ 0 (the weights are normalized to sum to 1)').min(0, {
      error: 'weight must be a finite number ≥ 0 (the weights are normalized to sum to 1)',
    }),
    get dist(): z.ZodType<DistributionSpec, unknown> {
      return distField;
    },
  },
  { error: 'each mixture component must be an object {"weight": w, "dist": spec}' },
);

const mixtureSchema = z
  .strictObject({
    type: z.literal('mixture'),
    components: z
      .array(componentSchema, { error: 'components must be an array of {"weight": w, "dist": spec}' })
      .min(1, { error: 'a mixture needs at least one component {"weight": w, "dist": spec}' }),
  })
  .superRefine((v, ctx) => {
    // Refinements also run after non-fatal issues (e.g. an empty array): check before use.
    if (v.components.length === 0) return;
    const total = v.components.reduce((s, c) => s + c.weight, 0);
    if (!(total > 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['components'],
        message: `the mixture weights sum to ${total}; give at least one component a positive weight`,
      });
    } else if (!Number.isFinite(total)) {
      ctx.addIssue({
        code: 'custom',
        path: ['components'],
        message: 'the mixture weights sum to Infinity; scale them down (only their ratios matter)',
      });
    }
    const dim0 = dimensionOrUndefined(v.components[0].dist);
    v.components.forEach((c, i) => {
      const d = dimensionOrUndefined(c.dist);
      if (d !== undefined && dim0 !== undefined && d !== dim0) {
        ctx.addIssue({
          code: 'custom',
          path: ['components', i, 'dist'],
          message: `component ${i} has dimension ${d} but component 0 has ${dim0}; all components must have the same dimension`,
        });
      }
    });
  });

/** specDimension of a spec that passed the structural checks but may still have other issues. */
function dimensionOrUndefined(spec: DistributionSpec): number | undefined {
  if (spec.type === 'mixture') return spec.components.length > 0 ? dimensionOrUndefined(spec.components[0].dist) : undefined;
  const d = specDimension(spec);
  return d > 0 ? d : undefined;
}

const specSchemas = [normalSchema, uniformSchema, mixtureSchema, ringSchema, gridSchema, spiralSchema] as const;

/** The names of the spec types, e.g. for help texts. */
export const distributionTypes: readonly DistributionType[] = ['normal', 'uniform', 'mixture', 'ring', 'grid', 'spiral'];

/** The zod schema of a spec object (names are not accepted here, only inside mixtures). */
export const distributionSpecSchema: z.ZodType<DistributionSpec, unknown> = z.discriminatedUnion('type', specSchemas);

const distField: z.ZodType<DistributionSpec, unknown> = z.preprocess(expandName, distributionSpecSchema);

/**
 * The number of coordinates of a sample of the distribution (1 or more).
 * spec: a valid spec (as returned by {@link parseDistributionSpec}).
 */
export function specDimension(spec: DistributionSpec): number {
  switch (spec.type) {
    case 'normal':
      return spec.mean.length;
    case 'uniform':
      return spec.low.length;
    case 'mixture':
      return specDimension(spec.components[0].dist);
    case 'ring':
    case 'grid':
    case 'spiral':
      return 2;
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing and one-line error messages.

function knownNamesText(): string {
  return distributionPresets.map((p) => p.name).join(', ');
}

function unknownNameMessage(name: string): string {
  return `unknown distribution name ${show(name)}; known names: ${knownNamesText()} (or give a JSON spec such as ${EXAMPLE})`;
}

/**
 * Parses a distribution spec: a spec object, a preset name (case-insensitive) or a JSON string of
 * either. Returns the spec in canonical form (a fresh object: preset names expanded, spiral defaults
 * filled in; mixture weights are kept as written). Throws {@link SpecError} on anything else.
 */
export function parseDistributionSpec(input: unknown): DistributionSpec {
  let value = input;
  if (typeof input === 'string') {
    const text = input.trim();
    if (/^[{["]/.test(text)) {
      try {
        value = JSON.parse(text);
      } catch (e) {
        const why = (e as Error).message.replace(/\s+/g, ' ');
        throw new SpecError(`distribution spec is not valid JSON (${why}); write it like ${EXAMPLE} or give a name: ${knownNamesText()}`);
      }
    } else {
      value = text;
    }
    if (typeof value === 'string') {
      const preset = findPreset(value);
      if (!preset) throw new SpecError(unknownNameMessage(value));
      value = preset.spec;
    }
  }
  // The schema recurses once per nested mixture: refuse deep nesting before it could overflow the stack.
  const depth = mixtureDepth(value);
  if (depth > MAX_MIXTURE_DEPTH) {
    throw new SpecError(
      `invalid distribution spec: mixtures nested ${depth} deep; at most ${MAX_MIXTURE_DEPTH}: flatten it (a mixture of mixtures is the mixture of their components, with the weights multiplied)`,
    );
  }
  const result = distributionSpecSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0];
  const path = formatPath(first.path);
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  throw new SpecError(`invalid distribution spec${path ? ` at ${path}` : ''}: ${describeIssue(first, value)}${more}`, path);
}

/** How many mixtures are nested in `root` (a spec object or JSON value) at the deepest, counted without recursion. */
function mixtureDepth(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    const spec = expandName(v) as { type?: unknown; components?: unknown } | null;
    if (spec === null || typeof spec !== 'object' || spec.type !== 'mixture' || !Array.isArray(spec.components)) continue;
    max = Math.max(max, d + 1);
    for (const c of spec.components as unknown[]) if (c !== null && typeof c === 'object') stack.push([(c as { dist?: unknown }).dist, d + 1]);
  }
  return max;
}

/** `components[1].dist.std[0]` from ['components', 1, 'dist', 'std', 0]. */
function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const k of path) {
    if (typeof k === 'number') s += `[${k}]`;
    else s += s ? `.${String(k)}` : String(k);
  }
  return s;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = expandName((v as Record<PropertyKey, unknown>)[k]);
  }
  return v;
}

/** A short one-line rendering of a JSON-ish value. */
function show(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (v === undefined) return 'nothing';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

const fieldsOf: Record<DistributionType, string> = {
  normal: Object.keys(normalSchema.shape).join(', '),
  uniform: Object.keys(uniformSchema.shape).join(', '),
  mixture: Object.keys(mixtureSchema.shape).join(', '),
  ring: Object.keys(ringSchema.shape).join(', '),
  grid: Object.keys(gridSchema.shape).join(', '),
  spiral: Object.keys(spiralSchema.shape).join(', '),
};

function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  const v = valueAt(root, issue.path);
  switch (issue.code) {
    case 'invalid_union': {
      // A spec object whose "type" is missing or unknown.
      if (v === undefined) return `"type" is missing; add "type": one of ${distributionTypes.join(', ')}`;
      return `unknown type ${show(v)}; use one of ${distributionTypes.join(', ')}`;
    }
    case 'unrecognized_keys': {
      const type = (v as { type?: unknown } | undefined)?.type;
      const allowed =
        typeof type === 'string' && type in fieldsOf
          ? `a ${type} spec has the fields ${fieldsOf[type as DistributionType]}`
          : 'a mixture component has the fields weight, dist';
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}; ${allowed}`;
    }
    case 'invalid_type':
      if (issue.expected === 'object' && isSpecPosition(issue.path)) {
        if (typeof v === 'string') return unknownNameMessage(v);
        if (v === undefined) return `missing; give a spec object such as ${EXAMPLE} or a name (${knownNamesText()})`;
        return `got ${show(v)}; expected a spec object such as ${EXAMPLE} or a name (${knownNamesText()})`;
      }
      if (issue.expected === 'number' && typeof v === 'number') return `got ${show(v)}; ${issue.message}`;
      if (v === undefined) return `missing; ${issue.message}`;
      return `got ${show(v)}; ${issue.message}`;
    case 'invalid_value':
      return `got ${show(v)}; ${issue.message}`;
    case 'custom':
      return issue.message;
    default:
      return v === undefined ? issue.message : `got ${show(v)}; ${issue.message}`;
  }
}

/** True when the path points at a whole spec (the root or a mixture component's `dist`). */
function isSpecPosition(path: readonly PropertyKey[]): boolean {
  return path.length === 0 || path[path.length - 1] === 'dist';
}
