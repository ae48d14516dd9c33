/**
 * The pictures of a run: what samples.png and curves.png show, built from a trainer, its data and its
 * records ({@link samplesPicture}, {@link curvesPanels}: plain data the tests read), and rendered by
 * ../plots.
 */
import type { Dataset } from '../../data/distribution.js';
import { hasDensity } from '../../data/distribution.js';
import { createRng, deriveSeed } from '../../random/rng.js';
import type { GanTrainer } from '../../training/trainer.js';
import type { StepRecord } from '../../training/records.js';
import type { ObjectiveProperties } from '../../objectives/objective.js';
import type { EvalRecord } from '../../metrics/evaluate.js';
import type { TheoryRecord } from '../../experiments/theory-record.js';
import type { ImageTrackRecord } from '../../metrics/image/image-track-record.js';
import type { AnalysisRecord } from '../reporters/reporter.js';
import { ImageDataset } from '../../data/image-dataset.js';
import { curvesPng, fieldCellCenters, renderPicture, type Curve1D, type CurvePanel, type CurveSeries, type Picture } from '../plots/index.js';

const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));

/**
 * The plotted box of samples.png: per coordinate, the range of the finite values of both point sets
 * widened by 10 % of its span on each side (a span under 1e-3 counts as 1e-3).
 */
export function samplesBox(real: Float64Array, fake: Float64Array, dim: number): { low: number[]; high: number[] } {
  const low = new Array(dim).fill(Infinity);
  const high = new Array(dim).fill(-Infinity);
  for (const arr of [real, fake]) {
    for (let i = 0; i < arr.length; i++) {
      const d = i % dim;
      if (Number.isFinite(arr[i])) {
        low[d] = Math.min(low[d], arr[i]);
        high[d] = Math.max(high[d], arr[i]);
      }
    }
  }
  for (let d = 0; d < dim; d++) {
    const span = Math.max(high[d] - low[d], 1e-3);
    low[d] -= 0.1 * span;
    high[d] += 0.1 * span;
  }
  return { low, high };
}

/** What samples.png reads from a trainer (tests may pass a stand-in with a known D). */
export type PlottedTrainer = Pick<GanTrainer, 'config' | 'judgesSinglePoints' | 'discriminatorLogits'>;

/**
 * What samples.png shows: for images, a grid of the first 100 generated images; for 2-D data, real and
 * generated points over the heatmap of D(x) = sigmoid(logit) on an 80 × 80 grid of the
 * {@link samplesBox} (no field for a packed D); for 1-D data, the data density (if known) and D(x) on
 * 400 points across the box, over histograms of real and generated samples. Undefined for other data.
 * The real samples are as many as the generated ones, from the stream "plot:real" of the run's seed.
 */
export function samplesPicture(trainer: PlottedTrainer, dataset: Dataset, fake: Float64Array, step: number): Picture | undefined {
  const dim = dataset.dim;
  if (dataset instanceof ImageDataset) {
    const n = Math.min(100, fake.length / dim);
    return { kind: 'images', input: { images: fake.subarray(0, n * dim), height: dataset.height, width: dataset.width, channels: dataset.channels, columns: 10 } };
  }
  if (dim !== 1 && dim !== 2) return undefined;
  const real = dataset.sample(createRng(deriveSeed(trainer.config.seed, 'plot:real')), fake.length / dim);
  const box = samplesBox(real, fake, dim);
  if (dim === 2) {
    const grid = { xMin: box.low[0], xMax: box.high[0], yMin: box.low[1], yMax: box.high[1], nx: 80, ny: 80 };
    if (!trainer.judgesSinglePoints) {
      // A packed D (PacGAN) judges m points at once: there is no D(x) field to draw.
      return { kind: 'scatter2d', input: { real, fake, title: `${dataset.label}: real and generated samples, step ${step} (D packs ${trainer.config.pack} samples: no D(x) field)` } };
    }
    const pts = fieldCellCenters(grid);
    const values = Array.from(trainer.discriminatorLogits(pts), sigmoid);
    return {
      kind: 'scatter2d',
      input: {
        real,
        fake,
        field: { ...grid, values, label: 'D(x)', domain: [0, 1] },
        title: `${dataset.label}: real and generated samples over D(x), step ${step}`,
      },
    };
  }
  const n = 400;
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = box.low[0] + (i / (n - 1)) * (box.high[0] - box.low[0]);
  const curves: Curve1D[] = trainer.judgesSinglePoints ? [{ name: 'D(x)', x: xs, y: Array.from(trainer.discriminatorLogits(xs), sigmoid), axis: 'right' }] : [];
  if (hasDensity(dataset)) curves.unshift({ name: 'p_r (data density)', x: xs, y: Array.from(xs, (x) => dataset.density([x])), axis: 'left' });
  return {
    kind: 'density1d',
    input: {
      curves,
      histograms: [
        { name: 'real samples', samples: real },
        { name: 'generated samples', samples: fake },
      ],
      title: `${dataset.label}: data and generator, step ${step}`,
      xLabel: 'x',
      leftLabel: 'density',
      rightLabel: 'D(x)',
    },
  };
}

