import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createRng } from '../../src/random/rng.js';
import { FAKE_COLOR, REAL_COLOR, fieldCellCenters, scatter2dPng } from '../../src/node/plots/index.js';
import { scatter2dSpec } from '../../src/node/plots/scatter2d.js';
import { assertLooksLikePlot, darkPixelsInTitleBand, decodePng, differingPixels, hex, pixelsWhere, timed, type Image, type Rgb } from './png-helpers.js';

/** n points of a Gaussian blob, row-major pairs. */
function blob(seed: number, n: number, cx: number, cy: number, sd: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = cx + sd * rng.normal();
    out[2 * i + 1] = cy + sd * rng.normal();
  }
  return out;
}

/** The points mirrored left–right (x → −x). */
function mirrored(points: Float64Array): Float64Array {
  return points.map((v, k) => (k % 2 === 0 ? -v : v));
}

/** Colour classes of the two sample kinds (points are drawn at opacity 0.8, so also blends). */
const [rr, rg, rb] = hex(REAL_COLOR);
const [fr, fg, fb] = hex(FAKE_COLOR);
const isReal = ([r, g, b]: Rgb) => b > r + 60 && Math.abs(r - rr) < 60 && Math.abs(g - rg) < 60 && Math.abs(b - rb) < 60;
const isFake = ([r, g, b]: Rgb) => r > b + 80 && Math.abs(r - fr) < 40 && Math.abs(g - fg) < 60 && Math.abs(b - fb) < 60;

// Plots share a fixed box through the field (so the layout is the same across inputs).
const box = { xMin: -3, xMax: 3, yMin: -3, yMax: 3, nx: 80, ny: 80 };

describe('scatter2dPng', () => {
  let left: Image;
  let right: Image;

  before(async () => {
    // A left–right symmetric fake cloud and a real blob on the left or (mirrored) on the right:
    // both plots fit mirrored boxes of the same size, so their pixels can be compared.
    const half = blob(2, 150, 0.4, -1.5, 0.3);
    const fake = Float64Array.from([...half, ...mirrored(half)]);
    const real = blob(1, 300, -1.5, 1, 0.3);
    left = decodePng(await scatter2dPng({ real, fake, title: 'Real on the left', xLabel: 'x', yLabel: 'y' }));
    right = decodePng(await scatter2dPng({ real: mirrored(real), fake, title: 'Real on the left', xLabel: 'x', yLabel: 'y' }));
  });

  it('draws real and fake points in their two colours, with a title', () => {
    assertLooksLikePlot(left);
    assert.ok(darkPixelsInTitleBand(left) > 100, 'title text');
    const real = pixelsWhere(left, isReal);
    const fake = pixelsWhere(left, isFake);
    assert.ok(real.count > 1000 && fake.count > 1000, `real ${real.count} px, fake ${fake.count} px`);
    assert.ok(real.cy < fake.cy, 'real blob (y = 1) above the fake blob (y = −1.5)');
  });

  it('moves the real points when their data moves', () => {
    assert.ok(differingPixels(left, right) > 2000);
    assert.ok(pixelsWhere(right, isReal).cx > pixelsWhere(left, isReal).cx + 100);
  });

  it('renders 2 × 2,500 points over an 80 × 80 field with arrows in well under 2 s', async () => {
    const c = fieldCellCenters(box);
    const values = new Float64Array(6400).map((_, k) => 1 / (1 + Math.exp(-c[2 * k])));
    values[0] = NaN;
    const real = blob(3, 2500, 1.5, 0, 0.5);
    const fake = blob(4, 2500, -1.5, 0, 0.5);
    const arrows = Array.from({ length: 50 }, (_, i) => ({ x: fake[2 * i], y: fake[2 * i + 1], dx: 0.5, dy: 0 }));
    const { result: png, cpuMs, wallMs } = await timed(() => scatter2dPng({ real, fake, field: { ...box, values, label: 'D(x)', domain: [0, 1] }, title: 'Over D', arrows }));
    assert.ok(cpuMs < 2000, `took ${cpuMs.toFixed(0)} ms of CPU (${wallMs.toFixed(0)} ms wall)`);
    const img = decodePng(png);
    assertLooksLikePlot(img, { minColors: 500 });
    // Over the field, blue points are hard to tell from viridis blues by colour alone: locate
    // them as the pixels that change when the real points are left out.
    const withoutReal = decodePng(await scatter2dPng({ real: [], fake, field: { ...box, values, label: 'D(x)', domain: [0, 1] }, title: 'Over D', arrows }));
    const realPixels = pixelsWhere(img, (_, x, y) => {
      const k = 4 * (y * img.width + x);
      return img.data[k] !== withoutReal.data[k] || img.data[k + 2] !== withoutReal.data[k + 2];
    });
    const fakePixels = pixelsWhere(img, isFake);
    assert.ok(realPixels.count > 5000 && fakePixels.count > 2000, `real ${realPixels.count} px, fake ${fakePixels.count} px`);
    assert.ok(realPixels.cx > fakePixels.cx + 200, 'real (x = 1.5) right of fake (x = −1.5)');
  });

  it('skips non-finite points and counts them, as well as points outside the field', () => {
    const field = { ...box, nx: 2, ny: 2, values: [0, 0.5, 0.5, 1], label: 'D(x)' };
    const spec = scatter2dSpec({ real: [0, 0, NaN, 1, 10, 0], fake: [1, Infinity], field }) as { title: { subtitle: string[] }; layer: { data: { values: unknown[] } }[] };
    assert.deepEqual(spec.title.subtitle, ['2 points with a non-finite coordinate skipped (real 1, fake 1)', '1 point outside the plotted box not shown']);
    assert.equal(spec.layer[1].data.values.length, 2);
  });

  it('rejects an odd number of coordinates and renders empty inputs', async () => {
    await assert.rejects(() => scatter2dPng({ real: [1, 2, 3], fake: [] }), /odd length 3/);
    const img = decodePng(await scatter2dPng({ real: [], fake: [], title: 'Empty' }));
    assertLooksLikePlot(img, { minColors: 10 });
  });
});
