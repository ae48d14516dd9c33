/**
 * `tsgan benchmark modes [config flags] [--seeds 10] [--first-seed 0] [--jobs 1] [--json] [--out FILE [--resume]]`:
 * the PacGAN mode-collapse benchmark (src/bench/modes-benchmark.ts) on a recipe, mean ± standard
 * error over seeds, beside PacGAN's published rows. Quality is measured here, never in timed tests.
 * With --out, the report is saved after every seed; --resume trains only the seeds it lacks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import {
  runModesSeed,
  type MeanSE,
  type ModesSeedResult,
  type Distribution,
  hasDensity,
  checkTrainingMemory,
  memoryBudgetInEffect,
  dataShape,
} from '../../index.js';
import { nativeThreadsEnvForJobs, trainingThreads, writeFileAtomic, checkOutputFile, resolveDataset } from '../../node/index.js';
import { startBackend } from '../start-backend.js';
import { addConfigOptions, buildConfig } from '../config-options.js';
import { modesReport, modesReportText, readModesReportForResume, seedResultFromJson, type JsonSeedResult } from './benchmark-report.js';
import { ExplainedError, UsageError } from '../errors.js';
import { MAX_SEED, parseInteger, parseSeed } from '../parse.js';

/** Flags of this command that are not config flags (left out when building the config). */
const OWN_FLAGS = ['seeds', 'firstSeed', 'jobs', 'json', 'out', 'quiet', 'overwrite', 'resume'];

const num = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : x > 0 ? '∞' : String(x));
const pm = (x: MeanSE, digits: number) => (Number.isFinite(x.mean) ? `${num(x.mean, digits)} ± ${num(x.se, digits)}` : num(x.mean, digits));

/**
 * The environment variable that tells a seed's child process its parent's pid: the child stops when its
 * parent is gone (killed by SIGKILL, which the parent cannot handle, it would train on for nobody).
 */
const PARENT_ENV = 'TSGAN_BENCHMARK_PARENT';

/**
 * In a seed's child process, a check to call at every step: it ends the process at once (exit 143)
 * when the parent that started it is gone (its parent pid changed: the orphan was adopted). Elsewhere
 * a no-op. The check is a getppid() call.
 */
function parentWatch(): () => void {
  const parent = Number(process.env[PARENT_ENV]);
  if (!Number.isInteger(parent) || parent <= 0) return () => {};
  const check = () => {
    if (process.ppid !== parent) process.exit(143);
  };
  check();
  return check;
}

/** The seed processes running now, so that a signal to the benchmark can end them. */
const running = new Set<ChildProcess>();

