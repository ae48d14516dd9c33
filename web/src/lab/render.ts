/**
 * Draws a Lab session into the page's canvases and outputs (ids from lab-page.ts): the main view, the
 * theory views (D*, |D − D*|, V(D*, G), W1, modes: the costly ones) and the curves. Reads the session,
 * never changes its trainer.
 */
import { gaussianKde } from 'tsgan';
import { SERIES, diverging, viridis } from '../plots/colors.js';
import { drawArrowPx, drawArrows, drawAxes, drawColorBar, drawHeatmap, drawMessage, drawPoints } from '../plots/field.js';
import { drawLineChart, type ChartFrame } from '../plots/line-chart.js';
import type { LabSession } from './session.js';
import { discriminatorField, generatorManifold, generatorPush, generatorSamples, GRID, linePoints, modesView, optimalView, w1Estimate, wholePacks } from './views.js';
import { toPixel } from '../plots/box.js';

const LOG4 = Math.log(4);
/** Where the KL curves are cut off in the chart (nats). */
const KL_SHOWN = 5;
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const fmt = (v: number | undefined, d = 4) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(d));

/** What the theory views need from the main view (computed once per frame). */
export interface MainView {
  readonly dValues: Float64Array;
  readonly fake: Float64Array;
  /** D's range on the view: [0, 1], or a score's lowest and highest value there. */
  readonly range: readonly [number, number];
}

/** The views, charts and outputs of no experiment (after a data source that gives none): nothing left from the last one. */
export function clearViews(message: string): void {
  for (const id of ['view-field', 'view-dstar', 'view-gap', 'view-manifold', 'chart-loss', 'chart-value', 'chart-w1', 'chart-divergence']) drawMessage($<HTMLCanvasElement>(id), id === 'view-field' ? message : '');
  $('step').textContent = '0';
  for (const id of ['d-loss', 'g-loss', 'value', 'v-opt', 'mean-gap', 'w1', 'modes']) $(id).textContent = '–';
  $('w1-note').textContent = '';
}

/**
 * The main view (2-D: the D(x) heatmap with real and generated points and the generator's gradient
 * arrows; 1-D: curves of p_r, p_g and D(x) with the samples and arrows), the step counter and losses.
 */
export function drawMainView(s: LabSession, arrows: boolean, focus: PointFocus = 'none'): MainView {
  const main = s.data.dataset.dim === 1 ? drawMainView1D(s, arrows) : drawMainView2D(s, arrows, focus);
  // a D that outputs a score (WGAN critic, hinge, least squares) is drawn rescaled to its range on the view, not as 0…1
  const score = s.trainer.objective.properties.output === 'score';
  const m = s.config.pack;
  // a packed D (PacGAN) judges m points at once: the view shows it on m copies of each point
  const packed = m === 1 ? '' : `the packed D (pack ${m}) on ${m} copies of x, `;
  const at = m === 1 ? '(x)' : '(x, …, x)';
  $('cap-field').textContent =
    s.data.dataset.dim === 1
      ? `p_r, p_g and ${packed}${score ? `the critic f${at} rescaled to [0, 1] on the view` : `D${at}`}; ticks: real (blue) and generated (orange) samples; arrows:`
      : score
        ? `${packed}critic f${at} rescaled to its range on the view (blue ${fmt(main.range[0], 3)} … red ${fmt(main.range[1], 3)}), real points (blue), generated (orange),`
        : `${packed}D${at} (blue 0 … white ½ … red 1), real points (blue), generated (orange),`;
  const last = s.history[s.history.length - 1];
  $('step').textContent = String(s.step);
  $('d-loss').textContent = fmt(last?.dLoss);
  $('g-loss').textContent = fmt(last?.gLoss);
  $('value').textContent = fmt(last?.value);
  return main;
}

const D_COLOR = '#d62728';

/** 1-D: p_r, a kernel estimate of p_g and D(x) as curves, the samples as ticks, the generator's push as arrows. */
function drawMainView1D(s: LabSession, arrows: boolean): MainView {
  const field = $<HTMLCanvasElement>('view-field');
  const fake = generatorSamples(s);
  s.fitViewBox(fake);
  const d = discriminatorField(s);
  const xs = Array.from(linePoints(s.viewBox));
  const kde = gaussianKde(fake, 1);
  const frame = drawLineChart(
    field,
    'p_r, p_g (kernel estimate) and D(x)',
    [
      { name: s.data.exactDensity ? 'p_r' : 'p_r ≈', color: SERIES.real, x: xs, y: xs.map((x) => Math.exp(s.data.realLogDensity([x]))) },
      { name: 'p_g ≈', color: SERIES.fake, x: xs, y: xs.map((x) => kde.density([x])) },
      { name: d.critic ? 'critic (rescaled)' : 'D(x)', color: D_COLOR, x: xs, y: Array.from(d.values) },
    ],
    { xLabel: 'x' },
  );
  if (frame !== undefined) {
    const ctx = field.getContext('2d')!;
    const base = frame.py(0);
    const ticks = (pts: ArrayLike<number>, color: string, dy: number) => {
      ctx.strokeStyle = color;
      ctx.beginPath();
      for (let i = 0; i < Math.min(200, pts.length); i++) {
        ctx.moveTo(frame.px(pts[i]), base + dy);
        ctx.lineTo(frame.px(pts[i]), base + dy - 5);
      }
      ctx.stroke();
    };
    ticks(s.realView, SERIES.real, 0);
    ticks(fake, SERIES.fake, -6);
    if (arrows) drawPush1D(s, wholePacks(s, fake.subarray(0, 40)), frame, ctx);
  }
  return { dValues: d.values, fake, range: d.range };
}

