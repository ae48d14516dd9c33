import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { curvesPng, type CurvePanel } from '../../src/node/plots/index.js';
import { curvesSpec } from '../../src/node/plots/curves.js';
import { REFERENCE_COLOR, SERIES_COLORS } from '../../src/node/plots/theme.js';
import { assertLooksLikePlot, darkPixelsInTitleBand, decodePng, near, pixelsWhere } from './png-helpers.js';

const steps = Array.from({ length: 500 }, (_, i) => 10 * i);
const series = (name: string, f: (s: number) => number) => ({ name, values: steps.map((step) => ({ step, value: f(step) })) });

const panels: CurvePanel[] = [
  {
    title: 'Losses',
    yLabel: 'loss',
    series: [
      { ...series('discriminator', (s) => 1.39 + Math.exp(-s / 1000)), reference: { label: '2 log 2', value: 2 * Math.log(2) } },
      series('generator', (s) => 0.7 + Math.exp(-s / 800)),
    ],
  },
  { title: 'JS estimate', logY: true, series: [series('JS', (s) => 0.69 * Math.exp(-s / 1500))] },
  { title: 'Gradient norm', series: [] },
];

interface PanelSpec {
  title?: { text: string; subtitle?: string[] };
  layer?: { encoding: { x?: { scale: { domain: number[] } }; color?: { scale: { domain: string[]; range: string[] } } } }[];
  mark?: { text: string };
}

describe('curvesPng', () => {
  it('renders one titled panel per metric, lines in the series colours, dashed references', async () => {
    const img = decodePng(await curvesPng(panels, { title: 'Run 1' }));
    assertLooksLikePlot(img);
    assert.ok(darkPixelsInTitleBand(img, 0.05) > 100, 'title text');
    assert.ok(pixelsWhere(img, near(SERIES_COLORS[0], 20)).count > 300, 'first series drawn');
    assert.ok(pixelsWhere(img, near(SERIES_COLORS[1], 20)).count > 300, 'second series drawn');
    assert.ok(pixelsWhere(img, near(REFERENCE_COLOR, 20)).count > 100, 'reference line drawn');
  });

  it('shares the step range across panels and keeps a series colour in every panel', () => {
    const spec = curvesSpec([
      { title: 'a', series: [series('loss', (s) => s), { name: 'late', values: [{ step: 9000, value: 1 }] }] },
      { title: 'b', series: [{ name: 'loss', values: [{ step: -5, value: 1 }] }] },
    ]) as { concat: PanelSpec[] };
    const [a, b] = spec.concat.map((p) => p.layer![0].encoding);
    assert.deepEqual(a.x!.scale.domain, [-5, 9000]);
    assert.deepEqual(b.x!.scale.domain, [-5, 9000]);
    assert.equal(a.color!.scale.range[0], b.color!.scale.range[0]);
    assert.notEqual(a.color!.scale.range[1], a.color!.scale.range[0]);
  });

  it('draws a line over the dashed reference it runs along, and names the y axis in every layer (issue #22)', async () => {
    const onIt: CurvePanel = { title: 'modes', yLabel: '%', series: [{ ...series('modes captured', () => 100), reference: { label: 'all 8 modes', value: 100 } }] };
    const spec = curvesSpec([onIt]) as { concat: { layer: { mark: { type: string }; encoding: { y: { title: string | null } } }[] }[] };
    const layers = spec.concat[0].layer;
    assert.deepEqual(layers.map((l) => l.mark.type), ['rule', 'text', 'line'], 'references under the lines');
    for (const l of layers) assert.equal(l.encoding.y.title, '%');
    const img = decodePng(await curvesPng([onIt]));
    assert.ok(pixelsWhere(img, near(SERIES_COLORS[0], 20)).count > 300, 'the line on the reference stays visible');
  });

  it('counts skipped values under the panel title and says "no data" for empty panels', () => {
    const spec = curvesSpec([
      { title: 'log', logY: true, series: [{ name: 's', values: [{ step: 0, value: 1 }, { step: 1, value: 0 }, { step: 2, value: NaN }, { step: Infinity, value: 1 }] }] },
      { title: 'empty', series: [{ name: 'nothing', values: [] }] },
      { title: 'all bad', series: [{ name: 'nan', values: [{ step: 0, value: NaN }] }] },
    ]) as { concat: PanelSpec[] };
    assert.deepEqual(spec.concat[0].title!.subtitle, ['2 non-finite values skipped', '1 value ≤ 0 not shown (log scale)']);
    assert.equal(spec.concat[1].mark!.text, 'no data');
    assert.equal(spec.concat[2].mark!.text, 'no data');
    assert.deepEqual(spec.concat[2].title!.subtitle, ['1 non-finite value skipped']);
  });

  it('renders an empty list of panels, and lays panels out in the requested columns', async () => {
    assertLooksLikePlot(decodePng(await curvesPng([], { title: 'Nothing yet' })), { minWidth: 600, minColors: 10 });
    assert.equal((curvesSpec(panels, { columns: 1 }) as { columns: number }).columns, 1);
    assert.equal((curvesSpec(panels) as { columns: number }).columns, 2, 'default for up to four panels');
  });
});
