import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { renderVegaLite, svgToPng } from '../../src/node/plots/index.js';
import { parseAdvanceWidths } from '../../src/node/plots/text-metrics.js';
import { fontPaths } from '../../src/node/plots/fonts.js';
import { readFileSync } from 'node:fs';
import { assertLooksLikePlot, darkPixelsInTitleBand, decodePng, luminance, pixelsWhere } from './png-helpers.js';

describe('renderVegaLite', () => {
  it('renders a bar chart with its title to a PNG', async () => {
    const png = await renderVegaLite({
      title: 'Three bars',
      width: 500,
      height: 300,
      data: { values: [{ k: 'a', v: 1 }, { k: 'b', v: 3 }, { k: 'c', v: 2 }] },
      mark: 'bar',
      encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'v', type: 'quantitative' } },
    });
    const img = decodePng(png);
    assertLooksLikePlot(img, { minColors: 10 });
    assert.ok(darkPixelsInTitleBand(img) > 100, 'title text is drawn');
  });

  it('prints nothing for Vega-Lite warnings and rejects on Vega runtime errors', async () => {
    const warn = mock.method(console, 'warn');
    const log = mock.method(console, 'log');
    const error = mock.method(console, 'error');
    try {
      // Same field on fill and color in two layers: Vega-Lite warns that it unions the legends.
      await renderVegaLite({
        data: { values: [{ k: 'a', v: 1 }] },
        layer: [
          { mark: 'bar', encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'v', type: 'quantitative' }, fill: { field: 'k', type: 'nominal' } } },
          { mark: 'point', encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'v', type: 'quantitative' }, color: { field: 'k', type: 'nominal' } } },
        ],
      });
      // A transform that throws while the dataflow runs (Vega alone would only log it).
      await assert.rejects(
        renderVegaLite({ data: { values: [{ a: null }] }, transform: [{ calculate: 'datum.a.b.c', as: 'c' }], mark: 'point' }),
        /^Error: Vega: /,
      );
      assert.equal(warn.mock.callCount() + log.mock.callCount() + error.mock.callCount(), 0);
    } finally {
      warn.mock.restore();
      log.mock.restore();
      error.mock.restore();
    }
  });

  it('honours an explicit pixel ratio', async () => {
    const spec = { width: 200, height: 100, data: { values: [{}] }, mark: 'point' };
    const one = decodePng(await renderVegaLite(spec, { pixelRatio: 1 }));
    const two = decodePng(await renderVegaLite(spec, { pixelRatio: 2 }));
    assert.equal(two.width, 2 * one.width);
    assert.equal(two.height, 2 * one.height);
  });
});

describe('fonts and text metrics', () => {
  it('measures DejaVu Sans as resvg draws it (so Vega lays text out at its real width)', async () => {
    const text = 'Discriminator D(x) — step 12,345';
    const size = 20;
    const advance = parseAdvanceWidths(readFileSync(fontPaths().regular));
    let em = 0;
    for (const ch of text) em += advance(ch.codePointAt(0)!);
    const measured = em * size;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="50"><text x="10" y="35" font-family="DejaVu Sans" font-size="${size}">${text}</text></svg>`;
    const img = decodePng(await svgToPng(svg, { pixelRatio: 1 }));
    // Horizontal extent of the ink: a little less than the advance sum (side bearings).
    let minX = Infinity;
    let maxX = -Infinity;
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        const k = 4 * (y * img.width + x);
        if (luminance([img.data[k], img.data[k + 1], img.data[k + 2]]) < 128) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
        }
      }
    }
    assert.ok(maxX > minX, 'text was drawn (the bundled font loaded)');
    const ink = maxX - minX + 1;
    assert.ok(Math.abs(ink - measured) / measured < 0.03, `ink width ${ink} vs measured advance ${measured.toFixed(1)}`);
    // Vega's fallback estimate (0.8 em per character) would be far off.
    assert.ok(0.8 * size * text.length > 1.25 * ink);
  });

  it('gives narrow and wide glyphs their own widths', () => {
    const advance = parseAdvanceWidths(readFileSync(fontPaths().regular));
    assert.ok(advance('i'.codePointAt(0)!) < 0.35);
    assert.ok(advance('W'.codePointAt(0)!) > 0.9);
    assert.ok(Math.abs(advance('0'.codePointAt(0)!) - 0.636) < 0.01, 'DejaVu digits are 1303/2048 em');
  });

  it('falls back to DejaVu Sans for generic and unknown font families', async () => {
    for (const family of ['sans-serif', 'NoSuchFont']) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50"><text x="10" y="35" font-family="${family}" font-size="20">Hi</text></svg>`;
      const img = decodePng(await svgToPng(svg, { pixelRatio: 1 }));
      assert.ok(pixelsWhere(img, (c) => luminance(c) < 128).count > 20, `text drawn for ${family}`);
    }
  });
});