/** Horizontal arrows −∂L_G/∂x at 1-D generated samples, stacked above the axis; the longest is 8 % of the axis. */
function drawPush1D(s: LabSession, shown: Float64Array, frame: ChartFrame, ctx: CanvasRenderingContext2D): void {
  const push = generatorPush(s, shown);
  const max = push.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (!(max > 0)) return;
  const scale = (0.08 * (s.viewBox.high[0] - s.viewBox.low[0])) / max;
  ctx.strokeStyle = '#222';
  ctx.fillStyle = '#222';
  for (let i = 0; i < shown.length; i++) {
    const y = frame.py(0) - 16 - (i % 10) * 4;
    drawArrowPx(ctx, frame.px(shown[i]), y, frame.px(shown[i] + scale * push[i]), y);
  }
}

/**
 * Which points the 2-D view draws larger (slow motion): `both` while D scores real and generated points
 * (D forward), `fake` while G makes and moves its samples (G forward, G backward), else `none`.
 */
export type PointFocus = 'none' | 'both' | 'fake';

/** 2-D: the D(x) heatmap, real and generated points (sized by `focus`), the generator's push as arrows. */
function drawMainView2D(s: LabSession, arrows: boolean, focus: PointFocus): MainView {
  const field = $<HTMLCanvasElement>('view-field');
  const fake = generatorSamples(s);
  s.fitViewBox(fake); // before the field: samples that leave the box widen it (it never shrinks)
  const d = discriminatorField(s);
  drawHeatmap(field, d.values, GRID, diverging);
  drawPoints(field, s.viewBox, s.realView, SERIES.real, focus === 'both' ? 3 : focus === 'fake' ? 1 : 2, 512);
  drawPoints(field, s.viewBox, fake, SERIES.fake, focus === 'none' ? 2 : 3, 512);
  if (arrows) {
    const shown = wholePacks(s, fake.subarray(0, 2 * 150));
    const push = generatorPush(s, shown);
    let max = 0;
    for (let i = 0; i < push.length; i += 2) max = Math.max(max, Math.hypot(push[i], push[i + 1]));
    // The longest arrow is 8 % of the box: directions and relative sizes are what the view shows.
    const width = s.viewBox.high[0] - s.viewBox.low[0];
    if (max > 0) drawArrows(field, s.viewBox, shown, push, (0.08 * width) / max);
  }
  drawAxes(field, s.viewBox);
  drawColorBar(field, diverging, d.range[0], d.range[1], d.critic ? 'f(x)' : 'D(x)');
  return { dValues: d.values, fake, range: d.range };
}

