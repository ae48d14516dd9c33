/**
 * Distribution specs: valid specs round-trip, every invalid spec throws a one-line SpecError that
 * names the field, and random junk never throws anything else.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  distributionFromSpec,
  distributionPresets,
  knownDistributionNames,
  parseDistributionSpec,
  SpecError,
  specDimension,
  type DistributionSpec,
} from '../../src/data/index.js';
import { fixtureFiles } from '../helpers/fixtures.js';

/** Asserts that parsing throws a one-line SpecError whose message contains every fragment. */
function rejects(input: unknown, ...fragments: string[]): SpecError {
  let error: unknown;
  try {
    parseDistributionSpec(input);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof SpecError, `expected a SpecError for ${JSON.stringify(input)}, got ${error}`);
  assert.equal(error.name, 'SpecError');
  assert.ok(!error.message.includes('\n'), `one line: ${error.message}`);
  for (const f of fragments) assert.ok(error.message.includes(f), `"${error.message}" should mention ${f}`);
  return error;
}

const normal1 = { type: 'normal', mean: [0], std: [1] };

describe('parseDistributionSpec accepts', () => {
  it('objects, names (case-insensitive) and JSON strings of either', () => {
    assert.deepEqual(parseDistributionSpec(normal1), normal1);
    assert.deepEqual(parseDistributionSpec(JSON.stringify(normal1)), normal1);
    assert.deepEqual(parseDistributionSpec('ring8'), { type: 'ring', modes: 8, radius: 1, std: 0.01 });
    assert.deepEqual(parseDistributionSpec(' Ring8 '), parseDistributionSpec('ring8'));
    assert.deepEqual(parseDistributionSpec('"grid25"'), { type: 'grid', side: 5, spacing: 2, std: 0.05 });
    assert.deepEqual(parseDistributionSpec('normal'), normal1);
    assert.deepEqual(parseDistributionSpec('bimodal'), {
      type: 'mixture',
      components: [
        { weight: 0.5, dist: { type: 'normal', mean: [-2], std: [0.5] } },
        { weight: 0.5, dist: { type: 'normal', mean: [2], std: [0.5] } },
      ],
    });
  });

  it('preset names inside mixtures, expanded in the canonical spec', () => {
    const s = parseDistributionSpec({ type: 'mixture', components: [{ weight: 1, dist: 'ring8' }, { weight: 3, dist: 'grid25' }] });
    assert.deepEqual(s, {
      type: 'mixture',
      components: [
        { weight: 1, dist: { type: 'ring', modes: 8, radius: 1, std: 0.01 } },
        { weight: 3, dist: { type: 'grid', side: 5, spacing: 2, std: 0.05 } },
      ],
    });
  });

  it('returns a fresh object: mutating it does not change a preset', () => {
    const a = parseDistributionSpec('normal') as unknown as { mean: number[] };
    a.mean[0] = 99;
    assert.deepEqual(parseDistributionSpec('normal'), normal1);
  });

  for (const { label: f, path } of fixtureFiles('theory')) {
    it(`every theory fixture’s real and fake spec, unchanged: ${f}`, () => {
      const fixture = JSON.parse(readFileSync(path, 'utf8')) as { real: unknown; fake: unknown };
      for (const spec of [fixture.real, fixture.fake]) {
        assert.deepEqual(parseDistributionSpec(spec), spec, f);
        assert.deepEqual(distributionFromSpec(spec).spec, spec, f);
      }
    });
  }
});

