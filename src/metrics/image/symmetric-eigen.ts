/**
 * Eigendecomposition of a real symmetric matrix by the cyclic Jacobi method, in float64, and the
 * square root of a symmetric positive semi-definite matrix built from it (the matrix square roots
 * of the Fréchet distance).
 *
 * Jacobi (Golub & Van Loan, Matrix Computations, §8.5): sweep over every off-diagonal pair (p, q)
 * and zero a_pq with a plane rotation J, A ← Jᵀ A J, V ← V J, until the off-diagonal part's
 * Frobenius norm is below 1e-13 of A's (or 100 sweeps): by Weyl's inequality every eigenvalue is
 * then within 1e-13·‖A‖_F of the exact one. It is slower than QR for large matrices, O(n³) per sweep and
 * 6–10 sweeps, but simple, accurate to a few ulps of ‖A‖ for every eigenvalue, including tiny
 * ones, and fast enough for the 128 × 128 covariances here (~0.1 s).
 */

/** A = V · diag(values) · Vᵀ; `vectors` is row-major n × n with the eigenvectors as columns. */
export interface SymmetricEigen {
  readonly values: Float64Array;
  readonly vectors: Float64Array;
}

/**
 * The eigenvalues (unsorted) and orthonormal eigenvectors of the symmetric n × n matrix `a`
 * (row-major; only symmetric input is meaningful, the upper and lower triangles must agree).
 * `a` is not modified.
 */
export function symmetricEigen(a: ArrayLike<number>, n: number): SymmetricEigen {
  if (a.length !== n * n) throw new RangeError(`symmetricEigen: ${a.length} values are not an ${n} × ${n} matrix`);
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (let i = 0; i < n * n; i++) total += m[i] * m[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += 2 * m[p * n + q] * m[p * n + q];
    if (off <= 1e-26 * total) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        // The rotation angle θ that zeroes a_pq: cot 2θ = (a_qq − a_pp)/(2 a_pq); t = tan θ is the
        // smaller root of t² + 2t·cot 2θ − 1 = 0 (|θ| ≤ π/4, so the rotation is stable).
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < n; r++) {
          const arp = m[r * n + p];
          const arq = m[r * n + q];
          m[r * n + p] = c * arp - s * arq;
          m[r * n + q] = s * arp + c * arq;
        }
        for (let r = 0; r < n; r++) {
          const apr = m[p * n + r];
          const aqr = m[q * n + r];
          m[p * n + r] = c * apr - s * aqr;
          m[q * n + r] = s * apr + c * aqr;
        }
        m[p * n + q] = 0;
        m[q * n + p] = 0;
        for (let r = 0; r < n; r++) {
          const vrp = v[r * n + p];
          const vrq = v[r * n + q];
          v[r * n + p] = c * vrp - s * vrq;
          v[r * n + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = m[i * n + i];
  return { values, vectors: v };
}

/**
 * The symmetric positive semi-definite square root S of the symmetric PSD n × n matrix `a`
 * (S·S = A, row-major): V · diag(√max(λ, 0)) · Vᵀ. Eigenvalues that rounding made slightly
 * negative are taken as 0.
 */
export function symmetricSqrt(a: ArrayLike<number>, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, n);
  const root = values.map((l) => Math.sqrt(Math.max(l, 0)));
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += vectors[i * n + k] * root[k] * vectors[j * n + k];
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}