/** D*, |D − D*|, V(D*, G), W1 (WGAN) and the modes; appends one row to the session's evaluations. */
export function drawTheoryViews(s: LabSession, main: MainView): void {
  const opt = optimalView(s, main.fake, main.dValues);
  const pr = s.data.exactDensity ? 'p_r exact' : 'p_r a kernel estimate';
  const m = s.config.pack;
  const dStarText = m === 1 ? 'D*(x) = p_r/(p_r + p_g) (E3)' : `D*(x, …, x) = p_r^${m}/(p_r^${m} + p_g^${m}) (E3 for ${m}-tuples: the optimal packed D on ${m} copies of x)`;
  $('cap-dstar').textContent = `${dStarText}: ${pr}, p_g a kernel estimate of 512 generated samples${s.data.dataset.dim === 2 ? ' (real points blue, generated orange)' : ''}`;
  if (s.data.dataset.dim === 1) {
    const xs = Array.from(linePoints(s.viewBox));
    drawLineChart($('view-dstar'), 'D*(x) and D(x)', [
      { name: 'D*(x)', color: SERIES.optimum, x: xs, y: Array.from(opt.dStar) },
      { name: 'D(x)', color: D_COLOR, x: xs, y: Array.from(main.dValues) },
      { name: '½', color: SERIES.reference, x: [xs[0], xs[xs.length - 1]], y: [0.5, 0.5], dashed: true },
    ], { xLabel: 'x' });
  } else {
    const view = $<HTMLCanvasElement>('view-dstar');
    drawHeatmap(view, opt.dStar, GRID, diverging);
    drawPoints(view, s.viewBox, s.realView, SERIES.real, 1.5, 512);
    drawPoints(view, s.viewBox, main.fake, SERIES.fake, 1.5, 512);
    drawAxes(view, s.viewBox);
    drawColorBar(view, diverging, 0, 1, 'D*');
  }
  if (opt.gap !== undefined && s.data.dataset.dim === 1) {
    const xs = Array.from(linePoints(s.viewBox));
    drawLineChart($('view-gap'), '|D(x) − D*(x)|', [{ name: '|D − D*|', color: SERIES.w1, x: xs, y: Array.from(opt.gap) }], { xLabel: 'x' });
    $('cap-gap').textContent = '|D − D*|';
  } else if (opt.gap !== undefined) {
    drawHeatmap($('view-gap'), opt.gap, GRID, (v) => viridis(Number.isNaN(v) ? 0 : v));
    drawAxes($('view-gap'), s.viewBox);
    drawColorBar($('view-gap'), viridis, 0, 1, '|D − D*|');
    $('cap-gap').textContent = '|D − D*| (0 dark … 1 yellow)';
  } else {
    drawMessage($('view-gap'), `|D − D*| compares D = sigmoid(logit) with D*; the ${s.config.loss} objective's optimum is not D* (use minimax or non-saturating)`);
    $('cap-gap').textContent = '|D − D*|';
  }
  $('v-opt').textContent = fmt(opt.valueAtOptimum);
  $('v-opt-label').textContent = m === 1 ? '−log 4 + 2·JS' : `−log 4 + 2·JS(P_r^${m}‖P_g^${m})`;
  $('mean-gap').textContent = fmt(opt.meanGap);
  const modes = modesView(s, main.fake);
  $('modes').textContent = modes === undefined ? 'not a mixture' : `${modes.modesCaptured} / ${modes.totalModes} · high quality ${(100 * modes.highQualityFraction).toFixed(1)} %`;
  const wgan = s.trainer.objective.properties.estimatesW1;
  const w1 = wgan ? w1Estimate(s) : NaN;
  $('w1').textContent = wgan ? fmt(w1) : 'for WGANs';
  $('w1-note').textContent = !wgan ? '' : s.data.dataset.dim === 1 ? 'exact, 2000 vs 2000 samples' : 'exact matching, 256 vs 256 samples';
  const e = s.evals;
  if (e.step[e.step.length - 1] !== s.step) {
    e.step.push(s.step);
    e.valueAtOptimum.push(opt.valueAtOptimum);
    e.w1.push(w1);
    e.js.push(opt.js);
    e.klRealToGen.push(opt.klRealToGen);
    e.klGenToReal.push(opt.klGenToReal);
  }
  drawManifold(s);
}

/**
 * G's transformation of its noise space: the grid of z drawn through G over the real points (2-D data:
 * each noise row and column as a line, coloured from the first row to the last; 1-D data: x = G(z)
 * against z), so one sees how G folds and stretches space to cover the modes.
 */
