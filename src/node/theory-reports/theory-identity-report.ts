/**
 * The report of `tsgan theory identity`: every divergence of a pair side by side, and E5's identity
 * V(D*, G) = −log 4 + 2·JS checked numerically; the densities and D* drawn.
 */
import type { DensityModel, IdentityCheck } from '../../theory/index.js';
import { FAKE_COLOR, fieldCellCenters, REAL_COLOR, renderPicture, type Picture } from '../plots/index.js';
import { code, densitiesAt, fmt, linspace, markdownTable, plotBox, type TheoryReport } from './theory-report.js';

/** What the identity report is about. */
export interface IdentityReportInput {
  readonly real: DensityModel;
  readonly fake: DensityModel;
  /** How the user named them (a preset name or the JSON spec). */
  readonly realName: string;
  readonly fakeName: string;
  readonly check: IdentityCheck;
}

/** The rows of the identity table: label, equation, value. */
export function identityRows(c: IdentityCheck): string[][] {
  return [
    ['JS(P_r ‖ P_g)', 'E5, E6', fmt(c.js, 10)],
    ['KL(P_r ‖ P_g)', '—', fmt(c.klRealFake, 10)],
    ['KL(P_g ‖ P_r)', '—', fmt(c.klFakeReal, 10)],
    ['total variation', 'E7', fmt(c.tv, 10)],
    ['W1(P_r, P_g)', 'E8', c.w1 === undefined ? '— (1-D only)' : fmt(c.w1, 10)],
    ['V(D*, G), integrated', 'E3, E5 left', fmt(c.valueAtOptimum, 12)],
    ['−log 4 + 2·JS', 'E5 right', fmt(c.minusLog4Plus2JS, 12)],
    ['identity error', '|left − right|', fmt(c.identityError, 3)],
  ];
}

/**
 * What identity.png shows, over the {@link plotBox} of the pair: in 1-D, p_r and p_g (left axis) and
 * D* = p_r/(p_r + p_g) (right axis, dashed) at 800 points from its low to its high end; in 2-D,
 * heatmaps of p_r, p_g and D* (domain [0, 1]) on a 120 × 120 grid of cells.
 */
export function identityPicture(real: DensityModel, fake: DensityModel, title: string): Picture {
  const box = plotBox(real, fake);
  if (real.dim === 1) {
    const xs = linspace(box.low[0], box.high[0], 800);
    const v = Array.from(xs, (x) => densitiesAt(real, fake, [x]));
    return {
      kind: 'density1d',
      input: {
        curves: [
          { name: 'p_r (real)', x: xs, y: v.map((d) => d.pr), color: REAL_COLOR },
          { name: 'p_g (fake)', x: xs, y: v.map((d) => d.pg), color: FAKE_COLOR },
          { name: 'D* = p_r/(p_r + p_g)', x: xs, y: v.map((d) => d.dStar), axis: 'right', dashed: true, color: '#333333' },
        ],
        title,
        xLabel: 'x',
        leftLabel: 'density',
        rightLabel: 'D*(x)',
      },
    };
  }
  const grid = { xMin: box.low[0], xMax: box.high[0], yMin: box.low[1], yMax: box.high[1], nx: 120, ny: 120 };
  const pts = fieldCellCenters(grid);
  const n = grid.nx * grid.ny;
  const pr = new Float64Array(n);
  const pg = new Float64Array(n);
  const dStar = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const d = densitiesAt(real, fake, pts.subarray(2 * k, 2 * k + 2));
    pr[k] = d.pr;
    pg[k] = d.pg;
    dStar[k] = d.dStar;
  }
  return {
    kind: 'heatmaps',
    fields: [
      { ...grid, values: pr, label: 'p_r (real)' },
      { ...grid, values: pg, label: 'p_g (fake)' },
      { ...grid, values: dStar, label: 'D* = p_r/(p_r + p_g)', domain: [0, 1] },
    ],
    options: { title },
  };
}

/** identity.png: {@link identityPicture} rendered. */
export async function identityPlot(real: DensityModel, fake: DensityModel, title: string): Promise<Buffer> {
  return renderPicture(identityPicture(real, fake, title));
}

/** report.md and identity.png. */
export async function identityReport(input: IdentityReportInput): Promise<TheoryReport> {
  const c = input.check;
  const md = [
    '# The E5 identity for one pair',
    '',
    `- real P_r: ${code(input.realName)}`,
    `- fake P_g: ${code(input.fakeName)}`,
    '',
    markdownTable(['quantity', 'THEORY', 'value (nats)'], identityRows(c), ['l', 'l', 'r']),
    '',
    'V(D*, G) is integrated from its own pointwise formula p_r·log D* + p_g·log(1 − D*) with',
    'D* = p_r/(p_r + p_g) (E3); JS from ½KL(P_r‖M) + ½KL(P_g‖M), M = (P_r + P_g)/2. Goodfellow et al.',
    '2014, Thm. 1: the two sides are equal, and −log 4 ≤ V(D*, G) ≤ 0 (E6). ∞ means the integral',
    'diverges (P puts mass where the other density is 0).',
    '',
    '![p_r, p_g and D*](identity.png)',
    '',
  ].join('\n');
  const png = await identityPlot(input.real, input.fake, `p_r, p_g and D*: JS = ${fmt(c.js, 4)}, V(D*, G) = ${fmt(c.valueAtOptimum, 5)}`);
  return { markdown: md, images: [{ name: 'identity.png', png }] };
}
