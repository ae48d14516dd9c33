/**
 * Which digit classes a generator produces, by the classifier's predictions: the class histogram,
 * how many classes it covers, and its KL divergence from the uniform distribution (the reverse-KL
 * mode metric of PacGAN, Lin et al. 2018, §5, applied to classes instead of mixture modes).
 */

export interface ClassCoverage {
  /** Fraction of samples predicted as each class (sums to 1). */
  readonly histogram: number[];
  /** Classes with at least `threshold` of the samples. */
  readonly classesCovered: number;
  readonly threshold: number;
  /** KL(histogram ‖ uniform) = Σ_c h_c log(h_c · classes), nats, in [0, log classes]; 0 iff uniform. */
  readonly klFromUniform: number;
}

/**
 * The coverage of n predicted class labels (integers in 0 … classes − 1): a class counts as covered
 * when at least `threshold` (default 1 %) of the samples are predicted as it. KL(h ‖ uniform) is
 * log(classes) when all samples fall in one class, 0 when every class gets 1/classes.
 */
export function classCoverage(predicted: ArrayLike<number>, classes: number, threshold = 0.01): ClassCoverage {
  const n = predicted.length;
  if (n < 1) throw new RangeError('classCoverage needs at least one prediction');
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < n; i++) {
    const c = predicted[i];
    if (!Number.isInteger(c) || c < 0 || c >= classes) throw new RangeError(`classCoverage: label ${c} is not a class in 0…${classes - 1}`);
    counts[c]++;
  }
  const histogram = counts.map((c) => c / n);
  let kl = 0;
  for (const h of histogram) if (h > 0) kl += h * Math.log(h * classes);
  return { histogram, classesCovered: histogram.filter((h) => h >= threshold).length, threshold, klFromUniform: kl };
}
