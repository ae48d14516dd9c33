/**
 * A short seeded run on a 1-D problem moves the generator toward the data (issue: foundation), for the
 * saturating game as written and for the non-saturating variant.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { setupBackend } from '../helpers/backend.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { resolveConfig } from '../../src/training/config.js';
import { distributionFromSpec } from '../../src/data/index.js';
import { createRng } from '../../src/random/rng.js';
import { wasserstein1DSamples } from '../../src/theory/index.js';

await setupBackend();

/** Exact W1 between two 1-D samples (THEORY E8). */
const w1 = wasserstein1DSamples;

const data = distributionFromSpec({ type: 'normal', mean: [3], std: [0.5] });

for (const loss of ['non-saturating', 'minimax']) {
  test(`1-D N(3, 0.5²) with the ${loss} loss: W1 to the data falls from > 2 to < 0.35 in 1500 steps`, async () => {
    const cfg = resolveConfig({
      data: 'inline',
      loss,
      steps: 1500,
      batchSize: 128,
      noise: { dim: 1 },
      generator: { hidden: [16, 16] },
      discriminator: { hidden: [16, 16] },
      optimizer: { generator: { name: 'adam', learningRate: 2e-3 }, discriminator: { name: 'adam', learningRate: 2e-3 } },
      snapshotEvery: 1500,
      seed: 1,
    });
    const t = new GanTrainer(cfg, data);
    const real = data.sample(createRng(123), 4000);
    const before = w1(t.sample(4000), real);
    let last: Float64Array | undefined;
    for await (const e of t.run()) if (e.type === 'snapshot') last = e.fake;
    const after = w1(t.sample(4000), real);
    assert.ok(before > 2, `starts far from the data: W1 ${before}`);
    assert.ok(after < 0.35, `ends close to the data: W1 ${after} (from ${before})`);
    const mean = last!.reduce((a, b) => a + b, 0) / last!.length;
    assert.ok(Math.abs(mean - 3) < 0.3, `generated mean ${mean}`);
    t.dispose();
  });
}
