/** The PacGAN modes benchmark: its statistics, one seed against a direct run, and the CLI. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { setupBackend } from '../helpers/backend.js';
import { assertBadInput, tempDir, tsgan } from '../helpers/cli.js';
import { meanSE, runModesSeed, summarizeModes, PACGAN_TABLE1 } from '../../src/bench/modes-benchmark.js';
import { distributionFromSpec } from '../../src/data/index.js';
import { modeMetrics } from '../../src/metrics/modes.js';
import { resolveConfig } from '../../src/training/config.js';
import { GanTrainer } from '../../src/training/trainer.js';

await setupBackend();

test('mean ± standard error: sample standard deviation over √n', () => {
  const r = meanSE([1, 2, 3, 4]);
  assert.equal(r.mean, 2.5);
  assert.ok(Math.abs(r.se - Math.sqrt(5 / 3) / 2) < 1e-12, `${r.se}`);
  assert.deepEqual(meanSE([7]), { mean: 7, se: 0 });
  assert.throws(() => meanSE([]), /at least one/);
});

test('one seed = training that seed directly and evaluating 2,500 snapshot samples with the PacGAN protocol', () => {
  const data = distributionFromSpec('ring8');
  const config = resolveConfig({ data: 'ring8', steps: 30, generator: { hidden: [32, 32] }, discriminator: { hidden: [32, 32] }, batchSize: 64, optimizer: { generator: { name: 'adam', learningRate: 1e-3 }, discriminator: { name: 'adam', learningRate: 1e-3 } } });
  let calls = 0;
  const r = runModesSeed(config, data, 4, () => calls++);
  assert.equal(calls, 30);
  const t = new GanTrainer({ ...config, seed: 4 }, data);
  for (let i = 0; i < 30; i++) t.trainStep();
  const m = modeMetrics(t.sample(2500), 2, data.modes!);
  t.dispose();
  assert.equal(r.seed, 4);
  assert.equal(r.modesCaptured, m.modesCaptured);
  assert.equal(r.highQualityPercent, 100 * m.highQualityFraction);
  assert.equal(r.reverseKL, m.reverseKL);
  const s = summarizeModes([r, { ...r, seed: 5, modesCaptured: 8, totalModes: 8, highQualityPercent: 90, reverseKL: 0.1 }]);
  assert.equal(s.seeds, 2);
  assert.equal(s.allModesSeeds, r.modesCaptured === 8 ? 2 : 1);
  assert.equal(s.modesCaptured.mean, (r.modesCaptured + 8) / 2);
});

test('PacGAN Table 1 rows as published', () => {
  const ring = PACGAN_TABLE1.filter((r) => r.data === 'ring8').map((r) => [r.modesCaptured, r.highQualityPercent, r.reverseKL]);
  assert.deepEqual(ring, [[6.3, 98.2, 0.45], [7.8, 95.9, 0.07]]);
});

test('CLI: tsgan benchmark modes --json reports every seed and the summary; --out writes it; bad input is one line', () => {
  const out = join(tempDir(), 'bm.json');
  const args = ['benchmark', 'modes', '--data', 'ring8', '--steps', '10', '--seeds', '2', '--first-seed', '3', '--g-hidden', '16', '--d-hidden', '16', '--batch-size', '32'];
  const r = tsgan([...args, '--json', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.results.map((x: { seed: number }) => x.seed), [3, 4]);
  assert.equal(j.summary.seeds, 2);
  assert.equal(j.config.steps, 10);
  assert.equal(j.published.length, 2);
  assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')).results, j.results);
  // stderr is not a terminal here: one progress line per finished seed instead of the bar
  const lines = r.stderr.trim().split('\n').sort();
  assert.equal(lines.length, 2, r.stderr);
  j.results.forEach((x: { seed: number; modesCaptured: number; highQualityPercent: number }, i: number) => {
    const want = `^seed ${x.seed}: ${x.modesCaptured}/8 modes, ${x.highQualityPercent.toFixed(1)} % high quality, reverse KL \\S+ \\(\\d+ s\\) · [12]/2 seeds done$`;
    assert.match(lines[i], new RegExp(want));
  });
  assertBadInput(['benchmark', 'modes', '--data', 'spiral', '--steps', '1', '--seeds', '1'], /--data: spiral is not a mixture of Gaussian modes/);
  assertBadInput(['benchmark', 'modes', '--seeds', '0'], /--seeds 0/);
  assertBadInput(['benchmark', 'modes', '--seed', '3'], /--first-seed/);
  const again = tsgan([...args, '--out', out]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /--out .*exists already: choose another name or pass --overwrite/);
});
