/**
 * Theory tracking during training: at a snapshot, the current discriminator D and generator G are
 * compared with what the theory says for this very G (E3–E6, E8), exactly where possible.
 */
import type { Dataset, Distribution } from '../data/distribution.js';
import { hasDensity } from '../data/distribution.js';
import { wasserstein1D, wassersteinExactSamples, type PairIntegralOptions } from '../theory/index.js';
import { createRng, deriveSeed } from '../random/rng.js';
import { criticAtSamples } from './critic-estimate.js';
import type { SnapshotRecord } from '../training/records.js';
import type { GanTrainer } from '../training/trainer.js';
import { compareWithOptimal, unionBox } from './compare-discriminator.js';
import { generatorModel, type GeneratorModel } from './generator-model.js';
import { tabulateLogits, type LogitGrid } from './logit-grid.js';
import { mlpLogits } from './mlp-logits.js';
import type { TheoryRecord } from './theory-record.js';

/** Why theory tracking cannot run on this data set (or with a D that packs `pack` samples), or undefined when it can. */
export function theoryTrackingProblem(dataset: Dataset, pack = 1): string | undefined {
  if (pack > 1) return `a packed discriminator (pack ${pack}) judges ${pack} samples at once, so D(x) and D*(x) of one point cannot be compared: train with --pack 1 (the ring8 recipe packs 2)`;
  if (!hasDensity(dataset)) return `${dataset.label} has no known density (it is a file of points); theory tracking needs a distribution given by name or JSON spec`;
  if (dataset.dim !== 1 && dataset.dim !== 2) return `${dataset.label} is ${dataset.dim}-D; theory tracking needs 1-D or 2-D data`;
  return undefined;
}

/**
 * Quadrature tolerances with a kernel density estimate or in 2-D (each evaluation of an estimate
 * from n samples costs n kernels, and the estimate's own error is far larger than these).
 */
/** Samples per side of the exact-matching W1 in 2-D (the Hungarian method is O(n³)). */
const W1_SAMPLES_2D = 500;

const LOOSE_TOLERANCES: PairIntegralOptions = { absTol: 1e-7, relTol: 1e-5 };

/**
 * The {@link TheoryRecord} of the trainer's current D and G at `step`, against the data's exact
 * density p_r (E1–E6, E8):
 * - P_g: exact from the network when possible, else a kernel density estimate of `fake` (the
 *   snapshot's generated samples), see generatorModel;
 * - valueDG = V(D, G) of the current D, meanAbsDStarError = E_M|D − D*|, valueAtOptimum
 *   (= V(D*, G), integrated from its own formula), js and minusLog4Plus2JS: compareWithOptimal, in
 *   one quadrature pass, with D's logits tabulated on a grid (logit-grid.ts) through TF.js;
 * - w1: 1-D theory's wasserstein1D (exact); 2-D exact matching of 500 vs 500 samples;
 * - criticEstimate and lipschitzEstimate of D's logit f on the snapshot's samples and as many data
 *   samples (drawn from a stream seeded by the config's seed and the step): ./critic-estimate.ts.
 * By E3, valueDG ≤ valueAtOptimum for every D (up to quadrature and interpolation error), and by E5
 * valueAtOptimum = minusLog4Plus2JS. Domain: `data` 1-D or 2-D with a density; `fake` row-major.
 * Deviation: with a kernel estimate every quantity is of the estimate, not of P_g itself.
 */
export function theoryRecordFor(trainer: GanTrainer, data: Distribution, fake: Float64Array, step: number): TheoryRecord {
  return theoryAnalysis(trainer, data, fake, step).record;
}

/** {@link theoryRecordFor}'s record with what it was computed from: D's logit grid and P_g's model. */
export interface TheoryAnalysis {
  readonly record: TheoryRecord;
  readonly grid: LogitGrid;
  readonly generator: GeneratorModel;
}

/** {@link theoryRecordFor}, keeping the tabulated D and the generator's density (e.g. to draw them). */
export function theoryAnalysis(trainer: GanTrainer, data: Distribution, fake: Float64Array, step: number): TheoryAnalysis {
  const dim = data.dim;
  if (dim !== 1 && dim !== 2) throw new RangeError(`theory tracking needs 1-D or 2-D data, got ${dim}-D`);
  // D plays against the live generator: with an averaged one (config.generatorAverage), the
  // snapshot's samples are the average's, so the comparison draws the live G's own samples.
  if (trainer.average !== undefined) fake = trainer.sample(fake.length / dim, createRng(deriveSeed(trainer.config.seed, 'snapshot')), true);
  const g = generatorModel(trainer.generator, trainer.config, dim, fake);
  const grid = tabulateLogits(mlpLogits(trainer.discriminator), dim, unionBox(data, g.density));
  const loose = g.kind === 'kde' || dim === 2;
  const cmp = compareWithOptimal(grid, data, g.density, { withMax: false, ...(loose ? { quadrature: LOOSE_TOLERANCES } : {}) });
  const rng = createRng(deriveSeed(trainer.config.seed, `theory:${step}`));
  const n = fake.length / dim;
  const real = data.sample(rng, n);
  const critic = criticAtSamples(trainer.discriminator, real, fake, dim);
  const k = Math.min(W1_SAMPLES_2D, n);
  const w1 = dim === 1 ? wasserstein1D(data, g.density) : wassersteinExactSamples(fake.subarray(0, k * dim), real.subarray(0, k * dim), dim);
  const w1Method = dim === 1 ? 'exact, from the CDFs' : `exact matching, ${k} vs ${k} samples`;
  const record: TheoryRecord = {
    type: 'theory',
    step,
    valueDG: cmp.valueTrained,
    valueAtOptimum: cmp.valueAtOptimum,
    minusLog4Plus2JS: cmp.minusLog4Plus2JS,
    js: cmp.js,
    meanAbsDStarError: cmp.meanAbsError,
    w1,
    w1Method,
    criticEstimate: critic.criticEstimate,
    lipschitzEstimate: critic.lipschitzEstimate,
    generatorDensity: g.kind,
    ...(g.kdeSamples !== undefined ? { kdeSamples: g.kdeSamples } : {}),
    ...(g.atomMass !== undefined ? { atomMass: g.atomMass } : {}),
  };
  return { record, grid, generator: g };
}

/**
 * A snapshot analyzer for training (node/run/train-run.ts `analyzers`): at every snapshot, the
 * {@link TheoryRecord} of the current D and G on `data`. Throws RangeError when
 * {@link theoryTrackingProblem} finds one.
 */
export function theoryTracker(data: Dataset): (trainer: GanTrainer, snapshot: SnapshotRecord) => TheoryRecord {
  const problem = theoryTrackingProblem(data);
  if (problem !== undefined) throw new RangeError(problem);
  const dist = data as Distribution;
  return (trainer, snapshot) => theoryRecordFor(trainer, dist, snapshot.fake, snapshot.step);
}
