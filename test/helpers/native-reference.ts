/**
 * A float64 reference for the native matrix product (native/cpu/gemm.h) and the error measure the
 * native tests use against it.
 *
 * C = act(op(A)·op(B) + bias), computed in float64 from the float32 inputs. With it, the scale each value
 * is rounded at: Σ_k |op(A)[i,k]·op(B)[k,j]| + |bias_j| (a float32 sum of K terms in any order is within
 * about K·2⁻²⁴ of that scale, whatever cancellation there is), or the value itself when larger (the
 * activation's own float32 rounding, e.g. a sigmoid near 1/2 of a tiny product).
 */

/** Activations of TF.js's fused matMul that the native kernel runs. */
export type FusedActivation = 'linear' | 'relu' | 'leakyrelu' | 'sigmoid' | 'elu' | 'relu6';

export interface ProductCase {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  /** A: m×k, or k×m when transposeA (row-major). */
  readonly a: Float32Array;
  /** B: k×n, or n×k when transposeB (row-major). */
  readonly b: Float32Array;
  /** Length n (per column), 1 (scalar) or absent. */
  readonly bias?: Float32Array;
  readonly activation: FusedActivation;
  readonly alpha: number;
}

export function activate(x: number, activation: FusedActivation, alpha: number): number {
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return Math.max(x, 0);
    case 'leakyrelu':
      return x < 0 ? alpha * x : x;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-x));
    case 'elu':
      return x < 0 ? Math.expm1(x) : x;
    case 'relu6':
      return Math.min(Math.max(x, 0), 6);
  }
}

/** The float64 product of `c` and the scale each of its values is rounded at (see the file comment). */
export function referenceProduct(c: ProductCase): { value: Float64Array; scale: Float64Array } {
  const { m, n, k, a, b, bias } = c;
  const value = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  // Strides of op(A)[i, p] and op(B)[p, j] in the row-major arrays.
  const [ai, ap] = c.transposeA ? [1, m] : [k, 1];
  const [bp, bj] = c.transposeB ? [1, k] : [n, 1];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let abs = 0;
      for (let p = 0; p < k; p++) {
        const t = a[i * ai + p * ap] * b[p * bp + j * bj];
        s += t;
        abs += Math.abs(t);
      }
      if (bias !== undefined) {
        const bv = bias.length === 1 ? bias[0] : bias[j];
        s += bv;
        abs += Math.abs(bv);
      }
      const v = activate(s, c.activation, c.alpha);
      value[i * n + j] = v;
      scale[i * n + j] = Math.max(abs, Math.abs(v));
    }
  }
  return { value, scale };
}

/**
 * The largest |got − expected| / scale over all values, with where it is: a wrong index, a dropped term,
 * a missing bias or a wrong activation gives errors of order 1/K or more; float32 rounding, ~1e-7.
 */
export function worstError(got: ArrayLike<number>, expected: ArrayLike<number>, scale: ArrayLike<number>): { error: number; at: number; got: number; expected: number } {
  let worst = { error: 0, at: -1, got: 0, expected: 0 };
  if (got.length !== expected.length) return { error: Infinity, at: -1, got: got.length, expected: expected.length };
  for (let i = 0; i < got.length; i++) {
    const e = Math.abs(got[i] - expected[i]) / (scale[i] + 1e-30);
    if (Number.isNaN(e)) return { error: Infinity, at: i, got: got[i], expected: expected[i] };
    if (e > worst.error) worst = { error: e, at: i, got: got[i], expected: expected[i] };
  }
  return worst;
}
