/** A data set that injects a NaN, to test divergence handling. */
import { distributionFromSpec, type Dataset } from '../../src/data/index.js';
import type { Rng } from '../../src/random/rng.js';

const ring = distributionFromSpec('ring8');

/** ring8 (as a plain data set: no mode metrics), except that the real batches of the calls `from`..`to` (1-based) hold a NaN. */
export function poisoned(from: number, to = from): Dataset {
  let calls = 0;
  return {
    dim: 2,
    label: 'poisoned ring8',
    sample(rng: Rng, n: number) {
      const x = ring.sample(rng, n);
      calls++;
      if (calls >= from && calls <= to) x[3] = NaN;
      return x;
    },
  };
}