/** samples.png ({@link samplesPicture}); undefined for data it cannot draw. */
export async function samplesPlot(trainer: GanTrainer, dataset: Dataset, fake: Float64Array, step: number): Promise<Buffer | undefined> {
  const picture = samplesPicture(trainer, dataset, fake, step);
  return picture === undefined ? undefined : renderPicture(picture);
}

/** Keeps at most `max` evenly spaced points of a series (the last one always). */
function thin<T>(xs: readonly T[], max: number): T[] {
  if (xs.length <= max) return [...xs];
  const out: T[] = [];
  const stride = xs.length / max;
  for (let i = 0; i < max; i++) out.push(xs[Math.floor(i * stride)]);
  out.push(xs[xs.length - 1]);
  return out;
}

/**
 * The panels of curves.png: losses, V(D, G) against −log 4, mean D on real/fake, gradient norms
 * (step records thinned to at most ~600), evaluations (modes captured against the number of modes,
 * % high quality, W1), the empirical Lipschitz constant against 1, a critic's estimate beside W1, the
 * theory records of `--track-theory` (against −log 4) and an image run's classifier metrics, each
 * when there are any.
 */
export function curvesPanels(steps: readonly StepRecord[], evals: readonly EvalRecord[], analyses: readonly AnalysisRecord[] = [], objective: ObjectiveProperties = LOGIT_OBJECTIVE): CurvePanel[] {
  const s = thin(steps, 600);
  const series = (name: string, f: (r: StepRecord) => number): CurveSeries => ({ name, values: s.map((r) => ({ step: r.step, value: f(r) })) });
  const panels: CurvePanel[] = [{ title: 'Losses (each player minimizes its own)', yLabel: 'loss', series: [series('D loss', (r) => r.dLoss), series('G loss', (r) => r.gLoss)] }];
  if (objective.output === 'logit') {
    // D(x) = sigmoid(logit) is a probability: V(D, G) and the mean D are meaningful (a score's are not).
    panels.push(
      {
        title: 'V(D, G) = E[log D(x)] + E[log(1 − D(G(z)))]  (E1)',
        yLabel: 'V(D, G) (nats)',
        series: [{ ...series('V(D, G)', (r) => r.value), reference: { label: '−log 4 (optimum, E6)', value: -Math.log(4) } }],
      },
      { title: 'Mean D on real and generated batches', yLabel: 'mean D (probability)', series: [series('D(x) real', (r) => r.dRealMean), series('D(G(z)) fake', (r) => r.dFakeMean)] },
    );
  } else if (!objective.estimatesW1) {
    panels.push({ title: "D's score gap E[D(x)] − E[D(G(z))] (a score, not a probability: no V(D, G))", yLabel: 'score gap', series: [series('score gap (batch)', (r) => r.criticEstimate)] });
  }
  panels.push({ title: 'Gradient norms', yLabel: 'norm (log scale)', logY: true, series: [series('‖∇D‖', (r) => r.dGradNorm), series('‖∇G‖', (r) => r.gGradNorm)] });
  const withModes = evals.filter((e) => e.modes !== undefined);
  if (withModes.length > 0) {
    const total = withModes[0].modes!.totalModes;
    panels.push({
      // Both in % so they share the axis (the count, at most 8 or 25, lay flat under a 0–100 axis).
      title: `Modes captured (of ${total}) and % high quality`,
      yLabel: '%',
      series: [
        { name: `modes captured (% of ${total})`, values: withModes.map((e) => ({ step: e.step, value: (100 * e.modes!.modesCaptured) / total })), reference: { label: `all ${total} modes`, value: 100 } },
        { name: '% high quality', values: withModes.map((e) => ({ step: e.step, value: 100 * e.modes!.highQualityFraction })) },
      ],
    });
  }
  const withW1 = evals.filter((e) => e.w1 !== undefined);
  if (withW1.length > 0) {
    panels.push({ title: `W1(data, generator) (${withW1[0].w1Method})`, yLabel: 'W1', series: [{ name: 'W1', values: withW1.map((e) => ({ step: e.step, value: e.w1! })) }] });
  }
  const images = analyses.filter((a): a is ImageTrackRecord => a.type === 'images');
  if (images.length > 0) {
    const at = (f: (r: ImageTrackRecord) => number) => images.map((r) => ({ step: r.step, value: f(r) }));
    panels.push(
      {
        title: `Images: classifier score and classes covered (${images[0].samples} samples; real digits ≈ 9.8)`,
        yLabel: 'score / classes',
        series: [
          { name: 'classifier score', values: at((r) => r.classifierScore), reference: { label: '10 classes', value: 10 } },
          { name: 'classes covered', values: at((r) => r.classesCovered) },
        ],
      },
      {
        title: `Images: Fréchet distance to ${images[0].testImages} test digits (classifier features)`,
        yLabel: 'distance (log scale)',
        logY: true,
        series: [{ name: 'Fréchet distance', values: at((r) => r.frechetDistance) }],
      },
      {
        title: 'Images: precision and recall (k = 3)',
        yLabel: 'fraction',
        series: [
          { name: 'precision', values: at((r) => r.precision) },
          { name: 'recall', values: at((r) => r.recall) },
          // Conditional runs: how often the classifier reads the digit a sample was generated for.
          ...(images[0].labelAccuracy === undefined ? [] : [{ name: 'label accuracy', values: at((r) => r.labelAccuracy ?? Number.NaN) }]),
        ],
      },
    );
  }
  const theory = analyses.filter((a): a is TheoryRecord => a.type === 'theory');
  // Filtered before thinning: the estimate is on every lipschitzEvery-th step only, which the stride would miss.
  const lipschitz = thin(steps.filter((r) => r.lipschitzEstimate !== undefined), 600);
  if (lipschitz.length > 0) {
    panels.push({
      title: 'Empirical Lipschitz constant of D: max ‖∇ₓ logit‖ on real, fake, interpolates',
      yLabel: 'max ‖∇ₓf‖ (log scale)',
      logY: true,
      series: [{ name: 'max ‖∇ₓf‖', values: lipschitz.map((r) => ({ step: r.step, value: r.lipschitzEstimate! })), reference: { label: '1 (WGAN, E8)', value: 1 } }],
    });
  }
  // The critic's estimate is a W1 estimate only for an objective that says so (the WGAN's, E8).
  if (s.length > 0 && objective.estimatesW1) {
    const w1: CurveSeries = theory.some((r) => r.w1 !== undefined)
      ? { name: `W1 (${theory[0].w1Method})`, values: theory.filter((r) => r.w1 !== undefined).map((r) => ({ step: r.step, value: r.w1! })) }
      : { name: `W1 (${withW1[0]?.w1Method ?? 'none'})`, values: withW1.map((e) => ({ step: e.step, value: e.w1! })) };
    panels.push({
      title: "Critic's estimate E_r f − E_g f beside W1 (E8: ≤ K·W1 for a K-Lipschitz f)",
      yLabel: 'W1 and its estimate',
      series: [series('critic estimate (batch)', (r) => r.criticEstimate), w1],
    });
  }
  if (theory.length > 0) {
    const at = (f: (r: TheoryRecord) => number) => theory.map((r) => ({ step: r.step, value: f(r) }));
    panels.push(
      {
        title: `V(D, G) vs −log 4 + 2·JS (E3, E5; P_g ${theory[0].generatorDensity === 'exact' ? 'exact' : 'by KDE'})`,
        yLabel: 'nats',
        series: [
          { name: 'V(D, G), trained D', values: at((r) => r.valueDG) },
          { name: '−log 4 + 2·JS = V(D*, G)', values: at((r) => r.minusLog4Plus2JS), reference: { label: '−log 4', value: -Math.log(4) } },
        ],
      },
      { title: 'mean |D − D*| over (P_r + P_g)/2', yLabel: 'mean |D − D*|', series: [{ name: 'mean |D − D*|', values: at((r) => r.meanAbsDStarError) }] },
    );
  }
  return panels;
}

/** curves.png: {@link curvesPanels} in two columns under `title`, for a run of an objective with `objective`'s properties. */
export async function curvesPlot(
  steps: readonly StepRecord[],
  evals: readonly EvalRecord[],
  title: string,
  analyses: readonly AnalysisRecord[] = [],
  objective: ObjectiveProperties = LOGIT_OBJECTIVE,
): Promise<Buffer> {
  return curvesPng(curvesPanels(steps, evals, analyses, objective), { title, columns: 2 });
}

/** The properties of the original game's objectives (a logit D that estimates D*): the panels' default. */
const LOGIT_OBJECTIVE: ObjectiveProperties = { output: 'logit', estimatesOptimalDiscriminator: true, needsLipschitz: false, estimatesW1: false };
