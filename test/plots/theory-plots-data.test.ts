/**
 * The data behind the theory reports' pictures and tables (src/node/theory-reports/theory-*-report.ts): theory.png's
 * panels and reference lines (−log 4, log 2), disjoint.png's log-scale panels, identity.png's and
 * optimal-discriminator.png's curves and fields (p_r, p_g, D* = p_r/(p_r + p_g), D, |D − D*|) over the
 * plotted range, which is checked against its closed form for two normals; and the identity table.
 * Values come from closed-form normal densities written here. The pictures still render.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distributionFromSpec } from '../../src/data/index.js';
import type { TheoryRecord } from '../../src/experiments/theory-record.js';
import type { VanishingGradientResult } from '../../src/experiments/vanishing-gradients.js';
import { identityCheck } from '../../src/theory/index.js';
import { trackPanels, trackPlot } from '../../src/node/theory-reports/theory-track-report.js';
import { disjointPanels } from '../../src/node/theory-reports/theory-disjoint-report.js';
import { identityPicture, identityPlot, identityRows } from '../../src/node/theory-reports/theory-identity-report.js';
import { discriminatorVsOptimalPicture } from '../../src/node/theory-reports/theory-optimal-report.js';
import { renderPicture, type CurvePanel, type Picture } from '../../src/node/plots/index.js';
import { assertLooksLikePlot, decodePng } from './png-helpers.js';
import { parseShown, assertShownSignificant } from '../helpers/shown-numbers.js';

const near = (got: number | undefined, want: number, what: string, tol = 1e-12) => assert.ok(got !== undefined && Math.abs(got - want) <= tol, `${what}: ${got}, want ${want} ± ${tol}`);
const pairs = (s: { values: { step: number; value: number }[] }) => s.values.map((v) => [v.step, v.value]);
function series(panels: readonly CurvePanel[], title: string, name: string) {
  const p = panels.find((x) => x.title.startsWith(title));
  assert.ok(p !== undefined, `no panel "${title}…": ${panels.map((x) => x.title).join(' | ')}`);
  const s = p.series.find((x) => x.name === name);
  assert.ok(s !== undefined, `no series "${name}" in "${p.title}"`);
  return s;
}

/** N(m, s²)'s density, written out. */
const normalPdf = (x: number, m: number, s: number) => Math.exp(-(((x - m) / s) ** 2) / 2) / (s * Math.sqrt(2 * Math.PI));

const records: TheoryRecord[] = [10, 20, 30].map((s, i) => ({
  type: 'theory', step: s, valueDG: -1.5 + i / 10, valueAtOptimum: -1.2 - i / 50, minusLog4Plus2JS: -1.2 - i / 50, js: 0.1 - i / 100, meanAbsDStarError: 0.3 - i / 20,
  ...(i === 1 ? {} : { w1: 0.5 - i / 10, w1Method: 'from the cdfs' }), criticEstimate: 0.4 - i / 20, lipschitzEstimate: 1.2, generatorDensity: 'exact',
}));

describe('trackPanels (theory.png)', () => {
  const panels = trackPanels(records);

  it('V(D, G) of the trained D beside V(D*, G) = −log 4 + 2·JS, with the reference line at −log 4 (E6)', () => {
    assert.deepEqual(pairs(series(panels, 'V(D, G) of the trained D', 'V(D, G), trained D')), records.map((r) => [r.step, r.valueDG]));
    const opt = series(panels, 'V(D, G) of the trained D', '−log 4 + 2·JS');
    assert.deepEqual(pairs(opt), records.map((r) => [r.step, r.minusLog4Plus2JS]));
    near(opt.reference?.value, -1.3862943611198906, '−log 4', 1e-15);
    assert.match(opt.reference!.label, /−log 4/);
  });

  it('JS with its largest value log 2 as the reference; mean |D − D*|', () => {
    const js = series(panels, 'JS(P_r ‖ P_g)', 'JS');
    assert.deepEqual(pairs(js), records.map((r) => [r.step, r.js]));
    near(js.reference?.value, 0.6931471805599453, 'log 2', 1e-15);
    assert.deepEqual(pairs(series(panels, 'mean |D − D*|', 'mean |D − D*|')), records.map((r) => [r.step, r.meanAbsDStarError]));
  });

  it('W1 beside the critic\'s estimate, from the records that have a W1; no W1 panel without one', () => {
    assert.deepEqual(pairs(series(panels, 'W1(P_r, P_g) beside', 'W1')), [[10, 0.5], [30, 0.3]]);
    assert.deepEqual(pairs(series(panels, 'W1(P_r, P_g) beside', 'E_r f − E_g f')), records.map((r) => [r.step, r.criticEstimate]));
    const noW1 = trackPanels(records.map(({ w1, ...r }) => r as TheoryRecord));
    assert.equal(noW1.length, 3);
    assert.ok(!noW1.some((p) => p.title.startsWith('W1')));
  });

  it('renders (theory.png)', async () => {
    assertLooksLikePlot(decodePng(await trackPlot(records, 'a run: theory at each snapshot')));
  });
});

