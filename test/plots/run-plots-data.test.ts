/**
 * The data behind a run's pictures (src/node/run/run-plots.ts): curves.png's panels (series values from
 * the records, reference lines at −log 4, the number of modes, 1 and 10) and samples.png's points,
 * box (axis ranges) and D(x) field or curve, checked against the records and against a stand-in
 * discriminator with a known logit. The pictures still render (one PNG each, decoded).
 */
import { createObjective } from '../../src/objectives/registry.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distributionFromSpec, type Dataset } from '../../src/data/index.js';
import { ImageDataset } from '../../src/data/image-dataset.js';
import type { EvalRecord } from '../../src/metrics/evaluate.js';
import type { TheoryRecord } from '../../src/experiments/theory-record.js';
import type { ImageTrackRecord } from '../../src/metrics/image/image-track-record.js';
import { curvesPanels, curvesPlot, samplesBox, samplesPicture, type PlottedTrainer } from '../../src/node/run/run-plots.js';
import { renderPicture, type CurvePanel, type Picture } from '../../src/node/plots/index.js';
import { resolveConfig } from '../../src/training/config.js';
import type { StepRecord } from '../../src/training/records.js';
import { createRng, deriveSeed, type Rng } from '../../src/random/rng.js';
import { assertLooksLikePlot, decodePng } from './png-helpers.js';

const step = (s: number, critic = false): StepRecord =>
  ({
    type: 'step', step: s, dLoss: 1.4 - s / 1000, gLoss: 0.7 + s / 2000, dTerms: critic ? { criticReal: 0.2, criticFake: 0.1 } : { realTerm: -0.6, fakeTerm: -0.8 }, gTerms: {},
    realTerm: -0.6, fakeTerm: -0.8, value: -1.4 + s / 3000, dRealMean: 0.5 + s / 2000, dFakeMean: 0.5 - s / 3000, dGradNorm: 0.2 + s / 500, gGradNorm: 0.05 + s / 100,
    criticEstimate: 0.01 * s, penalty: 0, lipschitzEstimate: 0.3 + s / 90, dSteps: 1, stepMs: 3,
  }) as StepRecord;
const steps = Array.from({ length: 40 }, (_, i) => step(i + 1));
const evals: EvalRecord[] = [20, 40].map((s) => ({
  type: 'eval', step: s, samples: 100, modes: { modesCaptured: s / 5, totalModes: 8, highQualityFraction: s / 50, reverseKL: 0.5 - s / 100, modeCounts: [] },
  w1: 1 - s / 50, w1Method: 'exact matching, 100 vs 100 samples', fakeMean: [0, 0], fakeStd: [1, 1],
}));
const theory: TheoryRecord[] = [20, 40].map((s) => ({
  type: 'theory', step: s, valueDG: -1.3 - s / 1000, valueAtOptimum: -1.2 - s / 500, minusLog4Plus2JS: -1.2 - s / 500, js: 0.1 - s / 1000, meanAbsDStarError: 0.2 - s / 400,
  w1: 0.5 - s / 200, w1Method: 'from the cdfs', criticEstimate: 0.4 - s / 300, lipschitzEstimate: 1.1, generatorDensity: 'exact',
}));
const images: ImageTrackRecord[] = [20, 40].map((s) => ({
  type: 'images', step: s, samples: 100, testImages: 200, frechetDistance: 50 - s, classifierScore: 2 + s / 10, classesCovered: 3 + s / 10, classKL: 1 - s / 100, precision: 0.3 + s / 200, recall: 0.2 + s / 300, labelAccuracy: 0.4 + s / 100,
}));

