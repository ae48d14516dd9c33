/**
 * Exact Wasserstein-1 distance between two equal-size point sets (E8, primal form).
 */
import { solveAssignment } from './assignment.js';

/**
 * W1 between the empirical distributions of two sets of n points in ℝ^dim with uniform weights
 * 1/n: min over permutations σ of (1/n) Σ_i ‖a_i − b_σ(i)‖₂ (E8 primal, Arjovsky, Chintala & Bottou
 * 2017). For equal uniform weights an optimal coupling is a permutation (Birkhoff–von Neumann), so
 * this is exact; solved by the Hungarian method ({@link solveAssignment}), O(n³) time and n²
 * memory (n = 500 takes about a second here, n = 1000 several).
 * Domain: a, b row-major (point i = entries i·dim … i·dim + dim − 1), equal lengths, n ≥ 1.
 */
export function wassersteinExactSamples(a: ArrayLike<number>, b: ArrayLike<number>, dim: number): number {
  if (!(Number.isInteger(dim) && dim >= 1)) throw new RangeError(`dim must be a positive integer, got ${dim}`);
  if (a.length !== b.length) throw new RangeError(`exact W1 needs equal-size sets, got ${a.length / dim} and ${b.length / dim} points`);
  if (a.length % dim !== 0) throw new RangeError(`sample arrays' length ${a.length} is not a multiple of dim ${dim}`);
  const n = a.length / dim;
  if (n === 0) throw new RangeError('exact W1 needs at least one point per set');
  const cost = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < dim; k++) {
        const d = a[i * dim + k] - b[j * dim + k];
        s += d * d;
      }
      cost[i * n + j] = Math.sqrt(s);
    }
  }
  return solveAssignment(cost, n).totalCost / n;
}