describe('disjointPanels (disjoint.png)', () => {
  it('the three generator gradient norms and mean D(G(z)), each on a log axis, one point per row', () => {
    const rows = [0, 50, 100].map((step, i) => ({ step, saturating: 10 ** -i, nonSaturating: 1 + i, wgan: 0.9 + i / 100, dFakeMean: 0.5 / (1 + 10 * i), criticGap: 0, wganNormalized: 1 }));
    const v = { options: { theta: 1, clipValue: 0.01 }, rows } as unknown as VanishingGradientResult;
    const panels = disjointPanels(v);
    assert.deepEqual(panels.map((p) => p.logY), [true, true]);
    const norms = panels[0];
    assert.deepEqual(norms.series.map((s) => s.values.map((x) => x.value)), [rows.map((r) => r.saturating), rows.map((r) => r.nonSaturating), rows.map((r) => r.wgan)]);
    assert.equal(norms.series[2].name, 'WGAN −E[f(G(z))], clip 0.01');
    assert.deepEqual(pairs(panels[1].series[0]), rows.map((r) => [r.step, r.dFakeMean]));
  });
});

// P_r = N(0, 1), P_g = N(1.5, 0.7²): the plotted range is where the larger density is ≥ 1e-3 of the
// larger peak, 1/(0.7√(2π)), widened by 5 % each side. On the left N(0, 1) decides:
// φ(x) = 1e-3·peak ⇔ x = −√(2 log(0.7·1000)); on the right N(1.5, 0.7²): x = 1.5 + 0.7·√(2 log 1000).
const real = distributionFromSpec({ type: 'normal', mean: [0], std: [1] });
const fake = distributionFromSpec({ type: 'normal', mean: [1.5], std: [0.7] });
const inner = [-Math.sqrt(2 * Math.log(700)), 1.5 + 0.7 * Math.sqrt(2 * Math.log(1000))];
const range = [inner[0] - 0.05 * (inner[1] - inner[0]), inner[1] + 0.05 * (inner[1] - inner[0])];