/** The panel whose title starts with `prefix`. */
function panel(panels: readonly CurvePanel[], prefix: string): CurvePanel {
  const p = panels.find((x) => x.title.startsWith(prefix));
  assert.ok(p !== undefined, `no panel "${prefix}…" among: ${panels.map((x) => x.title).join(' | ')}`);
  return p;
}
/** The series `name` of a panel: its values and reference. */
function series(p: CurvePanel, name: string) {
  const s = p.series.find((x) => x.name === name);
  assert.ok(s !== undefined, `no series "${name}" in "${p.title}": ${p.series.map((x) => x.name).join(', ')}`);
  return s;
}
const pairs = (s: { values: { step: number; value: number }[] }) => s.values.map((v) => [v.step, v.value]);
const near = (got: number | undefined, want: number, what: string, tol = 1e-12) => assert.ok(got !== undefined && Math.abs(got - want) <= tol, `${what}: ${got}, want ${want}`);

describe('curvesPanels (curves.png)', () => {
  const panels = curvesPanels(steps, evals, [...theory, ...images]);

  it('losses, V(D, G) with its reference line at −log 4 (E6), mean D, gradient norms on a log axis: the step records\' values', () => {
    assert.deepEqual(pairs(series(panel(panels, 'Losses'), 'D loss')), steps.map((r) => [r.step, r.dLoss]));
    assert.deepEqual(pairs(series(panel(panels, 'Losses'), 'G loss')), steps.map((r) => [r.step, r.gLoss]));
    const v = series(panel(panels, 'V(D, G) = E[log D(x)]'), 'V(D, G)');
    assert.deepEqual(pairs(v), steps.map((r) => [r.step, r.value]));
    near(v.reference?.value, -2 * Math.LN2, 'V(D, G) reference');
    assert.match(v.reference!.label, /−log 4/);
    const meanD = panel(panels, 'Mean D');
    assert.deepEqual(pairs(series(meanD, 'D(x) real')), steps.map((r) => [r.step, r.dRealMean]));
    assert.deepEqual(pairs(series(meanD, 'D(G(z)) fake')), steps.map((r) => [r.step, r.dFakeMean]));
    const norms = panel(panels, 'Gradient norms');
    assert.equal(norms.logY, true);
    assert.deepEqual(pairs(series(norms, '‖∇D‖')), steps.map((r) => [r.step, r.dGradNorm]));
    assert.deepEqual(pairs(series(norms, '‖∇G‖')), steps.map((r) => [r.step, r.gGradNorm]));
  });

  it('the evaluations: modes captured against a line at the number of modes, % high quality (×100), W1', () => {
    const modes = panel(panels, 'Modes captured (of 8)');
    // In % of the modes, so that the count shares the axis with % high quality instead of lying flat at its bottom.
    const captured = series(modes, 'modes captured (% of 8)');
    assert.deepEqual(pairs(captured), [[20, 50], [40, 100]]);
    assert.equal(captured.reference?.value, 100);
    assert.equal(captured.reference?.label, 'all 8 modes');
    assert.equal(modes.yLabel, '%');
    assert.deepEqual(pairs(series(modes, '% high quality')), [[20, 40], [40, 80]]);
    assert.deepEqual(pairs(series(panel(panels, 'W1(data, generator)'), 'W1')), evals.map((e) => [e.step, e.w1!]));
    assert.ok(panel(panels, 'W1(data, generator)').title.includes('exact matching, 100 vs 100 samples'));
  });

  it('the Lipschitz estimate on a log axis against 1; the theory records against −log 4; the image metrics against 10 classes', () => {
    const lip = panel(panels, 'Empirical Lipschitz constant');
    assert.equal(lip.logY, true);
    assert.deepEqual(pairs(series(lip, 'max ‖∇ₓf‖')), steps.map((r) => [r.step, r.lipschitzEstimate]));
    assert.equal(series(lip, 'max ‖∇ₓf‖').reference?.value, 1);
    const th = panel(panels, 'V(D, G) vs −log 4 + 2·JS');
    assert.deepEqual(pairs(series(th, 'V(D, G), trained D')), theory.map((r) => [r.step, r.valueDG]));
    const opt = series(th, '−log 4 + 2·JS = V(D*, G)');
    assert.deepEqual(pairs(opt), theory.map((r) => [r.step, r.minusLog4Plus2JS]));
    near(opt.reference?.value, -Math.log(4), 'theory reference');
    assert.deepEqual(pairs(series(panel(panels, 'mean |D − D*|'), 'mean |D − D*|')), theory.map((r) => [r.step, r.meanAbsDStarError]));
    const score = series(panel(panels, 'Images: classifier score'), 'classifier score');
    assert.deepEqual(pairs(score), images.map((r) => [r.step, r.classifierScore]));
    assert.equal(score.reference?.value, 10);
    assert.deepEqual(pairs(series(panel(panels, 'Images: classifier score'), 'classes covered')), images.map((r) => [r.step, r.classesCovered]));
    assert.equal(panel(panels, 'Images: Fréchet distance').logY, true);
    assert.deepEqual(pairs(series(panel(panels, 'Images: Fréchet distance'), 'Fréchet distance')), images.map((r) => [r.step, r.frechetDistance]));
    const pr = panel(panels, 'Images: precision and recall');
    assert.deepEqual(pairs(series(pr, 'precision')), images.map((r) => [r.step, r.precision]));
    assert.deepEqual(pairs(series(pr, 'recall')), images.map((r) => [r.step, r.recall]));
    assert.deepEqual(pairs(series(pr, 'label accuracy')), images.map((r) => [r.step, r.labelAccuracy!]));
  });

  it('a critic\'s run: its estimate beside W1 (the theory records\' when there are any, else the evaluations\'); no critic panel for a GAN', () => {
    const criticSteps = steps.map((r) => step(r.step, true));
    const critic = createObjective('wgan').properties; // the panels follow the run's objective (issue #23: no record-term checks)
    const withTheory = panel(curvesPanels(criticSteps, evals, theory, critic), "Critic's estimate");
    assert.deepEqual(pairs(series(withTheory, 'critic estimate (batch)')), criticSteps.map((r) => [r.step, r.criticEstimate]));
    assert.deepEqual(pairs(series(withTheory, 'W1 (from the cdfs)')), theory.map((r) => [r.step, r.w1!]));
    const withEvals = panel(curvesPanels(criticSteps, evals, [], critic), "Critic's estimate");
    assert.deepEqual(pairs(series(withEvals, 'W1 (exact matching, 100 vs 100 samples)')), evals.map((e) => [e.step, e.w1!]));
    assert.ok(!panels.some((p) => p.title.startsWith("Critic's estimate")));
  });

  it('every panel names its y axis (issue #22: curves.png had no y-axis labels)', () => {
    for (const p of panels) assert.ok(typeof p.yLabel === 'string' && p.yLabel.length > 0, `${p.title}: y label`);
  });

  it('a Lipschitz estimate on every 10th step of a long run keeps its points (filtered, then thinned)', () => {
    const long = Array.from({ length: 16000 }, (_, i) => ({ ...step(i + 1), lipschitzEstimate: (i + 1) % 10 === 0 ? 0.5 : undefined }));
    const values = series(panel(curvesPanels(long, []), 'Empirical Lipschitz constant'), 'max ‖∇ₓf‖').values;
    assert.ok(values.length >= 590 && values.length <= 601, `${values.length} points`);
    assert.equal(values[values.length - 1].step, 16000);
  });

  it('only the panels there are records for; long runs thinned to ~600 evenly spaced steps, the last one kept', () => {
    const plain = curvesPanels(steps.map((r) => ({ ...r, lipschitzEstimate: undefined })), []);
    assert.deepEqual(plain.map((p) => p.title.split(' ')[0]), ['Losses', 'V(D,', 'Mean', 'Gradient']);
    const long = Array.from({ length: 1500 }, (_, i) => step(i + 1));
    const values = series(panel(curvesPanels(long, []), 'Losses'), 'D loss').values;
    assert.equal(values.length, 601);
    assert.equal(values[0].step, 1);
    assert.equal(values[values.length - 1].step, 1500);
    assert.deepEqual(values.slice(0, 4).map((v) => v.step), [1, 3, 6, 8], 'stride 1500/600 = 2.5');
  });

  it('renders (curves.png)', async () => {
    assertLooksLikePlot(decodePng(await curvesPlot(steps, evals, 'a run', [...theory, ...images])));
  });
});

