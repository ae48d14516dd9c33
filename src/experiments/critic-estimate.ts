/**
 * The critic's view of the distance between P_r and P_g, measured on samples (E8).
 */
import * as tf from '@tensorflow/tfjs-core';
import { empiricalLipschitz } from '../models/lipschitz.js';
import type { Mlp } from '../models/mlp.js';

/** Points of each kind (real, fake, interpolated) for the Lipschitz estimate at a snapshot. */
const LIPSCHITZ_POINTS = 500;

/**
 * For the critic's output f (the discriminator's logit):
 * - criticEstimate = mean f(real) − mean f(fake): the WGAN critic's estimate of W1 (E8). By
 *   Kantorovich–Rubinstein, E_r f − E_g f ≤ K·W1(P_r, P_g) for every K-Lipschitz f, with equality
 *   for the best 1-Lipschitz f when K = 1; on samples it carries sampling error.
 * - lipschitzEstimate = max ‖∇ₓf‖ over the first 500 real, 500 fake and 500 interpolated points
 *   (models/lipschitz.ts), a lower bound of f's Lipschitz constant K.
 * Domain: `real`, `fake` row-major samples of dimension `dim` (any counts ≥ 1); `critic` with one
 * linear output.
 */
export function criticAtSamples(critic: Mlp, real: Float64Array, fake: Float64Array, dim: number): { criticEstimate: number; lipschitzEstimate: number } {
  const stats = tf.tidy(() => {
    const r = tf.tensor2d(Float32Array.from(real), [real.length / dim, dim]);
    const f = tf.tensor2d(Float32Array.from(fake), [fake.length / dim, dim]);
    return tf.stack([tf.sub(tf.mean(critic.forward(r)), tf.mean(critic.forward(f))), empiricalLipschitz(critic, r, f, LIPSCHITZ_POINTS)]);
  });
  const [criticEstimate, lipschitzEstimate] = stats.dataSync();
  stats.dispose();
  return { criticEstimate, lipschitzEstimate };
}
