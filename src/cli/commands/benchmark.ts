/**
 * `tsgan benchmark modes [config flags] [--seeds 10] [--first-seed 0] [--jobs 1] [--json] [--out FILE]`:
 * the PacGAN mode-collapse benchmark (src/bench/modes-benchmark.ts) on a recipe, mean ± standard
 * error over seeds, beside PacGAN's published rows. Quality is measured here, never in timed tests.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { PACGAN_TABLE1, runModesSeed, summarizeModes, type MeanSE, type ModesSeedResult } from '../../bench/modes-benchmark.js';
import type { Distribution } from '../../data/distribution.js';
import { hasDensity } from '../../data/distribution.js';
import { useBackend, wasmThreadsForTraining } from '../../node/backend.js';
import { writeFileAtomic } from '../../node/atomic-write.js';
import { resolveDataset } from '../../node/data-source.js';
import type { TrainConfig } from '../../training/config.js';
import { addConfigOptions, buildConfig } from '../config-options.js';
import { UsageError } from '../errors.js';
import { parseInteger } from '../parse.js';

/** Flags of this command that are not config flags (left out when building the config). */
const OWN_FLAGS = ['seeds', 'firstSeed', 'jobs', 'json', 'out', 'quiet', 'overwrite'];

const num = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : x > 0 ? '∞' : String(x));
const pm = (x: MeanSE, digits: number) => (Number.isFinite(x.mean) ? `${num(x.mean, digits)} ± ${num(x.se, digits)}` : num(x.mean, digits));

/** Trains the seeds [first, first + count) one after another in this process. */
function runSeedsHere(config: TrainConfig, data: Distribution, first: number, count: number, onStep: () => void): ModesSeedResult[] {
  const out: ModesSeedResult[] = [];
  for (let s = first; s < first + count; s++) out.push(runModesSeed(config, data, s, onStep));
  return out;
}

/** Runs one seed in a child `tsgan benchmark modes … --seeds 1 --first-seed s --json` process. */
function runSeedInChild(argv: readonly string[], seed: number): Promise<ModesSeedResult> {
  const keep: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (['--seeds', '--first-seed', '--jobs', '--out'].includes(a)) i++;
    else if (!['--json', '--quiet', '--overwrite'].includes(a)) keep.push(a);
  }
  const args = [process.argv[1], ...keep, '--seeds', '1', '--first-seed', String(seed), '--json', '--quiet'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`seed ${seed} failed (exit code ${code}): ${stderr.trim().split('\n').pop() ?? ''}`));
      try {
        // JSON has no ∞: a reverse KL with no high-quality sample comes back as null.
        const r = (JSON.parse(stdout) as { results: (Omit<ModesSeedResult, 'reverseKL'> & { reverseKL: number | null })[] }).results[0];
        resolve({ ...r, reverseKL: r.reverseKL ?? Infinity });
      } catch {
        reject(new Error(`seed ${seed}: could not read its result`));
      }
    });
  });
}

