/** A benchmark seed outside [0, 2³² − 1] is refused by the library too, not wrapped to another seed (issue #20, finding 7). */
import test from 'node:test';
import assert from 'node:assert/strict';
import { setupBackend } from '../helpers/backend.js';
import { runModesSeed } from '../../src/bench/modes-benchmark.js';
import { distributionFromSpec, type Distribution } from '../../src/data/index.js';
import { resolveConfig } from '../../src/training/config.js';

await setupBackend();

test('runModesSeed refuses seeds outside [0, 2³² − 1] before training', () => {
  const data = distributionFromSpec('ring8') as Distribution;
  const config = resolveConfig({ data: 'ring8', steps: 1, batchSize: 8, generator: { hidden: [4] }, discriminator: { hidden: [4] } });
  for (const seed of [2 ** 32, -1, 0.5]) {
    assert.throws(() => runModesSeed(config, data, seed), new RegExp(`^RangeError: seed ${seed}: give a whole number from 0 to 4294967295$`));
  }
  assert.equal(runModesSeed(config, data, 2 ** 32 - 1).seed, 2 ** 32 - 1);
});
