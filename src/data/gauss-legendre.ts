/**
 * Gauss–Legendre quadrature nodes and weights, used for the spiral's exact density.
 */

/** Nodes xᵢ (ascending) and weights wᵢ of the m-point rule on [−1, 1]. */
export interface GaussLegendreRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/**
 * The m-point Gauss–Legendre rule on [−1, 1]: Σ wᵢ f(xᵢ) = ∫₋₁¹ f exactly for polynomials of degree
 * ≤ 2m − 1. The nodes are the roots of the Legendre polynomial P_m, found by Newton's method from
 * the Tricomi initial guess cos(π(i − ¼)/(m + ½)); wᵢ = 2 / ((1 − xᵢ²) P_m′(xᵢ)²). Accurate to a few
 * ulps for m ≤ 100. m: an integer in [1, 100].
 */
export function gaussLegendre(m: number): GaussLegendreRule {
  if (!Number.isInteger(m) || m < 1 || m > 100) throw new RangeError(`gaussLegendre needs an integer m in [1, 100], got ${m}`);
  const nodes = new Float64Array(m);
  const weights = new Float64Array(m);
  for (let i = 0; i < Math.ceil(m / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (m + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      // Legendre recurrence: (k+1) P_{k+1} = (2k+1) x P_k − k P_{k−1}.
      let p0 = 1;
      let p1 = x;
      for (let k = 1; k < m; k++) {
        const p2 = ((2 * k + 1) * x * p1 - k * p0) / (k + 1);
        p0 = p1;
        p1 = p2;
      }
      const pm = m === 1 ? x : p1;
      const pm1 = m === 1 ? 1 : p0;
      dp = (m * (x * pm - pm1)) / (x * x - 1);
      const dx = pm / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    // Recompute P_m' at the converged root for the weight.
    let p0 = 1;
    let p1 = x;
    for (let k = 1; k < m; k++) {
      const p2 = ((2 * k + 1) * x * p1 - k * p0) / (k + 1);
      p0 = p1;
      p1 = p2;
    }
    dp = m === 1 ? 1 : (m * (x * p1 - p0)) / (x * x - 1);
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[i] = -x;
    nodes[m - 1 - i] = x;
    weights[i] = w;
    weights[m - 1 - i] = w;
  }
  if (m % 2 === 1) nodes[(m - 1) / 2] = 0;
  return { nodes, weights };
}
