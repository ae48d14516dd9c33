/**
 * The record that theory tracking adds to a run's metrics.jsonl at each snapshot.
 */

/** The theory's quantities for the current D and G at one snapshot (JSON: no ±∞ appear here). */
export interface TheoryRecord {
  readonly type: 'theory';
  /** Generator updates done. */
  readonly step: number;
  /** V(D, G) of the CURRENT discriminator against p_r and the generator's density, by quadrature (E1), ≤ valueAtOptimum (E3). */
  readonly valueDG: number;
  /** V(D*, G) integrated directly (E5 left side), in [−log 4, 0]. */
  readonly valueAtOptimum: number;
  /** −log 4 + 2·JS(P_r ‖ P_g) (E5 right side). */
  readonly minusLog4Plus2JS: number;
  /** JS(P_r ‖ P_g), nats, in [0, log 2]; → 0 as the generator learns (E6). */
  readonly js: number;
  /** E_{x~M}|D(x) − D*(x)|, M = (P_r + P_g)/2: how far the current D is from the optimal one (E3). */
  readonly meanAbsDStarError: number;
  /**
   * W1(P_r, P_g) (E8): 1-D exactly from the two CDFs; 2-D by exact optimal transport between 500
   * generated and 500 data samples (an estimate, biased upward at this size). See `w1Method`.
   */
  readonly w1?: number;
  readonly w1Method?: string;
  /**
   * The critic's estimate E_r[f(x)] − E_g[f(x)] of the current discriminator's logit f, on the
   * snapshot's generated samples and as many fresh data samples. For a K-Lipschitz f it is ≤ K·W1
   * (E8, Kantorovich–Rubinstein), with equality for the best such f.
   */
  readonly criticEstimate: number;
  /** The largest ‖∇ₓf‖ over 500 real, 500 generated and 500 interpolated points (models/lipschitz.ts). */
  readonly lipschitzEstimate: number;
  /** How P_g's density was obtained: exactly from the network, or a kernel density estimate. */
  readonly generatorDensity: 'exact' | 'kde';
  /** Generator samples behind the estimate (kde only). */
  readonly kdeSamples?: number;
  /** Mass of P_g in point masses (exact only; flat pieces of a ReLU generator). */
  readonly atomMass?: number;
}
