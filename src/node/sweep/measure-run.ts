/**
 * The measures of a sweep's job (src/sweep/measure-names.ts), computed on a trained run loaded from its
 * folder. Each uses the protocol of the command it is named after, so a job's numbers are that
 * command's: `modes` is `tsgan benchmark modes`'s seed, `w1` is `tsgan eval`'s W1, `images` are `tsgan
 * eval`'s classifier metrics (10,000 samples, no Parzen window), `stacked` is `tsgan benchmark
 * stacked-mnist`'s seed.
 */
import {
  createRng,
  deriveSeed,
  evaluateSamples,
  hasDensity,
  hasModeLabels,
  imageMetrics,
  modesBenchmarkMetrics,
  stackedGeneratorModes,
  STACKED_BENCHMARK_SAMPLES,
  type Dataset,
  type Distribution,
  type MeasureName,
} from '../../index.js';
import { classifierToUse, loadClassifierModel } from '../image-metrics/classifier-cache.js';
import { isMnistLike } from '../image-metrics/image-tracker.js';
import { mnistDataset } from '../data/idx-files.js';
import type { LoadedRun } from '../run/load-run.js';

/** Generated images the `images` measure scores (what `tsgan eval` draws on MNIST runs). */
export const IMAGE_MEASURE_SAMPLES = 10_000;

/** Fewer images than the protocols' (10,000 samples against all 10,000 test digits; 26,000 Stacked MNIST samples): tests' shortcut. */
export interface MeasureScale {
  readonly samples?: number;
  readonly testImages?: number;
}

/** A measure: whether it applies to a data set (else why not) and how it is computed. */
interface Measure {
  /** Undefined when it applies to `dataset`; else the reason, for a one-line error. */
  problem(dataset: Dataset): string | undefined;
  /** `scale`: fewer images than the protocols' (the image measures; a test's shortcut). */
  compute(run: LoadedRun, seed: number, scale: MeasureScale): Record<string, number>;
}

const MEASURES: Readonly<Record<MeasureName, Measure>> = {
  modes: {
    problem: (d) => (hasDensity(d) && d.modes !== undefined ? undefined : `${d.label} is not a mixture of Gaussian modes (ring8, grid25, a mixture spec)`),
    compute: (run, seed) => ({ ...modesBenchmarkMetrics(run.trainer, run.dataset as Distribution, seed) }),
  },
  w1: {
    problem: (d) => (d.dim <= 2 ? undefined : `${d.label} has ${d.dim} dimensions: tsgan estimates W1 on 1-D and 2-D data only`),
    compute(run, seed) {
      const fake = run.trainer.sample(run.config.snapshotSamples, createRng(deriveSeed(seed, 'snapshot')));
      const ev = evaluateSamples(run.dataset, fake, run.trainer.step, createRng(deriveSeed(seed, `eval:${run.trainer.step}`)));
      if (ev.w1 === undefined) throw new Error(`W1 was not estimated for ${run.dataset.label}`);
      return { w1: ev.w1 };
    },
  },
  images: {
    problem: (d) => (isMnistLike(d) && !hasModeLabels(d) ? undefined : `${d.label} is not 28×28 grey images (MNIST)`),
    compute(run, seed, { samples = IMAGE_MEASURE_SAMPLES, testImages }) {
      const { model } = loadClassifierModel(classifierToUse(undefined).path);
      try {
        const fake = run.trainer.sample(samples, createRng(deriveSeed(seed, 'snapshot')));
        const labels = run.trainer.sampleLabels(samples);
        const m = imageMetrics(model, fake, mnistDataset('test'), mnistDataset('train'), { ...(labels === undefined ? {} : { labels }), ...(testImages === undefined ? {} : { testCount: testImages }), parzen: false });
        return { classifierScore: m.classifierScore, frechetDistance: m.frechetDistance, classesCovered: m.coverage.classesCovered, classKL: m.coverage.klFromUniform, precision: m.precision, recall: m.recall };
      } finally {
        model.dispose();
      }
    },
  },
  stacked: {
    problem: (d) => (hasModeLabels(d) ? undefined : `${d.label} is not Stacked MNIST`),
    compute(run, seed, { samples = STACKED_BENCHMARK_SAMPLES }) {
      if (!hasModeLabels(run.dataset)) throw new Error(`${run.dataset.label} is not Stacked MNIST`);
      const { model } = loadClassifierModel(classifierToUse(undefined).path);
      try {
        const m = stackedGeneratorModes(run.trainer, run.dataset, model, samples, seed);
        return { modes: m.modes, totalModes: run.dataset.modeCount, klUniform: m.klUniform, klTraining: m.klTraining ?? NaN, samples: m.samples };
      } finally {
        model.dispose();
      }
    },
  },
};

/** The measures a sweep on `dataset` takes when its file names none. */
export function defaultMeasures(dataset: Dataset): MeasureName[] {
  if (hasModeLabels(dataset)) return ['stacked'];
  if (isMnistLike(dataset)) return ['images'];
  if (hasDensity(dataset) && dataset.modes !== undefined) return ['modes', 'w1'];
  return dataset.dim <= 2 ? ['w1'] : [];
}

/** Undefined when every measure of `names` applies to `dataset`; else the first problem, as `measure NAME: why`. */
export function measureProblem(names: readonly MeasureName[], dataset: Dataset): string | undefined {
  for (const n of names) {
    const p = MEASURES[n].problem(dataset);
    if (p !== undefined) return `measure "${n}": ${p}`;
  }
  return undefined;
}

/**
 * Every measure of `names` on `run`'s final generator, with the job's `seed`: the metrics by their keys.
 * `scale` makes the image measures draw fewer images than their protocols (tests do).
 */
export function measureRun(run: LoadedRun, names: readonly MeasureName[], seed: number, scale: MeasureScale = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of names) Object.assign(out, MEASURES[n].compute(run, seed, scale));
  return out;
}