const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));
const logit2 = (x: number, y: number) => 3 * x - 2 * y + 0.5;
const logit1 = (x: number) => 2 * x - 1;
/** A stand-in for the trainer whose D has the logit 3x₁ − 2x₂ + ½ (2-D) or 2x − 1 (1-D). */
function trainerWith(dim: 1 | 2, pack = 1): PlottedTrainer {
  return {
    config: resolveConfig({ seed: 9, pack, batchSize: 16 }),
    judgesSinglePoints: pack === 1,
    discriminatorLogits(points: Float64Array): Float64Array {
      return dim === 2 ? Float64Array.from({ length: points.length / 2 }, (_, k) => logit2(points[2 * k], points[2 * k + 1])) : points.map(logit1);
    },
  } as PlottedTrainer;
}
/** The real points samples.png shows: as many as the generated ones, from the stream "plot:real" of the seed. */
const realOf = (d: Dataset, n: number) => d.sample(createRng(deriveSeed(9, 'plot:real')), n);

describe('samplesBox and samplesPicture (samples.png)', () => {
  it('samplesBox: the finite range of both sets, widened by 10 % of the span each side (closed forms)', () => {
    const box = samplesBox(Float64Array.from([0, 5, 10, -5]), Float64Array.from([2, NaN, Infinity, 1]), 2);
    near(box.low[0], -1, 'x low');
    near(box.high[0], 11, 'x high');
    near(box.low[1], -6, 'y low');
    near(box.high[1], 6, 'y high');
    const flat = samplesBox(Float64Array.from([3]), Float64Array.from([3]), 1);
    near(flat.low[0], 3 - 1e-4, 'constant: 10 % of 1e-3', 1e-15);
    near(flat.high[0], 3 + 1e-4, 'constant', 1e-15);
  });

  it('2-D: the real and generated points over D(x) = sigmoid(logit) at the centres of an 80 × 80 grid on the box', () => {
    const ring = distributionFromSpec('ring8');
    const fake = createRng(3).fillUniform(new Float64Array(2 * 150), -0.5, 0.5);
    const p = samplesPicture(trainerWith(2), ring, fake, 17) as Extract<Picture, { kind: 'scatter2d' }>;
    assert.equal(p.kind, 'scatter2d');
    const real = realOf(ring, 150);
    assert.deepEqual(Array.from(p.input.real), Array.from(real));
    assert.equal(p.input.fake, fake);
    const box = samplesBox(real, fake, 2);
    const f = p.input.field!;
    assert.deepEqual([f.xMin, f.xMax, f.yMin, f.yMax, f.nx, f.ny, f.label, f.domain], [box.low[0], box.high[0], box.low[1], box.high[1], 80, 80, 'D(x)', [0, 1]]);
    // The real points span the ring (radius 1, σ = 0.01), so the box is [−1.2, 1.2]² (1 + 10 % of 2) up to the noise.
    for (const [v, want] of [[f.xMin, -1.2], [f.xMax, 1.2], [f.yMin, -1.2], [f.yMax, 1.2]]) assert.ok(Math.abs(v - want) < 0.06, `box edge ${v}, want ≈ ${want}`);
    const dx = (f.xMax - f.xMin) / 80;
    const dy = (f.yMax - f.yMin) / 80;
    for (const [i, j] of [[0, 0], [79, 0], [0, 79], [40, 13], [79, 79]]) {
      near(f.values[j * 80 + i], sigmoid(logit2(f.xMin + (i + 0.5) * dx, f.yMin + (j + 0.5) * dy)), `D at cell (${i}, ${j})`, 1e-12);
    }
    assert.match(p.input.title!, /ring8.*over D\(x\), step 17/);
  });

  it('2-D with a packed D (PacGAN): the points alone, no D(x) field', () => {
    const p = samplesPicture(trainerWith(2, 2), distributionFromSpec('ring8'), new Float64Array(40), 3) as Extract<Picture, { kind: 'scatter2d' }>;
    assert.equal(p.kind, 'scatter2d');
    assert.equal(p.input.field, undefined);
    assert.match(p.input.title!, /D packs 2 samples: no D\(x\) field/);
  });

  it('1-D: the data density (left axis) and D(x) (right axis) at 400 points across the box, over histograms of real and generated samples', () => {
    const normal = distributionFromSpec('normal');
    const fake = Float64Array.from({ length: 300 }, (_, i) => 1 + i / 100);
    const p = samplesPicture(trainerWith(1), normal, fake, 5) as Extract<Picture, { kind: 'density1d' }>;
    assert.equal(p.kind, 'density1d');
    const real = realOf(normal, 300);
    const box = samplesBox(real, fake, 1);
    const [density, d] = p.input.curves;
    assert.deepEqual([density.name, density.axis, d.name, d.axis], ['p_r (data density)', 'left', 'D(x)', 'right']);
    assert.equal(d.x.length, 400);
    near(d.x[0], box.low[0], 'x from the box low end', 0);
    near(d.x[399], box.high[0], 'to the high end', 1e-12);
    for (const i of [0, 123, 399]) {
      const x = d.x[i];
      near(density.y[i], Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI), `p_r(${x})`, 1e-12);
      near(d.y[i], sigmoid(logit1(x)), `D(${x})`, 1e-12);
    }
    assert.deepEqual(p.input.histograms!.map((h) => [h.name, Array.from(h.samples).length]), [['real samples', 300], ['generated samples', 300]]);
    assert.deepEqual(Array.from(p.input.histograms![0].samples), Array.from(real));
  });

  it('1-D data without a density: D(x) alone; a packed D: the density alone', () => {
    const points: Dataset = { dim: 1, label: 'points', sample: (rng: Rng, n: number) => rng.fillUniform(new Float64Array(n)) };
    const p = samplesPicture(trainerWith(1), points, new Float64Array(10), 1) as Extract<Picture, { kind: 'density1d' }>;
    assert.deepEqual(p.input.curves.map((c) => c.name), ['D(x)']);
    const q = samplesPicture(trainerWith(1, 2), distributionFromSpec('normal'), new Float64Array(10), 1) as Extract<Picture, { kind: 'density1d' }>;
    assert.deepEqual(q.input.curves.map((c) => c.name), ['p_r (data density)']);
  });

  it('images: a grid of the first 100 generated images, 10 a row; other dimensions: no picture', () => {
    const images = new ImageDataset('tiny', new Uint8Array(16 * 2), 4, 4, 1);
    const fake = Float64Array.from({ length: 16 * 120 }, (_, i) => i);
    const p = samplesPicture(trainerWith(2), images, fake, 1) as Extract<Picture, { kind: 'images' }>;
    assert.equal(p.kind, 'images');
    assert.equal(p.input.images.length, 1600);
    assert.equal(p.input.images[1599], 1599);
    assert.deepEqual([p.input.height, p.input.width, p.input.channels, p.input.columns], [4, 4, 1, 10]);
    assert.equal(samplesPicture(trainerWith(2), distributionFromSpec({ type: 'normal', mean: [0, 0, 0], std: [1, 1, 1] }), new Float64Array(30), 1), undefined);
  });

  it('renders (samples.png, 2-D over D(x))', async () => {
    const p = samplesPicture(trainerWith(2), distributionFromSpec('ring8'), createRng(3).fillUniform(new Float64Array(200), -1, 1), 2)!;
    assertLooksLikePlot(decodePng(await renderPicture(p)), { minWidth: 400 });
  });
});
