/** The PacGAN modes benchmark: its statistics, one seed against a direct run, and the CLI. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { setupBackend } from '../helpers/backend.js';
import { spawn } from 'node:child_process';
import { assertBadInput, CLI, tempDir, tsgan } from '../helpers/cli.js';
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
  // A seed keeps no checkpoints: the library refuses a rollback config (the CLI says it in its own words first).
  assert.throws(() => runModesSeed({ ...config, onDivergence: 'rollback' }, data, 4), /^RangeError: onDivergence "rollback": a benchmark seed keeps no checkpoints/);
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
  assert.match(again.stderr, /--out .*exists already: choose another name, pass --resume to train only its missing seeds, or --overwrite/);
});

/** The measured values of a report's results (not their times). */
const measured = (report: { results: { seed: number; modesCaptured: number; highQualityPercent: number; reverseKL: number | null }[] }) =>
  report.results.map(({ seed, modesCaptured, highQualityPercent, reverseKL }) => ({ seed, modesCaptured, highQualityPercent, reverseKL }));

const tinyBenchmark = ['benchmark', 'modes', '--data', 'ring8', '--steps', '30', '--g-hidden', '16', '--d-hidden', '16', '--batch-size', '32'];

test('CLI: --out is saved after every seed; a benchmark killed midway keeps its finished seeds and --resume trains only the rest, giving the one-go result', async () => {
  const dir = tempDir();
  const oneGo = tsgan([...tinyBenchmark, '--seeds', '3', '--json']);
  assert.equal(oneGo.code, 0, oneGo.stderr);
  const full = JSON.parse(oneGo.stdout);
  assert.equal(full.complete, true);
  assert.deepEqual(full.missingSeeds, []);

  const out = join(dir, 'bm.json');
  const child = spawn(process.execPath, [CLI, ...tinyBenchmark, '--seeds', '3', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const killed = await new Promise<boolean>((resolve) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      if (/^seed 0: /m.test(stderr) && child.kill('SIGKILL')) resolve(true);
    });
    child.on('close', () => resolve(false));
  });
  assert.ok(killed, `killed after the first seed: ${stderr}`);
  const partial = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(partial.complete, false);
  assert.deepEqual(partial.missingSeeds, [1, 2]);
  assert.deepEqual(measured(partial), measured(full).slice(0, 1));

  const resumed = tsgan([...tinyBenchmark, '--seeds', '3', '--jobs', '2', '--out', out, '--resume', '--json']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.deepEqual(resumed.stderr.trim().split('\n').map((l) => l.split(':')[0]).sort(), ['seed 1', 'seed 2'], 'only the missing seeds train');
  const done = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual(done, JSON.parse(resumed.stdout));
  assert.equal(done.complete, true);
  assert.deepEqual(measured(done), measured(full));
  assert.deepEqual(done.summary.highQualityPercent, full.summary.highQualityPercent);
  assert.ok(done.wallSeconds > partial.wallSeconds, 'the wall time adds up over both sessions');

  // More seeds later: only the new one trains.
  const more = tsgan([...tinyBenchmark, '--seeds', '4', '--out', out, '--resume']);
  assert.equal(more.code, 0, more.stderr);
  assert.match(more.stderr.trim(), /^seed 3: [^\n]*· 1\/1 seeds done$/);
  assert.match(more.stdout, /4 seed\(s\) .*, 3 of them from /);
});

test('CLI: --resume refuses a file of another config, a missing file and --overwrite, in one line', () => {
  const out = join(tempDir(), 'bm.json');
  assert.equal(tsgan([...tinyBenchmark, '--seeds', '1', '--out', out]).code, 0);
  const before = readFileSync(out, 'utf8');
  const other = tsgan([...tinyBenchmark, '--lr', '1e-3', '--seeds', '2', '--out', out, '--resume']);
  assert.equal(other.code, 2);
  assert.match(other.stderr.trim(), /^tsgan: --resume: .*bm\.json was made with another config \(optimizer\.generator\.learningRate: 0\.0002 there, 0\.001 now\): give the same flags as that run, or another --out to start a new benchmark$/);
  assert.equal(readFileSync(out, 'utf8'), before, 'the file is untouched');
  assertBadInput([...tinyBenchmark, '--resume'], /--resume: .*never does not exist: there is nothing to resume/);
  const both = tsgan([...tinyBenchmark, '--out', out, '--resume', '--overwrite']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--resume keeps the seeds in --out, --overwrite replaces them/);
  const noOut = tsgan([...tinyBenchmark, '--resume']);
  assert.match(noOut.stderr, /^tsgan: --resume: give the --out file/);
});

test('CLI: a config with onDivergence "rollback" is refused (a seed keeps no checkpoints to roll back to), with nothing written', () => {
  const file = join(tempDir(), 'run-config.json');
  writeFileSync(file, JSON.stringify({ onDivergence: 'rollback' }));
  assertBadInput([...tinyBenchmark, '--config', file], /^tsgan: --config .*run-config\.json: onDivergence "rollback": a benchmark seed keeps no checkpoints to roll back to: set it to "stop"/);
});

test('CLI: a seed that fails (here: diverges) ends the benchmark with its own exit code and one line; the other seeds are kept in --out', () => {
  const out = join(tempDir(), 'bm.json');
  // SGD at rate 10 diverges on seed 0 at step 5 and not on seed 1 (same seeds, same numbers).
  const r = tsgan([...tinyBenchmark, '--optimizer', 'sgd', '--lr', '10', '--seeds', '2', '--jobs', '2', '--out', out]);
  assert.equal(r.code, 3, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.match(lines[0], /^seed 1: /);
  assert.match(lines[1], /^tsgan: seed 0: training diverged at step \d+: the .* is (NaN|-?Infinity); lower the learning rates or use a penalty \(--gradient-penalty \/ --r1\); the 1 finished seed\(s\) are in .*bm\.json: rerun with --resume to train the others$/);
  // A seed has no checkpoint to resume from or roll back to: the message offers neither.
  assert.doesNotMatch(lines[1], /checkpoint|rollback|resume from/);
  assert.equal(lines.length, 2);
  const saved = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(saved.complete, false);
  assert.deepEqual(saved.missingSeeds, [0]);
  assert.deepEqual(saved.results.map((x: { seed: number }) => x.seed), [1]);
});
