import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fieldCellCenters, heatmapsPng, NAN_COLOR, type Field2D } from '../../src/node/plots/index.js';
import { assertLooksLikePlot, darkPixelsInTitleBand, decodePng, luminance, near, pixelsWhere, timed, type Image } from './png-helpers.js';

// Ends of Vega's viridis scheme: D = 0 is dark purple, D = 1 is bright yellow.
const VIRIDIS_0 = '#440154';
const VIRIDIS_1 = '#fde725';

const box = { xMin: -2, xMax: 2, yMin: -2, yMax: 2, nx: 80, ny: 80 };

/** A field on `box` (n × n cells, 80 by default) evaluated at the cell centres. */
function fieldOf(label: string, f: (x: number, y: number) => number, domain?: [number, number], n = 80): Field2D {
  const grid = { ...box, nx: n, ny: n };
  const c = fieldCellCenters(grid);
  const values = new Float64Array(n * n);
  for (let k = 0; k < values.length; k++) values[k] = f(c[2 * k], c[2 * k + 1]);
  return { ...grid, values, label, domain };
}

describe('heatmapsPng', () => {
  let quadrant: Image;
  let quadrantTime: { wallMs: number; cpuMs: number };

  before(async () => {
    await heatmapsPng([fieldOf('warm-up', (x) => x, undefined, 4)]); // module loading and font parsing
    // D = 1 in the top-left quadrant (x < 0, y > 0), 0 elsewhere.
    const field = fieldOf('D(x)', (x, y) => (x < 0 && y > 0 ? 1 : 0), [0, 1]);
    const { result, ...time } = await timed(() => heatmapsPng([field], { title: 'Quadrant' }));
    quadrant = decodePng(result);
    quadrantTime = time;
  });

  it('renders an 80 × 80 field as a titled plot in well under 2 s', () => {
    assertLooksLikePlot(quadrant);
    assert.ok(darkPixelsInTitleBand(quadrant) > 100, 'title text');
    const { cpuMs, wallMs } = quadrantTime;
    assert.ok(cpuMs < 2000, `took ${cpuMs.toFixed(0)} ms of CPU (${wallMs.toFixed(0)} ms wall)`);
  });

  it('draws value 1 brighter (viridis yellow) than value 0 (purple), left of it and above it (y up)', () => {
    const one = pixelsWhere(quadrant, near(VIRIDIS_1));
    const zero = pixelsWhere(quadrant, near(VIRIDIS_0));
    // A quarter of the plot area against three quarters (the legend adds a few pixels of each).
    assert.ok(one.count > 20_000 && zero.count > 3 * one.count * 0.8, `yellow ${one.count}, purple ${zero.count}`);
    assert.ok(luminance([0xfd, 0xe7, 0x25]) > luminance([0x44, 0x01, 0x54]) + 100);
    assert.ok(one.cx < zero.cx - 50, 'the x < 0 half is on the left');
    assert.ok(one.cy < zero.cy - 50, 'the y > 0 half is at the top');
  });

  it('leaves no seams between neighbouring cells', () => {
    // Inside the yellow quadrant every pixel is yellow: sample a row through its middle.
    const one = pixelsWhere(quadrant, near(VIRIDIS_1));
    const y = Math.round(one.cy);
    const x0 = Math.round(one.cx) - 100;
    for (let x = x0; x < x0 + 200; x++) {
      const k = 4 * (y * quadrant.width + x);
      assert.ok(near(VIRIDIS_1, 3)([quadrant.data[k], quadrant.data[k + 1], quadrant.data[k + 2]]), `seam at x = ${x}`);
    }
  });

  it('draws NaN cells grey and several fields side by side with their own colour scales', async () => {
    const withNaN = fieldOf('D(x)', (x, y) => (Math.hypot(x, y) < 0.5 ? NaN : 1 / (1 + Math.exp(-x))), [0, 1], 40);
    const dStar = fieldOf('D*(x)', (x) => 1 / (1 + Math.exp(-2 * x)), [0, 1], 40);
    const small = fieldOf('|D − D*|', (x, y) => 0.01 * Math.abs(x * y), undefined, 40); // domain from the data: [0, ~0.04]
    const img = decodePng(await heatmapsPng([withNaN, dStar, small], { title: 'D, D*, |D − D*|' }));
    assertLooksLikePlot(img);
    const grey = pixelsWhere(img, near(NAN_COLOR, 3));
    assert.ok(grey.count > 500, `grey NaN disc: ${grey.count} px`);
    assert.ok(grey.cx < img.width / 3, 'the NaN disc is in the first panel');
    // With its own scale, the tiny third field still spans purple to yellow in the right third.
    const right = { x0: Math.round((2 * img.width) / 3) };
    assert.ok(pixelsWhere(img, near(VIRIDIS_1, 20), right).count > 200);
    assert.ok(pixelsWhere(img, near(VIRIDIS_0, 20), right).count > 200);
  });

  it('renders "no data" for an empty list and rejects malformed fields', async () => {
    const img = decodePng(await heatmapsPng([], { title: 'Nothing' }));
    assert.ok(img.width > 300 && darkPixelsInTitleBand(img, 0.2) > 50);
    await assert.rejects(() => heatmapsPng([{ ...box, values: [1, 2, 3], label: 'bad' }]), /expected nx · ny/);
  });
});
