/**
 * Label accuracy of a class-conditional generator: how often a classifier reads the digit a sample
 * was generated for (the "discriminability" measure of AC-GAN, Odena, Olah & Shlens 2017, §4.1, with
 * tsgan's MNIST classifier in place of Inception). The class histogram (./class-coverage.ts) cannot
 * see whether G honours its label: a generator that ignores the label but draws every digit equally
 * often covers 10 of 10 classes with KL 0, and has label accuracy 0.1.
 */

export interface LabelAccuracy {
  /** Fraction of samples whose predicted class is the label they were generated with, in [0, 1]. */
  readonly accuracy: number;
  /** The same per label c (samples generated with label c); NaN for a label no sample has. */
  readonly perClass: number[];
}

/**
 * The label accuracy of n samples: `predicted[i]` is the classifier's class of sample i and
 * `labels[i]` the class it was generated with, both integers in 0 … classes − 1. 1 when the
 * classifier agrees with every label; 1/classes for a generator that ignores its labels (with the
 * labels spread evenly), 0 when it never draws the asked digit.
 */
export function labelAccuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>, classes: number): LabelAccuracy {
  const n = predicted.length;
  if (n < 1) throw new RangeError('labelAccuracy needs at least one sample');
  if (labels.length !== n) throw new RangeError(`labelAccuracy: ${labels.length} labels for ${n} predictions`);
  const total = new Array<number>(classes).fill(0);
  const right = new Array<number>(classes).fill(0);
  for (let i = 0; i < n; i++) {
    const [p, l] = [predicted[i], labels[i]];
    for (const c of [p, l]) {
      if (!Number.isInteger(c) || c < 0 || c >= classes) throw new RangeError(`labelAccuracy: ${c} is not a class in 0…${classes - 1}`);
    }
    total[l]++;
    if (p === l) right[l]++;
  }
  return {
    accuracy: right.reduce((a, b) => a + b, 0) / n,
    perClass: total.map((t, c) => (t === 0 ? Number.NaN : right[c] / t)),
  };
}