function modesCommand(): Command {
  return addConfigOptions(
    new Command('modes').description('PacGAN mode-collapse benchmark: train the recipe with several seeds, report modes captured, % high quality and reverse KL (mean ± s.e.) beside PacGAN Table 1'),
  )
    .option('--seeds <n>', 'number of seeds (default: 10, as in PacGAN)', parseInteger, 10)
    .option('--first-seed <s>', 'first seed (seeds s, s+1, …; default: 0)', parseInteger, 0)
    .option('--jobs <n>', 'seeds trained at once, each in its own process (default: 1)', parseInteger, 1)
    .option('--out <file>', 'also write the results as JSON to this file')
    .option('--overwrite', 'replace --out if it exists')
    .option('--json', 'print JSON')
    .option('--quiet', 'no progress bar')
    .action(async (opts: Record<string, unknown>) => {
      const seeds = opts.seeds as number;
      const first = opts.firstSeed as number;
      const jobs = opts.jobs as number;
      if (seeds < 1 || seeds > 1000) throw new UsageError(`--seeds ${seeds}: give a number of seeds from 1 to 1000`);
      if (first < 0) throw new UsageError(`--first-seed ${first}: give a seed ≥ 0`);
      if (jobs < 1 || jobs > 64) throw new UsageError(`--jobs ${jobs}: give a number of processes from 1 to 64`);
      const out = opts.out as string | undefined;
      if (out !== undefined && existsSync(out) && opts.overwrite !== true) throw new UsageError(`--out ${out}: exists already: choose another name or pass --overwrite`);
      if (opts.seed !== undefined) throw new UsageError('--seed: the benchmark sets the seed itself: use --first-seed and --seeds');
      const configOpts = Object.fromEntries(Object.entries(opts).filter(([k]) => !OWN_FLAGS.includes(k)));
      const config = buildConfig(configOpts);
      const { dataset } = resolveDataset(config.data);
      if (!hasDensity(dataset) || dataset.modes === undefined) {
        throw new UsageError(`--data: ${dataset.label} is not a mixture of Gaussian modes: the modes benchmark needs one (ring8, grid25, or a mixture spec)`);
      }
      const data = dataset as Distribution;
      await useBackend(config.backend, { threads: wasmThreadsForTraining(config, data.dim) });
      const showBar = opts.quiet !== true && process.stderr.isTTY === true;
      const bar = new cliProgress.SingleBar({ stream: process.stderr, format: ' {bar} {percentage}% | {value}/{total} steps | ETA {eta_formatted} | {done} seeds done', hideCursor: true, etaBuffer: 500, fps: 2 }, cliProgress.Presets.shades_classic);
      if (showBar) bar.start(seeds * config.steps, 0, { done: 0 });
      // Without a terminal (a log file, CI) the bar would be silent: one line per finished seed instead.
      const logSeed = opts.quiet !== true && !showBar ? (r: ModesSeedResult, done: number) => process.stderr.write(`${seedLine(r)} · ${done}/${seeds} seeds done\n`) : () => undefined;
      const t0 = performance.now();
      let results: ModesSeedResult[];
      try {
        if (jobs === 1 || seeds === 1) {
          let done = 0;
          results = [];
          for (let s = first; s < first + seeds; s++) {
            results.push(...runSeedsHere(config, data, s, 1, () => showBar && bar.increment(1, { done })));
            done++;
            logSeed(results[results.length - 1], done);
          }
        } else {
          const argv = process.argv.slice(2);
          const queue = Array.from({ length: seeds }, (_, i) => first + i);
          results = [];
          const worker = async () => {
            for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
              results.push(await runSeedInChild(argv, s));
              if (showBar) bar.increment(config.steps, { done: results.length });
              logSeed(results[results.length - 1], results.length);
            }
          };
          await Promise.all(Array.from({ length: Math.min(jobs, seeds) }, worker));
          results.sort((a, b) => a.seed - b.seed);
        }
      } finally {
        if (showBar) bar.stop();
      }
      const summary = summarizeModes(results);
      const published = PACGAN_TABLE1.filter((r) => r.data === config.data);
      const report = { data: data.label, loss: config.loss, steps: config.steps, wallSeconds: (performance.now() - t0) / 1000, config, summary, results, published };
      if (out !== undefined) writeFileAtomic(out, `${JSON.stringify(report, null, 2)}\n`);
      if (opts.json === true) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const lines = [
        `tsgan benchmark modes: ${data.label}, ${config.loss} loss, ${config.steps} steps, ${seeds} seed(s) from ${first} (PacGAN protocol: 2500 samples, 3σ)`,
        '',
        '| method | modes (max ' + results[0].totalModes + ') | high quality % | reverse KL | seconds/seed |',
        '|---|---|---|---|---|',
        `| tsgan (this run) | ${pm(summary.modesCaptured, 2)} | ${pm(summary.highQualityPercent, 1)} | ${pm(summary.reverseKL, 3)} | ${pm(summary.seconds, 0)} |`,
        ...published.map((r) => `| ${r.method} | ${r.modesCaptured} | ${r.highQualityPercent} | ${r.reverseKL} | |`),
        '',
        `every mode on ${summary.allModesSeeds}/${seeds} seeds; per seed: ${results.map((r) => `${r.seed}: ${r.modesCaptured}/${r.highQualityPercent.toFixed(1)}%/${num(r.reverseKL, 3)}`).join(', ')}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

/** One seed's result in a line: `seed 3: 8/8 modes, 95.7 % high quality, reverse KL 0.002 (612 s)`. */
function seedLine(r: ModesSeedResult): string {
  return `seed ${r.seed}: ${r.modesCaptured}/${r.totalModes} modes, ${r.highQualityPercent.toFixed(1)} % high quality, reverse KL ${num(r.reverseKL, 3)} (${r.seconds.toFixed(0)} s)`;
}

export function benchmarkCommand(): Command {
  return new Command('benchmark').description('quality benchmarks (long: minutes to hours; for speed see `tsgan bench`)').addCommand(modesCommand());
}
