/**
 * What a sweep's jobs can measure on their final generator, and the columns each adds to the sweep's
 * table. The computations are in src/node/sweep/measure-run.ts (the image measures need the MNIST
 * classifier from disk); the protocols are those of `tsgan benchmark` and `tsgan eval`.
 */

/**
 * - `modes`: the PacGAN protocol of `tsgan benchmark modes` (2,500 samples, 3σ): modes captured, % high
 *   quality, reverse KL — the same numbers as that benchmark's seed.
 * - `w1`: W1 between the data and the generator as `tsgan eval` computes it (the run's snapshot draws).
 * - `images`: the classifier metrics of `tsgan eval` on 10,000 MNIST samples (no Parzen window).
 * - `stacked`: the Stacked MNIST protocol of `tsgan benchmark stacked-mnist` (26,000 samples).
 */
export const MEASURE_NAMES = ['modes', 'w1', 'images', 'stacked'] as const;
export type MeasureName = (typeof MEASURE_NAMES)[number];

/** A column of a sweep's table: the metric's key in a job's result, its heading and decimals. */
export interface MetricColumn {
  readonly key: string;
  readonly heading: string;
  readonly digits: number;
}

/** The columns of each measure, in table order. */
export const MEASURE_COLUMNS: Readonly<Record<MeasureName, readonly MetricColumn[]>> = {
  modes: [
    { key: 'modesCaptured', heading: 'modes', digits: 2 },
    { key: 'highQualityPercent', heading: 'high quality %', digits: 1 },
    { key: 'reverseKL', heading: 'reverse KL', digits: 3 },
  ],
  w1: [{ key: 'w1', heading: 'W1', digits: 4 }],
  images: [
    { key: 'classifierScore', heading: 'classifier score', digits: 3 },
    { key: 'frechetDistance', heading: 'Fréchet distance', digits: 2 },
    { key: 'classesCovered', heading: 'classes', digits: 2 },
    { key: 'classKL', heading: 'class KL', digits: 3 },
    { key: 'precision', heading: 'precision', digits: 3 },
    { key: 'recall', heading: 'recall', digits: 3 },
  ],
  stacked: [
    { key: 'modes', heading: 'modes (of 1000)', digits: 1 },
    { key: 'klUniform', heading: 'KL to uniform', digits: 3 },
    { key: 'klTraining', heading: 'KL to training labels', digits: 3 },
  ],
};
