/**
 * Gauss–Legendre quadrature nodes and weights, used for the spiral's exact density.
 */

/** Nodes xᵢ (ascending) and weights wᵢ of the m-point rule on [−1, 1]. */
export interface GaussLegendreRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/** P_m(x) and P_m'(x) by the recurrence (k+1) P_{k+1} = (2k+1) x P_k − k P_{k−1}; x in (−1, 1). */
function legendre(m: number, x: number): { value: number; derivative: number } {
  let p0 = 1;
  let p1 = x;
  for (let k = 1; k < m; k++) {
    const p2 = ((2 * k + 1) * x * p1 - k * p0) / (k + 1);
    p0 = p1;
    p1 = p2;
  }
  return { value: p1, derivative: m === 1 ? 1 : (m * (x * p1 - p0)) / (x * x - 1) };
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
    for (let iter = 0; iter < 100; iter++) {
      const { value, derivative } = legendre(m, x);
      const dx = value / derivative;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    // P_m' at the converged root, for the weight.
    const dp = legendre(m, x).derivative;
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[i] = -x;
    nodes[m - 1 - i] = x;
    weights[i] = w;
    weights[m - 1 - i] = w;
  }
  if (m % 2 === 1) nodes[(m - 1) / 2] = 0;
  return { nodes, weights };
}