/** Runs one seed in a child `tsgan benchmark modes … --seeds 1 --first-seed s --json` process. */
function runSeedInChild(argv: readonly string[], seed: number, jobs: number): Promise<ModesSeedResult> {
  const keep: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (['--seeds', '--first-seed', '--jobs', '--out'].includes(a)) i++;
    else if (!['--json', '--quiet', '--overwrite', '--resume'].includes(a)) keep.push(a);
  }
  const args = [process.argv[1], ...keep, '--seeds', '1', '--first-seed', String(seed), '--json', '--quiet'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...nativeThreadsEnvForJobs(jobs), [PARENT_ENV]: String(process.pid) } });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      running.delete(child);
      // The child explained its failure in one line (`tsgan: …`); exit codes 2 (bad input) and 3
      // (divergence) carry over, anything else is the child's internal error.
      const why = (stderr.trim().split('\n').pop() ?? '').replace(/^tsgan: /, '');
      const message = why.startsWith(`seed ${seed}: `) ? why : `seed ${seed}: ${why || `exit code ${code}`}`;
      if (code !== 0) return reject(new ExplainedError(message, code === 2 || code === 3 ? code : 1));
      try {
        // A reverse KL with no high-quality sample (+∞) comes back as null.
        resolve(seedResultFromJson((JSON.parse(stdout) as { results: JsonSeedResult[] }).results[0]));
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
    .option('--first-seed <s>', `first seed (seeds s, s+1, …, at most ${MAX_SEED}; default: 0)`, parseSeed, 0)
    .option('--jobs <n>', 'seeds trained at once, each in its own process (default: 1)', parseInteger, 1)
    .option('--out <file>', 'also write the results as JSON to this file')
    .option('--overwrite', 'replace --out if it exists')
    .option('--resume', 'keep the seeds already in --out (an interrupted or failed benchmark; same flags) and train only the missing ones')
    .option('--json', 'print JSON')
    .option('--quiet', 'no progress bar')
    .action(async (opts: Record<string, unknown>) => {
      const watchParent = parentWatch(); // a seed's child process: stop when the benchmark is gone
      const seeds = opts.seeds as number;
      const first = opts.firstSeed as number;
      const jobs = opts.jobs as number;
      if (seeds < 1 || seeds > 1000) throw new UsageError(`--seeds ${seeds}: give a number of seeds from 1 to 1000`);
      if (first + seeds - 1 > MAX_SEED) {
        throw new UsageError(`--first-seed ${first} --seeds ${seeds}: the last seed would be ${first + seeds - 1}, above the largest seed ${MAX_SEED}: give a smaller --first-seed or fewer --seeds`);
      }
      if (jobs < 1 || jobs > 64) throw new UsageError(`--jobs ${jobs}: give a number of processes from 1 to 64`);
      const out = opts.out as string | undefined;
      const resume = opts.resume === true;
      if (resume && out === undefined) throw new UsageError('--resume: give the --out file of the benchmark to resume');
      if (resume && opts.overwrite === true) throw new UsageError('--resume keeps the seeds in --out, --overwrite replaces them: give one of the two');
      if (out !== undefined && !resume && existsSync(out) && opts.overwrite !== true) {
        throw new UsageError(`--out ${out}: exists already: choose another name, pass --resume to train only its missing seeds, or --overwrite`);
      }
      if (out !== undefined) checkOutputFile(out); // before any seed is trained
      if (opts.seed !== undefined) throw new UsageError('--seed: the benchmark sets the seed itself: use --first-seed and --seeds');
      const configOpts = Object.fromEntries(Object.entries(opts).filter(([k]) => !OWN_FLAGS.includes(k)));
      const config = buildConfig(configOpts);
      if (config.onDivergence === 'rollback') {
        throw new UsageError(`--config ${String(opts.config)}: onDivergence "rollback": a benchmark seed keeps no checkpoints to roll back to: set it to "stop" (a diverging seed stops the benchmark; --out keeps the finished seeds)`);
      }
      const { dataset } = resolveDataset(config.data);
      if (!hasDensity(dataset) || dataset.modes === undefined) {
        throw new UsageError(`--data: ${dataset.label} is not a mixture of Gaussian modes: the modes benchmark needs one (ring8, grid25, or a mixture spec)`);
      }
      const data = dataset as Distribution;
      const earlier = resume ? readModesReportForResume(out!, config) : { results: [], wallSeconds: 0 };
      const planned = Array.from({ length: seeds }, (_, i) => first + i);
      const done = new Set(earlier.results.map((r) => r.seed));
      const todo = planned.filter((s) => !done.has(s));
      // The seed processes train at once: their memory adds up (each checks its own run again).
      const budget = memoryBudgetInEffect();
      if (budget !== undefined) checkTrainingMemory(config, dataShape(data), budget, 0, jobs === 1 || todo.length <= 1 ? 1 : Math.min(jobs, todo.length));
      await startBackend(config.backend, trainingThreads(config, data.dim));
      const showBar = opts.quiet !== true && process.stderr.isTTY === true;
      const bar = new cliProgress.SingleBar({ stream: process.stderr, format: ' {bar} {percentage}% | {value}/{total} steps | ETA {eta_formatted} | {done} seeds done', hideCursor: true, etaBuffer: 500, fps: 2 }, cliProgress.Presets.shades_classic);
      if (showBar && todo.length > 0) bar.start(todo.length * config.steps, 0, { done: 0 });
      const t0 = performance.now();
      const results: ModesSeedResult[] = [...earlier.results];
      const report = () => modesReport(data.label, config, planned, results, earlier.wallSeconds + (performance.now() - t0) / 1000);
      // After every seed: the report so far on --out, and without a terminal (a log file, CI), where
      // the bar would be silent, one line.
      const finished = (r: ModesSeedResult, count: number) => {
        results.push(r);
        if (out !== undefined) writeFileAtomic(out, modesReportText(report()));
        if (opts.quiet !== true && !showBar) process.stderr.write(`${seedLine(r)} · ${count}/${todo.length} seeds done\n`);
      };
      const failures: Error[] = [];
      try {
        if (jobs === 1 || todo.length === 1) {
          for (const [i, s] of todo.entries()) {
            let r: ModesSeedResult;
            try {
              r = runModesSeed(config, data, s, () => {
                watchParent();
                if (showBar) bar.increment(1, { done: i });
              });
            } catch (e) {
              const error = e instanceof Error ? e : new Error(String(e));
              error.message = `seed ${s}: ${error.message}`;
              failures.push(error);
              break;
            }
            finished(r, i + 1);
          }
        } else {
          const argv = process.argv.slice(2);
          const queue = [...todo];
          let count = 0;
          const worker = async () => {
            for (let s = queue.shift(); s !== undefined && failures.length === 0; s = queue.shift()) {
              try {
                const r = await runSeedInChild(argv, s, Math.min(jobs, todo.length));
                finished(r, ++count);
                if (showBar) bar.increment(config.steps, { done: count });
              } catch (e) {
                failures.push(e instanceof Error ? e : new Error(String(e)));
              }
            }
          };
          const kept = () =>
            `(${results.length - earlier.results.length} finished)${out !== undefined ? `; the finished seeds are in ${out}: rerun with --resume to train the others` : '; pass --out FILE to keep finished seeds'}`;
          await withSignalsEndingSeeds(() => Promise.all(Array.from({ length: Math.min(jobs, todo.length) }, worker)), () => (queue.length = 0), kept);
        }
      } finally {
        if (showBar) bar.stop();
      }
      if (failures.length > 0) {
        // The first failure keeps its kind (bad input, divergence, …) and says what was kept.
        if (results.length > 0) {
          failures[0].message += out !== undefined
            ? `; the ${results.length} finished seed(s) are in ${out}: rerun with --resume to train the others`
            : `; ${results.length} seed(s) had finished: pass --out FILE to keep finished seeds`;
        }
        throw failures[0];
      }
      const final = report();
      if (out !== undefined) writeFileAtomic(out, modesReportText(final));
      if (opts.json === true) {
        process.stdout.write(modesReportText(final));
        return;
      }
      const { summary } = final;
      const lines = [
        `tsgan benchmark modes: ${data.label}, ${config.loss} loss, ${config.steps} steps, ${final.results.length} seed(s) (PacGAN protocol: 2500 samples, 3σ)${earlier.results.length > 0 ? `, ${earlier.results.length} of them from ${out}` : ''}`,
        '',
        '| method | modes (max ' + final.results[0].totalModes + ') | high quality % | reverse KL | seconds/seed |',
        '|---|---|---|---|---|',
        `| tsgan (this run) | ${pm(summary.modesCaptured, 2)} | ${pm(summary.highQualityPercent, 1)} | ${pm(summary.reverseKL, 3)} | ${pm(summary.seconds, 0)} |`,
        ...final.published.map((r) => `| ${r.method} | ${r.modesCaptured} | ${r.highQualityPercent} | ${r.reverseKL} | |`),
        '',
        `every mode on ${summary.allModesSeeds}/${final.results.length} seeds; per seed: ${final.results.map((r) => `${r.seed}: ${r.modesCaptured}/${r.highQualityPercent.toFixed(1)}%/${num(r.reverseKL, 3)}`).join(', ')}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

/**
 * Runs `work` (the parallel seeds) with SIGINT and SIGTERM handled: a signal calls `onStop` (no new
 * seeds), ends every running seed process (SIGTERM, then SIGKILL after 5 s) and, once `work` is done,
 * throws a one-line ExplainedError with exit code 130 (SIGINT) or 143 (SIGTERM) ending in `kept()`
 * (what was kept). A second signal ends the seeds with SIGKILL and the benchmark at once.
 */
async function withSignalsEndingSeeds<T>(work: () => Promise<T>, onStop: () => void, kept: () => string): Promise<T> {
  let signal: NodeJS.Signals | undefined;
  let seeds = 0;
  let force: NodeJS.Timeout | undefined;
  const onSignal = (s: NodeJS.Signals) => {
    if (signal !== undefined) {
      for (const c of running) c.kill('SIGKILL');
      process.exit(s === 'SIGINT' ? 130 : 143);
    }
    signal = s;
    seeds = running.size;
    onStop();
    for (const c of running) c.kill('SIGTERM');
    force = setTimeout(() => {
      for (const c of running) c.kill('SIGKILL');
    }, 5000);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await work(); // done when every seed process has closed
    if (signal !== undefined) {
      throw new ExplainedError(`stopped by ${signal}: ended the ${seeds} running seed${seeds === 1 ? '' : 's'} ${kept()}`, signal === 'SIGINT' ? 130 : 143);
    }
    return result;
  } finally {
    clearTimeout(force);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** One seed's result in a line: `seed 3: 8/8 modes, 95.7 % high quality, reverse KL 0.002 (612 s)`. */
function seedLine(r: ModesSeedResult): string {
  return `seed ${r.seed}: ${r.modesCaptured}/${r.totalModes} modes, ${r.highQualityPercent.toFixed(1)} % high quality, reverse KL ${num(r.reverseKL, 3)} (${r.seconds.toFixed(0)} s)`;
}

export function benchmarkCommand(): Command {
  return new Command('benchmark').description('quality benchmarks (long: minutes to hours; for speed see `tsgan bench`)').addCommand(modesCommand());
}