describe('identityPicture and discriminatorVsOptimalPicture (identity.png, optimal-discriminator.png)', () => {
  it('1-D identity: p_r, p_g and D* = p_r/(p_r + p_g) (right axis) at 800 points over the closed-form range', () => {
    const p = identityPicture(real, fake, 'pair') as Extract<Picture, { kind: 'density1d' }>;
    assert.equal(p.kind, 'density1d');
    const [pr, pg, dStar] = p.input.curves;
    assert.deepEqual([pr.axis ?? 'left', pg.axis ?? 'left', dStar.axis, dStar.dashed], ['left', 'left', 'right', true]);
    assert.equal(pr.x.length, 800);
    // The range is found on a grid of 4000 cells over ±9σ-ish bounds: a few thousandths.
    near(pr.x[0], range[0], 'x low end', 0.01);
    near(pr.x[799], range[1], 'x high end', 0.01);
    for (const i of [0, 200, 400, 799]) {
      const x = pr.x[i];
      const a = normalPdf(x, 0, 1);
      const b = normalPdf(x, 1.5, 0.7);
      near(pr.y[i], a, `p_r(${x})`);
      near(pg.y[i], b, `p_g(${x})`);
      near(dStar.y[i], a / (a + b), `D*(${x})`, 1e-12);
    }
  });

  it('2-D identity: heatmaps of p_r, p_g and D* (domain [0, 1]) at the centres of a 120 × 120 grid', () => {
    const r2 = distributionFromSpec({ type: 'normal', mean: [0, 0], std: [1, 1] });
    const f2 = distributionFromSpec({ type: 'normal', mean: [1, 0.5], std: [0.6, 0.6] });
    const p = identityPicture(r2, f2, 'pair 2-D') as Extract<Picture, { kind: 'heatmaps' }>;
    assert.equal(p.kind, 'heatmaps');
    const [pr, pg, dStar] = p.fields;
    assert.deepEqual([pr.nx, pr.ny, dStar.domain, p.options.title], [120, 120, [0, 1], 'pair 2-D']);
    const dx = (pr.xMax - pr.xMin) / 120;
    const dy = (pr.yMax - pr.yMin) / 120;
    for (const [i, j] of [[0, 0], [60, 60], [119, 3], [77, 101]]) {
      const x = pr.xMin + (i + 0.5) * dx;
      const y = pr.yMin + (j + 0.5) * dy;
      const a = normalPdf(x, 0, 1) * normalPdf(y, 0, 1);
      const b = normalPdf(x, 1, 0.6) * normalPdf(y, 0.5, 0.6);
      near(pr.values[j * 120 + i], a, `p_r at (${i}, ${j})`);
      near(pg.values[j * 120 + i], b, `p_g at (${i}, ${j})`);
      near(dStar.values[j * 120 + i], a / (a + b), `D* at (${i}, ${j})`, 1e-9);
    }
  });

  it('1-D optimal: the trained D = sigmoid(logit), D*, |D − D*| and the weight (p_r + p_g)/2 on the right axis', () => {
    const logit = (x: number) => 0.8 - 1.1 * x;
    const p = discriminatorVsOptimalPicture(real, fake, { logit: (x) => logit(x[0]) }, 'D vs D*') as Extract<Picture, { kind: 'density1d' }>;
    const [d, dStar, err, weight] = p.input.curves;
    assert.deepEqual([d.name, err.name, weight.axis], ['trained D', '|D − D*|', 'right']);
    near(d.x[0], range[0], 'x low end', 0.01);
    for (const i of [0, 333, 799]) {
      const x = d.x[i];
      const a = normalPdf(x, 0, 1);
      const b = normalPdf(x, 1.5, 0.7);
      const dx = 1 / (1 + Math.exp(-logit(x)));
      near(d.y[i], dx, `D(${x})`);
      near(dStar.y[i], a / (a + b), `D*(${x})`, 1e-12);
      near(err.y[i], Math.abs(dx - a / (a + b)), `|D − D*|(${x})`, 1e-12);
      near(weight.y[i], (a + b) / 2, `weight(${x})`);
    }
  });

  it('2-D optimal: heatmaps of D, D* (both on [0, 1]) and |D − D*|', () => {
    const r2 = distributionFromSpec({ type: 'normal', mean: [0, 0], std: [1, 1] });
    const f2 = distributionFromSpec({ type: 'normal', mean: [1, 0.5], std: [0.6, 0.6] });
    const p = discriminatorVsOptimalPicture(r2, f2, { logit: (x) => 0.3 - x[0] + 0.2 * x[1] }, 't') as Extract<Picture, { kind: 'heatmaps' }>;
    const [d, dStar, err] = p.fields;
    assert.deepEqual([d.domain, dStar.domain, err.domain], [[0, 1], [0, 1], undefined]);
    const k = 57 * 120 + 64;
    const x = d.xMin + 64.5 * ((d.xMax - d.xMin) / 120);
    const y = d.yMin + 57.5 * ((d.yMax - d.yMin) / 120);
    const a = normalPdf(x, 0, 1) * normalPdf(y, 0, 1);
    const b = normalPdf(x, 1, 0.6) * normalPdf(y, 0.5, 0.6);
    near(d.values[k], 1 / (1 + Math.exp(-(0.3 - x + 0.2 * y))), 'D');
    near(dStar.values[k], a / (a + b), 'D*', 1e-9);
    near(err.values[k], Math.abs(d.values[k] - dStar.values[k]), '|D − D*|');
  });

  it('renders (identity.png, 1-D)', async () => {
    assertLooksLikePlot(decodePng(await identityPlot(real, fake, 'p_r, p_g and D*')));
    assertLooksLikePlot(decodePng(await renderPicture(discriminatorVsOptimalPicture(real, fake, { logit: (x) => -x[0] }, 't'))));
  });
});

describe('identityRows (the identity table of report.md and of `tsgan theory identity`)', () => {
  it('each row shows its own quantity: KL(P_r ‖ P_g) = log 2 + 1/4 − 1/2 and KL(P_g ‖ P_r) = −log 2 + 5/2 − 1/2 for N(0, 1) and N(1, 2²)', () => {
    const c = identityCheck(distributionFromSpec('normal'), distributionFromSpec({ type: 'normal', mean: [1], std: [2] }));
    const rows = new Map(identityRows(c).map(([label, , value]) => [label, parseShown(value)]));
    assertShownSignificant(rows.get('KL(P_r ‖ P_g)')!, Math.LN2 + 0.25 - 0.5, 7, 'KL(P_r ‖ P_g)');
    assertShownSignificant(rows.get('KL(P_g ‖ P_r)')!, -Math.LN2 + 2.5 - 0.5, 7, 'KL(P_g ‖ P_r)');
    for (const [label, value, digits] of [['JS(P_r ‖ P_g)', c.js, 10], ['total variation', c.tv, 10], ['W1(P_r, P_g)', c.w1!, 10], ['V(D*, G), integrated', c.valueAtOptimum, 12], ['−log 4 + 2·JS', c.minusLog4Plus2JS, 12]] as const) {
      assertShownSignificant(rows.get(label)!, value, digits, label);
    }
  });
});