function drawManifold(s: LabSession): void {
  const canvas = $<HTMLCanvasElement>('view-manifold');
  const m = generatorManifold(s);
  // with a moving average of G's weights, the live generator (the one being trained) is drawn too
  const live = s.config.generatorAverage > 0 ? generatorManifold(s, true) : undefined;
  if (s.data.dataset.dim === 1) {
    const zs = Array.from({ length: m.cols }, (_, j) => -m.zRange + (2 * m.zRange * j) / (m.cols - 1));
    drawLineChart(
      canvas,
      `x = G(z) over z ∈ [−${m.zRange}, ${m.zRange}]${s.config.noise.dim > 1 ? ' (z₂… = 0)' : ''}`,
      [
        { name: live === undefined ? 'G(z)' : 'averaged G(z)', color: SERIES.fake, x: zs, y: Array.from(m.points) },
        ...(live === undefined ? [] : [{ name: 'live G(z)', color: SERIES.reference, x: zs, y: Array.from(live.points), dashed: true }]),
      ],
      { xLabel: 'z' },
    );
    $('cap-manifold').textContent = `G's transformation of the noise: x = G(z) along z's first axis${live === undefined ? '' : ', through the averaged generator and the live one (dashed)'}`;
    return;
  }
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  drawPoints(canvas, s.viewBox, s.realView, 'rgba(31,119,180,0.35)', 2, 512);
  const px = (k: number, points: Float64Array) => toPixel(s.viewBox, canvas.width, canvas.height, points[2 * k], points[2 * k + 1]);
  const line = (ks: number[], color: string, points: Float64Array) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ks.forEach((k, i) => {
      const [x, y] = px(k, points);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
  };
  /** The grid of G(z) in `points`: each noise row coloured by `rowColor(i)`, each column in `columnColor`. */
  const grid = (points: Float64Array, rowColor: (i: number) => string, columnColor: string) => {
    for (let i = 0; i < m.rows; i++) line(Array.from({ length: m.cols }, (_, j) => i * m.cols + j), rowColor(i), points);
    for (let j = 0; j < m.cols && m.rows > 1; j++) line(Array.from({ length: m.rows }, (_, i) => i * m.cols + j), columnColor, points);
  };
  if (live !== undefined) grid(live.points, () => 'rgba(214,39,40,0.45)', 'rgba(214,39,40,0.25)');
  grid(m.points, (i) => viridisCss(m.rows === 1 ? 0 : i / (m.rows - 1)), 'rgba(80,80,80,0.45)');
  drawAxes(canvas, s.viewBox);
  $('cap-manifold').textContent = `G's transformation of the noise: a ${m.rows}×${m.cols} grid of z over [−${m.zRange}, ${m.zRange}]²${s.config.noise.dim > 2 ? ' (other coordinates 0)' : ''} drawn through G${live === undefined ? '' : ' — the averaged generator, rows coloured dark to yellow, and the live one (being trained) in faint red'}${live === undefined ? '; rows coloured dark to yellow' : ''}, over the real points${s.config.pack > 1 ? ` (a PacGAN generator is an ordinary G: only D sees packs of ${s.config.pack})` : ''}`;
}

const viridisCss = (t: number) => {
  const [r, g, b] = viridis(t);
  return `rgb(${r},${g},${b})`;
};

/** The curves: both losses; V(D, G) beside −log 4 + 2·JS and −log 4; W1 and the critic's estimate. */
export function drawCurves(s: LabSession): void {
  const h = s.history;
  const e = s.evals;
  const xs = h.map((r) => r.step);
  drawLineChart($('chart-loss'), 'losses (each player minimizes its own)', [
    { name: 'D loss', color: SERIES.d, x: xs, y: h.map((r) => r.dLoss) },
    { name: 'G loss', color: SERIES.g, x: xs, y: h.map((r) => r.gLoss) },
  ]);
  // a packed D plays the game on m-tuples: its optimum's value is −log 4 + 2·JS of the m-fold products
  const js = s.config.pack === 1 ? 'JS' : `JS(P_r^${s.config.pack}‖P_g^${s.config.pack})`;
  drawLineChart($('chart-value'), `V(D, G) beside −log 4 + 2·${js} (E5)`, [
    { name: 'V(D, G)', color: SERIES.value, x: xs, y: h.map((r) => r.value) },
    { name: `−log 4 + 2·${js} ≈`, color: SERIES.optimum, x: e.step, y: e.valueAtOptimum },
    { name: '−log 4', color: SERIES.reference, x: [0, Math.max(1, s.step)], y: [-LOG4, -LOG4], dashed: true },
  ]);
  // A collapsed generator's kernel estimate is ~0 at most real points: KL(p_r‖p_g) runs to thousands of
  // nats there, which would flatten every other curve. The chart stops at KL_SHOWN and says so.
  const shown = (v: number) => Math.min(v, KL_SHOWN);
  drawLineChart($('chart-divergence'), `JS and both KLs (nats; KL cut at ${KL_SHOWN})`, [
    { name: `${js} (from E5)`, color: SERIES.optimum, x: e.step, y: e.js },
    { name: 'KL(p_r‖p_g)', color: SERIES.real, x: e.step, y: e.klRealToGen.map(shown) },
    { name: 'KL(p_g‖p_r)', color: SERIES.fake, x: e.step, y: e.klGenToReal.map(shown) },
    { name: 'log 2', color: SERIES.reference, x: [0, Math.max(1, s.step)], y: [Math.log(2), Math.log(2)], dashed: true },
  ]);
  if (s.trainer.objective.properties.estimatesW1) {
    drawLineChart($('chart-w1'), "W1 (E8) and the critic's estimate E_r f − E_g f", [
      { name: 'W1 (matching)', color: SERIES.w1, x: e.step, y: e.w1 },
      { name: 'critic estimate', color: SERIES.value, x: xs, y: h.map((r) => r.criticEstimate) },
    ]);
  } else {
    drawLineChart($('chart-w1'), 'E_r a − E_g a of the logits (W1 is shown for WGANs)', [
      { name: 'E_r a − E_g a', color: SERIES.value, x: xs, y: h.map((r) => r.criticEstimate) },
    ]);
  }
}
