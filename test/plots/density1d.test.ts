import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../src/random/rng.js';
import { FAKE_COLOR, REAL_COLOR, density1dPng } from '../../src/node/plots/index.js';
import { density1dSpec } from '../../src/node/plots/density1d.js';
import { assertLooksLikePlot, darkPixelsInTitleBand, decodePng, hex, pixelsWhere, type Rgb } from './png-helpers.js';

const xs = Array.from({ length: 201 }, (_, i) => -4 + (8 * i) / 200);
const normalPdf = (x: number, m: number, s: number) => Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
const pr = xs.map((x) => normalPdf(x, -1, 0.6));
const pg = xs.map((x) => normalPdf(x, 1.5, 0.8));
const dStar = pr.map((p, i) => p / (p + pg[i]));

/** Pixels whose colour is the target or a blend of it with white (a translucent bar or a line). */
const tinted = (color: string) => {
  const [r, g, b] = hex(color);
  return (c: Rgb) => {
    const t = (255 - c[0]) / (255 - r); // blend weight implied by the red channel
    return t > 0.2 && t <= 1.05 && Math.abs(255 - t * (255 - g) - c[1]) < 12 && Math.abs(255 - t * (255 - b) - c[2]) < 12;
  };
};

describe('density1dPng', () => {
  it('draws densities, D and D* on two axes over histograms of samples', async () => {
    const rng = createRng(7);
    const real = Array.from({ length: 2000 }, () => -1 + 0.6 * rng.normal());
    const fake = Array.from({ length: 2000 }, () => 1.5 + 0.8 * rng.normal());
    const img = decodePng(
      await density1dPng({
        curves: [
          { name: 'p_r', x: xs, y: pr, color: REAL_COLOR },
          { name: 'p_g', x: xs, y: pg, color: FAKE_COLOR },
          { name: 'D*(x)', x: xs, y: dStar, axis: 'right', dashed: true },
        ],
        histograms: [{ name: 'real', samples: real, color: REAL_COLOR }, { name: 'fake', samples: fake, color: FAKE_COLOR }],
        title: 'Step 100',
        xLabel: 'x',
        rightLabel: 'D(x)',
      }),
    );
    assertLooksLikePlot(img);
    assert.ok(darkPixelsInTitleBand(img) > 100, 'title text');
    const realInk = pixelsWhere(img, tinted(REAL_COLOR));
    const fakeInk = pixelsWhere(img, tinted(FAKE_COLOR));
    assert.ok(realInk.count > 5000 && fakeInk.count > 5000, `real ${realInk.count} px, fake ${fakeInk.count} px`);
    assert.ok(realInk.cx < fakeInk.cx - 100, 'real mass (x = −1) left of fake mass (x = 1.5)');
  });

  it('scales histograms to densities over the curves’ x range and notes what falls outside', () => {
    const samples = [-3.5, -1, -1, 0.2, 2, 3.9, 4, 100, NaN];
    const spec = density1dSpec({ curves: [{ name: 'p', x: xs, y: pr }], histograms: [{ name: 's', samples, bins: 8 }] }) as {
      title: { subtitle: string[] };
      layer: { layer: { data: { values: { x0: number; x1: number; density: number }[] } }[] }[];
    };
    const bars = spec.layer[0].layer[0].data.values;
    assert.equal(bars.length, 8);
    assert.deepEqual([bars[0].x0, bars[7].x1], [-4, 4]);
    const area = bars.reduce((sum, b) => sum + b.density * (b.x1 - b.x0), 0);
    assert.ok(Math.abs(area - 7 / 8) < 1e-12, 'in-range fraction of the 8 finite samples');
    assert.deepEqual(spec.title.subtitle, ['s: 1 non-finite sample skipped', 's: 1 sample of 8 outside the plotted range']);
  });

  it('uses [0, 1] on the right axis for probabilities and breaks lines at non-finite values', () => {
    const spec = density1dSpec({ curves: [{ name: 'D', x: [0, 1, 2], y: [0.2, NaN, 0.9], axis: 'right' }] }) as {
      title: { subtitle: string[] };
      layer: { data: { values: { y: number | null }[] }; encoding: { y: { scale: { domain?: number[] }; axis: { orient: string } } } }[];
    };
    const right = spec.layer[0];
    assert.deepEqual(right.encoding.y.scale.domain, [0, 1]);
    assert.equal(right.encoding.y.axis.orient, 'right');
    assert.deepEqual(right.data.values.map((r) => r.y), [0.2, null, 0.9]);
    assert.deepEqual(spec.title.subtitle, ['D: 1 non-finite point skipped']);
  });

  it('rejects curves whose x and y differ in length, and renders no curves at all', async () => {
    await assert.rejects(() => density1dPng({ curves: [{ name: 'bad', x: [1, 2], y: [1] }] }), /2 x values but 1 y values/);
    assertLooksLikePlot(decodePng(await density1dPng({ curves: [], title: 'Empty' })), { minColors: 10 });
  });
});
