/**
 * WGAN's weight clipping (THEORY E8): the crude way the original WGAN keeps its critic Lipschitz.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Mlp } from '../models/mlp.js';

/**
 * Clips every parameter of `critic` (weights AND biases, as the paper's code clamps all of
 * `netD.parameters()`) to [−c, c], in place (Arjovsky, Chintala & Bottou 2017, Algorithm 1, line 7;
 * paper c = 0.01). A network with bounded weights has a bounded Lipschitz constant K(c, widths), so
 * the critic's best E_r[f] − E_g[f] is K·W1 (E8) up to how well the clipped family approximates.
 * Domain: c > 0. Deviation: none; the paper itself calls clipping "a clearly terrible way to enforce
 * a Lipschitz constraint" (§3), which E9's gradient penalty replaces.
 */
export function clipWeights(critic: Mlp, c: number): void {
  if (!(c > 0 && Number.isFinite(c))) throw new RangeError(`the clip value must be a finite number > 0, got ${c}`);
  for (const v of critic.variables()) tf.tidy(() => v.assign(tf.clipByValue(v, -c, c)));
}
