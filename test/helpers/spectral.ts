/** Reference linear algebra for tests, in float64. */

/** The largest singular value of a row-major [rows, cols] matrix: power iteration on AᵀA to convergence. */
export function largestSingularValue(a: ArrayLike<number>, rows: number, cols: number, iterations = 3000): number {
  let x = Array.from({ length: cols }, (_, i) => 1 + 0.01 * i);
  let s = 0;
  for (let it = 0; it < iterations; it++) {
    const y = Array.from({ length: rows }, (_, r) => x.reduce((acc, xv, c) => acc + a[r * cols + c] * xv, 0));
    const z = Array.from({ length: cols }, (_, c) => y.reduce((acc, yv, r) => acc + a[r * cols + c] * yv, 0));
    const nz = Math.hypot(...z);
    x = z.map((v) => v / nz);
    s = Math.sqrt(nz);
  }
  return s;
}
