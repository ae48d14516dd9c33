/**
 * The report of `tsgan theory optimal-discriminator`: a trained D beside the exact D* (E3), with
 * the weighted and the largest |D − D*| and the value gap V(D*) − V(D) ≥ 0.
 */
import type { FittedDiscriminator } from '../../experiments/fit-optimal-discriminator.js';
import { sigmoid, type DensityModel, type LogitDiscriminator } from '../../theory/index.js';
import { fieldCellCenters, renderPicture, type Picture } from '../plots/index.js';
import { code, densitiesAt, fmt, linspace, markdownTable, plotBox, type TheoryReport } from './theory-report.js';

/** What the optimal-discriminator report is about. */
export interface OptimalReportInput {
  readonly real: DensityModel;
  readonly fake: DensityModel;
  readonly realName: string;
  readonly fakeName: string;
  readonly fit: FittedDiscriminator;
  /** Wall time of the training, seconds. */
  readonly seconds: number;
}

/**
 * What a picture of a discriminator D (by its logits) beside the exact D* of real vs fake shows, over
 * the {@link plotBox} of the pair: in 1-D, D, D* (dashed), |D − D*| (left axis) and the weight
 * (p_r + p_g)/2 (right axis) at 800 points from its low to its high end; in 2-D, heatmaps of D and D*
 * (domain [0, 1]) and |D − D*| on a 120 × 120 grid of cells.
 */
export function discriminatorVsOptimalPicture(real: DensityModel, fake: DensityModel, D_: LogitDiscriminator, title: string): Picture {
  const box = plotBox(real, fake);
  const D = (x: ArrayLike<number>) => sigmoid(D_.logit(x));
  if (real.dim === 1) {
    const xs = linspace(box.low[0], box.high[0], 800);
    const v = Array.from(xs, (x) => densitiesAt(real, fake, [x]));
    const d = Array.from(xs, (x) => D([x]));
    return {
      kind: 'density1d',
      input: {
        curves: [
          { name: 'trained D', x: xs, y: d, color: '#59a14f' },
          { name: 'D* (exact; undefined where p_r = p_g = 0)', x: xs, y: v.map((p) => p.dStar), dashed: true, color: '#333333' },
          { name: '|D − D*|', x: xs, y: v.map((p, i) => Math.abs(d[i] - p.dStar)), color: '#e15759' },
          { name: '(p_r + p_g)/2, the weight', x: xs, y: v.map((p) => 0.5 * (p.pr + p.pg)), axis: 'right', color: '#bab0ac' },
        ],
        title,
        xLabel: 'x',
        leftLabel: 'D(x), D*(x), |D − D*|',
        rightLabel: '(p_r + p_g)/2',
      },
    };
  }
  const grid = { xMin: box.low[0], xMax: box.high[0], yMin: box.low[1], yMax: box.high[1], nx: 120, ny: 120 };
  const pts = fieldCellCenters(grid);
  const n = grid.nx * grid.ny;
  const d = new Float64Array(n);
  const dStar = new Float64Array(n);
  const err = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const x = pts.subarray(2 * k, 2 * k + 2);
    d[k] = D(x);
    dStar[k] = densitiesAt(real, fake, x).dStar;
    err[k] = Math.abs(d[k] - dStar[k]);
  }
  return {
    kind: 'heatmaps',
    fields: [
      { ...grid, values: d, label: 'trained D(x)', domain: [0, 1] },
      { ...grid, values: dStar, label: 'D*(x) (exact)', domain: [0, 1] },
      { ...grid, values: err, label: '|D − D*|' },
    ],
    options: { title },
  };
}

/** A discriminator D beside the exact D* of real vs fake: {@link discriminatorVsOptimalPicture} rendered. */
export async function discriminatorVsOptimalPlot(real: DensityModel, fake: DensityModel, D_: LogitDiscriminator, title: string): Promise<Buffer> {
  return renderPicture(discriminatorVsOptimalPicture(real, fake, D_, title));
}

/** The JSON of the command (∞ cannot occur here: every value is finite or NaN → null). */
export function optimalJson(fit: FittedDiscriminator, seconds: number): Record<string, unknown> {
  return {
    meanAbsError: fit.meanAbsError,
    maxAbsError: fit.maxAbsError,
    maxAbsErrorAt: fit.maxAbsErrorAt,
    hdrMass: fit.hdrMass,
    valueGap: fit.valueGap,
    valueTrained: fit.valueTrained,
    valueAtOptimum: fit.valueAtOptimum,
    js: fit.js,
    minusLog4Plus2JS: fit.minusLog4Plus2JS,
    interpolationError: fit.interpolationError,
    converged: fit.converged,
    training: { ...fit.training.options, finalLoss: fit.training.lossTrace[fit.training.lossTrace.length - 1]?.loss, seconds },
  };
}

/** report.md and optimal-discriminator.png. */
export async function optimalReport(input: OptimalReportInput): Promise<TheoryReport> {
  const f = input.fit;
  const o = f.training.options;
  const md = [
    '# A trained discriminator against the optimal one (E3)',
    '',
    `- real P_r: ${code(input.realName)}`,
    `- fake P_g (fixed): ${code(input.fakeName)}`,
    `- discriminator: MLP ${[input.real.dim, ...o.hidden, 1].join(' → ')} (${o.activation}), ${o.steps} updates of the minimax`,
    `  discriminator loss −V (E2) on ${o.batchSize} real + ${o.batchSize} fake fresh samples each, Adam lr ${o.learningRate}`,
    `  decayed ×${o.decayFactor} in ${o.decayPhases} phases, seed ${o.seed}; ${input.seconds.toFixed(1)} s`,
    '',
    markdownTable(
      ['quantity', 'value'],
      [
        ['mean |D − D*| = ∫ |D − D*| (p_r + p_g)/2 dx', fmt(f.meanAbsError, 4)],
        [`max |D − D*| over the ${100 * f.hdrMass} % highest-density region of (p_r + p_g)/2`, `${fmt(f.maxAbsError, 4)} at x = (${f.maxAbsErrorAt.map((v) => fmt(v, 4)).join(', ')})`],
        ['V(D, G), trained D (E1)', fmt(f.valueTrained, 8)],
        ['V(D*, G) (E5)', fmt(f.valueAtOptimum, 8)],
        ['value gap V(D*) − V(D) ≥ 0', fmt(f.valueGap, 4)],
        ['−log 4 + 2·JS', fmt(f.minusLog4Plus2JS, 8)],
        ['grid interpolation error of the logits', fmt(f.interpolationError, 2)],
      ],
      ['l', 'r'],
    ),
    '',
    'D* = p_r/(p_r + p_g) maximizes V(D) = E_r[log D] + E_g[log(1 − D)] over all functions (E3);',
    'the trained network maximizes it over its weights from samples. The gap V(D*) − V(D) is',
    '∫ (p_r + p_g)·KL(Bernoulli(D*) ‖ Bernoulli(D)) dx ≥ 0. Where D* jumps (support edges of a',
    'uniform), no continuous D can follow: that is where the largest error sits.',
    '',
    '![D, D* and |D − D*|](optimal-discriminator.png)',
    '',
  ].join('\n');
  const png = await discriminatorVsOptimalPlot(input.real, input.fake, f.grid, `trained D vs D*: mean |D − D*| = ${fmt(f.meanAbsError, 3)}, V(D*) − V(D) = ${fmt(f.valueGap, 3)}`);
  return { markdown: md, images: [{ name: 'optimal-discriminator.png', png }] };
}