describe('parseDistributionSpec rejects, naming the field', () => {
  const cases: [string, unknown, ...string[]][] = [
    ['negative std', { type: 'normal', mean: [0], std: [-1] }, 'at std[0]', 'got -1', '> 0'],
    ['zero std', { type: 'normal', mean: [0, 0], std: [1, 0] }, 'at std[1]', 'got 0'],
    ['NaN mean', { type: 'normal', mean: [NaN], std: [1] }, 'at mean[0]', 'NaN', 'finite'],
    ['Infinity std', { type: 'normal', mean: [0], std: [Infinity] }, 'at std[0]', 'Infinity'],
    ['mean and std of different lengths', { type: 'normal', mean: [0, 1], std: [1] }, 'at std', 'std has 1 entries but mean has 2'],
    ['empty mean', { type: 'normal', mean: [], std: [] }, 'at mean', 'at least one coordinate'],
    ['missing std', { type: 'normal', mean: [0] }, 'at std', 'missing'],
    ['a misspelt field', { type: 'normal', mean: [0], stdev: [1], std: [1] }, 'unknown field "stdev"', 'type, mean, std'],
    ['string where a number belongs', { type: 'normal', mean: ['0'], std: [1] }, 'at mean[0]', 'got "0"'],
    ['uniform low ≥ high', { type: 'uniform', low: [0, 2], high: [1, 2] }, 'at high[1]', 'must exceed its low'],
    ['uniform dims', { type: 'uniform', low: [0, 0], high: [1] }, 'at high', 'high has 1 entries but low has 2'],
    [
      'a negative mixture weight',
      { type: 'mixture', components: [{ weight: 1, dist: normal1 }, { weight: -0.5, dist: normal1 }] },
      'at components[1].weight',
      'got -0.5',
      '≥ 0',
    ],
    ['mixture weights summing to 0', { type: 'mixture', components: [{ weight: 0, dist: normal1 }, { weight: 0, dist: normal1 }] }, 'at components:', 'sum to 0'],
    [
      'mixture components of different dimensions',
      { type: 'mixture', components: [{ weight: 1, dist: normal1 }, { weight: 1, dist: 'ring8' }] },
      'at components[1].dist',
      'dimension 2 but component 0 has 1',
    ],
    ['an empty mixture', { type: 'mixture', components: [] }, 'at components', 'at least one component'],
    ['a component that is not an object', { type: 'mixture', components: [3] }, 'at components[0]', '{"weight": w, "dist": spec}'],
    ['unknown type', { type: 'gaussian', mean: [0], std: [1] }, 'at type', 'unknown type "gaussian"', 'normal, uniform, mixture, ring, grid, spiral'],
    ['missing type', { mean: [0], std: [1] }, 'at type', '"type" is missing'],
    [
      'unknown type deep in a mixture',
      { type: 'mixture', components: [{ weight: 1, dist: { type: 'mixture', components: [{ weight: 1, dist: { type: 'cauchy' } }] } }] },
      'at components[0].dist.components[0].dist.type',
      '"cauchy"',
    ],
    ['unknown name in a mixture', { type: 'mixture', components: [{ weight: 1, dist: 'ring7' }] }, 'at components[0].dist', 'unknown distribution name "ring7"', 'ring8'],
    ['ring with 2.5 modes', { type: 'ring', modes: 2.5, radius: 1, std: 0.1 }, 'at modes', 'whole number'],
    ['ring with 0 modes', { type: 'ring', modes: 0, radius: 1, std: 0.1 }, 'at modes'],
    ['grid without std', { type: 'grid', side: 5, spacing: 2 }, 'at std', 'missing'],
    ['grid with negative spacing', { type: 'grid', side: 5, spacing: -2, std: 0.05 }, 'at spacing', 'got -2'],
    ['spiral with 0 turns', { type: 'spiral', turns: 0 }, 'at turns', 'got 0'],
    ['spiral with negative noise', { type: 'spiral', noise: -0.1 }, 'at noise', 'got -0.1'],
    ['an unknown name', 'ring9', 'unknown distribution name "ring9"', 'ring8, grid25, spiral, normal'],
    ['invalid JSON', '{"type": "normal", mean: [0]}', 'not valid JSON', '{"type":"normal","mean":[0],"std":[1]}'],
    ['a number', 42, 'got 42', 'expected a spec object'],
    ['null', null, 'got null'],
    ['an array', [normal1], 'expected a spec object'],
  ];
  for (const [name, input, ...fragments] of cases) {
    it(name, () => {
      rejects(input, ...fragments);
    });
  }

  it('sets SpecError.path to the JSON path of the first problem', () => {
    const e = rejects({ type: 'mixture', components: [{ weight: 1, dist: normal1 }, { weight: -1, dist: normal1 }] });
    assert.equal(e.path, 'components[1].weight');
    assert.equal(rejects('nope').path, '');
  });

  it('counts further problems', () => {
    rejects({ type: 'normal', mean: [NaN], std: [-1] }, 'at mean[0]', '(and 1 more problem)');
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests.

/** Finite doubles in [min, max] without −0 (JSON cannot keep the sign of zero). */
const num = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => v + 0);

/** fc.record, but with plain objects (fast-check's have a null prototype, which deepEqual notices). */
const rec = <T extends object>(shape: { [K in keyof T]: fc.Arbitrary<T[K]> }) => fc.record<T>(shape).map((o) => ({ ...o }));

function specArb(dim: number, depth: number): fc.Arbitrary<DistributionSpec> {
  const normal = rec({
    type: fc.constant('normal' as const),
    mean: fc.array(num(-100, 100), { minLength: dim, maxLength: dim }),
    std: fc.array(num(1e-3, 100), { minLength: dim, maxLength: dim }),
  });
  const uniform = fc
    .tuple(fc.array(num(-100, 100), { minLength: dim, maxLength: dim }), fc.array(num(1e-3, 100), { minLength: dim, maxLength: dim }))
    .map(([low, width]) => ({ type: 'uniform' as const, low, high: low.map((l, i) => l + width[i]) }));
  const options: fc.Arbitrary<DistributionSpec>[] = [normal, uniform];
  if (dim === 2) {
    options.push(
      rec({ type: fc.constant('ring' as const), modes: fc.integer({ min: 1, max: 20 }), radius: num(0.01, 10), std: num(1e-3, 1) }),
      rec({ type: fc.constant('grid' as const), side: fc.integer({ min: 1, max: 6 }), spacing: num(0.01, 10), std: num(1e-3, 1) }),
      rec({ type: fc.constant('spiral' as const), start: num(0, 10), turns: num(0.1, 3), scale: num(0.01, 1), noise: num(0.01, 1) }),
    );
  }
  if (depth > 0) {
    options.push(
      fc
        .array(rec({ weight: num(0, 10), dist: specArb(dim, depth - 1) }), { minLength: 1, maxLength: 3 })
        .map((components) => ({ type: 'mixture' as const, components: [{ ...components[0], weight: components[0].weight + 0.5 }, ...components.slice(1)] })),
    );
  }
  return fc.oneof(...options);
}

const validSpec = fc.integer({ min: 1, max: 3 }).chain((dim) => specArb(dim, 2));

/** Every path (as a key list) into a JSON value. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

function replaceAt(v: unknown, path: (string | number)[], junk: unknown): unknown {
  if (path.length === 0) return junk;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  copy[path[0]] = replaceAt(copy[path[0]], path.slice(1), junk);
  return copy;
}

/** Parsing either succeeds or throws a one-line SpecError. */
function onlySpecErrors(input: unknown): void {
  try {
    parseDistributionSpec(input);
  } catch (e) {
    assert.ok(e instanceof SpecError, `threw ${e instanceof Error ? e.stack : String(e)}`);
    assert.ok(e.message.length > 0 && !e.message.includes('\n'), e.message);
  }
}

const junkValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, -0, 1e308, '', 'ring8', 'normal', null, undefined, [], {}, { type: 'mixture' }),
);

describe('properties', () => {
  it('valid random specs round-trip: object, JSON string, and the built distribution’s spec', () => {
    fc.assert(
      fc.property(validSpec, (spec) => {
        assert.deepEqual(parseDistributionSpec(spec), spec);
        assert.deepEqual(parseDistributionSpec(JSON.stringify(spec)), spec);
        const d = distributionFromSpec(spec);
        assert.deepEqual(d.spec, spec);
        assert.equal(d.dim, specDimension(spec));
        assert.deepEqual(parseDistributionSpec(d.spec), d.spec);
      }),
      { numRuns: 150 },
    );
  });

  it('random JSON values and strings never throw anything but SpecError', () => {
    fc.assert(fc.property(fc.jsonValue(), onlySpecErrors), { numRuns: 400 });
    fc.assert(fc.property(fc.json(), onlySpecErrors), { numRuns: 200 });
    fc.assert(fc.property(fc.string(), onlySpecErrors), { numRuns: 200 });
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('type', 'mean', 'std', 'low', 'high', 'components', 'weight', 'dist', 'modes', 'side'), junkValue), (o) =>
        onlySpecErrors({ type: 'normal', ...o }),
      ),
      { numRuns: 300 },
    );
  });

  it('valid specs with one part replaced by junk are accepted or rejected with a SpecError naming a path inside', () => {
    const mutated = validSpec.chain((spec) => fc.tuple(fc.constant(spec), fc.constantFrom(...paths(spec)), junkValue));
    fc.assert(
      fc.property(mutated, ([spec, path, junk]) => {
        const input = replaceAt(spec, path, junk);
        try {
          parseDistributionSpec(input);
        } catch (e) {
          assert.ok(e instanceof SpecError, String(e));
          assert.ok(!e.message.includes('\n'));
          if (e.path !== '') assert.ok(e.message.includes(`at ${e.path}`), e.message);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('registry', () => {
  it('lists the presets, each building a distribution labelled with its name', () => {
    const names = knownDistributionNames();
    for (const n of ['ring8', 'grid25', 'spiral', 'normal', 'bimodal']) assert.ok(names.includes(n), n);
    assert.equal(new Set(names).size, names.length);
    for (const p of distributionPresets) {
      assert.ok(p.description.length > 10 && !p.description.includes('\n'));
      const d = distributionFromSpec(p.name);
      assert.equal(d.label, p.name);
      assert.deepEqual(d.spec, parseDistributionSpec(p.spec));
    }
  });

  it('labels specs given as objects by their parameters', () => {
    assert.equal(distributionFromSpec({ type: 'normal', mean: [0.3], std: [0.7] }).label, 'N(0.3, 0.7²)');
    assert.equal(distributionFromSpec({ type: 'uniform', low: [0], high: [1] }).label, 'U[0, 1]');
    assert.equal(distributionFromSpec({ type: 'ring', modes: 8, radius: 1, std: 0.01 }).label, 'ring(8 modes, r 1, σ 0.01)');
  });

  it('modes: ring, grid, isotropic normals and their mixtures; none for the others', () => {
    const ring = distributionFromSpec('ring8').modes!;
    assert.equal(ring.length, 8);
    ring.forEach((m, k) => {
      assert.ok(Math.abs(m.center[0] - Math.cos((2 * Math.PI * k) / 8)) < 1e-15 && Math.abs(m.center[1] - Math.sin((2 * Math.PI * k) / 8)) < 1e-15);
      assert.equal(m.std, 0.01);
      assert.ok(Math.abs(m.weight - 1 / 8) < 1e-16);
    });
    const grid = distributionFromSpec('grid25').modes!;
    assert.equal(grid.length, 25);
    assert.deepEqual(grid[0].center, [-4, -4]);
    assert.deepEqual(grid[1].center, [-4, -2]);
    assert.deepEqual(grid[24].center, [4, 4]);
    assert.deepEqual(distributionFromSpec('normal').modes, [{ center: [0], std: 1, weight: 1 }]);
    const mix = distributionFromSpec({ type: 'mixture', components: [{ weight: 3, dist: 'ring8' }, { weight: 1, dist: { type: 'normal', mean: [5, 5], std: [2, 2] } }] }).modes!;
    assert.equal(mix.length, 9);
    assert.ok(Math.abs(mix[0].weight - 3 / 32) < 1e-16 && Math.abs(mix[8].weight - 1 / 4) < 1e-16);
    assert.equal(distributionFromSpec('uniform').modes, undefined);
    assert.equal(distributionFromSpec('spiral').modes, undefined);
    assert.equal(distributionFromSpec({ type: 'normal', mean: [0, 0], std: [1, 2] }).modes, undefined);
    assert.equal(distributionFromSpec({ type: 'mixture', components: [{ weight: 1, dist: 'normal' }, { weight: 1, dist: 'uniform' }] }).modes, undefined);
  });
});
