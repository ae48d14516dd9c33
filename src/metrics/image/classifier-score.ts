/**
 * The classifier score: the Inception score (Salimans et al. 2016, "Improved techniques for training
 * GANs", arXiv 1606.03498, §4) with an MNIST classifier in place of Inception-v3.
 */

/**
 * exp(E_x KL(p(y|x) ‖ p(y))) for n rows of class probabilities p(y|x) (row-major n × classes, each
 * row non-negative and summing to 1), with p(y) = the mean row. In [1, classes]: 1 when every x
 * gets the same distribution, `classes` (10 for digits) when each x is classified with certainty
 * and the classes are used equally. Terms with p(y|x) = 0 contribute 0 (0·log 0 = 0); natural logs.
 * Deviation: one split over all samples (the paper averages exp(·) over 10 splits of 5,000).
 */
export function classifierScore(probs: ArrayLike<number>, classes: number): number {
  const n = probs.length / classes;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`classifierScore: ${probs.length} values are not rows of ${classes} probabilities`);
  const marginal = new Float64Array(classes);
  for (let i = 0; i < n; i++) for (let c = 0; c < classes; c++) marginal[c] += probs[i * classes + c];
  for (let c = 0; c < classes; c++) marginal[c] /= n;
  let kl = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) {
      const p = probs[i * classes + c];
      if (p > 0) kl += p * Math.log(p / marginal[c]);
    }
  }
  return Math.exp(kl / n);
}
