/**
 * A quality benchmark over seeds (`tsgan benchmark modes`, `tsgan benchmark stacked-mnist`): train one
 * config with seeds s, s+1, …, evaluate each final generator, report mean ± standard error beside
 * published rows. The shared machinery is here — seeds in this process or in `--jobs` child processes
 * (each ends when the benchmark is gone), a progress bar, `--out` saved after every seed and `--resume`,
 * signals that end the seeds and say what was kept — and each benchmark is a {@link SeedBenchmark}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { checkTrainingMemory, memoryBudgetInEffect, dataShape, type Dataset, type MeasureName, type TrainConfig } from '../../index.js';
import { nativeThreadsEnvForJobs, trainingThreads, writeFileAtomic, checkOutputFile, resolveDataset, parentGoneCheck, watchedChildEnv, queueUrl } from '../../node/index.js';
import { runSeedsOnQueue } from './seed-benchmark-queue.js';
import { startBackend } from '../start-backend.js';
import { addConfigOptions, buildConfig } from '../config-options.js';
import { readSeedReportForResume, seedReport, seedReportText, type ReportParts, type SeedReport, type SeedResult } from './benchmark-report.js';
import { ExplainedError, UsageError } from '../errors.js';
import { MAX_SEED, parseInteger, parseSeed } from '../parse.js';

/** One benchmark: its command, how a seed runs and reads back, and how its report reads. */
export interface SeedBenchmark<R extends SeedResult, S, P, C> extends ReportParts<R, S, P> {
  /** `tsgan benchmark NAME`. */
  readonly name: string;
  /** The sweep measure that is this benchmark's per-seed protocol (its seeds on a queue: `--queue`). */
  readonly measure: MeasureName;
  /** Why the options given cannot run on a queue's workers, if they cannot. */
  queueProblem?(opts: Record<string, unknown>): string | undefined;
  readonly description: string;
  /** The data when --data is not given (modes: the config's default, ring8). */
  readonly defaultData?: string;
  /** Its own options (besides the config flags and the shared ones), and their keys in the parsed options. */
  readonly options?: { readonly add: (c: Command) => Command; readonly keys: readonly string[] };
  /** Checks the data and options before any seed (a one-line UsageError), wherever the seeds run. */
  check(dataset: Dataset, config: TrainConfig, opts: Record<string, unknown>): void;
  /** Makes what the seeds of this process need (the data as the benchmark reads it, a classifier, …). */
  prepare(dataset: Dataset, config: TrainConfig, opts: Record<string, unknown>): C;
  runSeed(ctx: C, config: TrainConfig, seed: number, onStep: (step: number) => void): R;
  /** Frees what `prepare` made. */
  dispose?(ctx: C): void;
  /** A seed's result read back from JSON (a child's output, a --resume file), or undefined when it is not one. */
  fromJson(json: unknown): R | undefined;
  /** One seed's result in a line (printed after each seed when there is no progress bar). */
  seedLine(r: R): string;
  /** The printed report: `resumed` seeds of it came from the --out file `from`. */
  reportLines(report: SeedReport<R, S, P>, resumed: number, from?: string): string[];
}

/** Flags of every seed benchmark that are not config flags (left out when building the config). */
const SHARED_FLAGS = ['seeds', 'firstSeed', 'jobs', 'json', 'out', 'quiet', 'overwrite', 'resume', 'queue'];

/**
 * In a seed's child process, a check to call at every step: it ends the process at once (exit 143)
 * when the benchmark that started it is gone (src/node/run/parent-watch.ts). Elsewhere a no-op.
 */
function parentWatch(): () => void {
  const gone = parentGoneCheck();
  const check = () => {
    if (gone()) process.exit(143);
  };
  check();
  return check;
}

/** The seed processes running now, so that a signal to the benchmark can end them. */
const running = new Set<ChildProcess>();

/** Runs one seed in a child `tsgan benchmark NAME … --seeds 1 --first-seed s --json` process. */
function runSeedInChild<R>(argv: readonly string[], seed: number, jobs: number, fromJson: (j: unknown) => R | undefined): Promise<R> {
  const keep: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (['--seeds', '--first-seed', '--jobs', '--out'].includes(a)) i++;
    else if (!['--json', '--quiet', '--overwrite', '--resume'].includes(a)) keep.push(a);
  }
  const args = [process.argv[1], ...keep, '--seeds', '1', '--first-seed', String(seed), '--json', '--quiet'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: watchedChildEnv(nativeThreadsEnvForJobs(jobs)) });
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
      let r: R | undefined;
      try {
        r = fromJson((JSON.parse(stdout) as { results: unknown[] }).results[0]);
      } catch {
        r = undefined;
      }
      if (r === undefined) reject(new Error(`seed ${seed}: could not read its result`));
      else resolve(r);
    });
  });
}

/** The `tsgan benchmark NAME` command of `b`. */
export function seedBenchmarkCommand<R extends SeedResult, S, P, C>(b: SeedBenchmark<R, S, P, C>): Command {
  const command = addConfigOptions(new Command(b.name).description(b.description))
    .option('--seeds <n>', 'number of seeds (default: 10)', parseInteger, 10)
    .option('--first-seed <s>', `first seed (seeds s, s+1, …, at most ${MAX_SEED}; default: 0)`, parseSeed, 0)
    .option('--jobs <n>', 'seeds trained at once, each in its own process (default: 1)', parseInteger, 1)
    .option('--out <file>', 'also write the results as JSON to this file')
    .option('--overwrite', 'replace --out if it exists')
    .option('--resume', 'keep the seeds already in --out (an interrupted or failed benchmark; same flags) and train only the missing ones')
    .option('--queue <url>', 'run the seeds on this Redis queue\'s workers (`tsgan worker`), redis://[user:password@]host:port[/db] or rediss:// (docs/sweeps.md)')
    .option('--json', 'print JSON')
    .option('--quiet', 'no progress bar');
  return (b.options?.add(command) ?? command).action(async (opts: Record<string, unknown>) => {
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
    const url = typeof opts.queue === 'string' ? queueUrl(opts.queue) : undefined;
    if (url !== undefined && jobs !== 1) throw new UsageError(`--jobs ${jobs} --queue: the queue's workers run the seeds (start more workers for more at once): drop --jobs`);
    const queueProblem = url === undefined ? undefined : b.queueProblem?.(opts);
    if (queueProblem !== undefined) throw new UsageError(`--queue: ${queueProblem}`);
    const own = [...SHARED_FLAGS, ...(b.options?.keys ?? [])];
    const configOpts = Object.fromEntries(Object.entries(opts).filter(([k]) => !own.includes(k)));
    if (configOpts.data === undefined && b.defaultData !== undefined) configOpts.data = b.defaultData;
    const config = buildConfig(configOpts);
    if (config.onDivergence === 'rollback') {
      throw new UsageError(`--config ${String(opts.config)}: onDivergence "rollback": a benchmark seed keeps no checkpoints to roll back to: set it to "stop" (a diverging seed stops the benchmark; --out keeps the finished seeds)`);
    }
    const { dataset } = resolveDataset(config.data);
    b.check(dataset, config, opts);
    const earlier = resume ? readSeedReportForResume(b.name, out!, config, (j) => b.fromJson(j)) : { results: [], wallSeconds: 0 };
    const planned = Array.from({ length: seeds }, (_, i) => first + i);
    const done = new Set(earlier.results.map((r) => r.seed));
    const todo = planned.filter((s) => !done.has(s));
    // The seed processes train at once: their memory adds up (each checks its own run again).
    const budget = memoryBudgetInEffect();
    if (budget !== undefined) checkTrainingMemory(config, dataShape(dataset), budget, 0, jobs === 1 || todo.length <= 1 ? 1 : Math.min(jobs, todo.length));
    if (url === undefined) await startBackend(config.backend, trainingThreads(config, dataset.dim));
    const inProcess = url === undefined && (jobs === 1 || todo.length === 1);
    const ctx = inProcess && todo.length > 0 ? b.prepare(dataset, config, opts) : undefined;
    const showBar = opts.quiet !== true && process.stderr.isTTY === true;
    const bar = new cliProgress.SingleBar({ stream: process.stderr, format: ' {bar} {percentage}% | {value}/{total} steps | ETA {eta_formatted} | {done} seeds done', hideCursor: true, etaBuffer: 500, fps: 2 }, cliProgress.Presets.shades_classic);
    if (showBar && todo.length > 0 && url === undefined) bar.start(todo.length * config.steps, 0, { done: 0 });
    const t0 = performance.now();
    const results: R[] = [...earlier.results];
    const report = () => seedReport(b, dataset.label, config, planned, results, earlier.wallSeconds + (performance.now() - t0) / 1000);
    // After every seed: the report so far on --out, and without a terminal (a log file, CI), where
    // the bar would be silent, one line.
    const finished = (r: R, count: number) => {
      results.push(r);
      if (out !== undefined) writeFileAtomic(out, seedReportText(report()));
      if (opts.quiet !== true && !showBar && url === undefined) process.stderr.write(`${b.seedLine(r)} · ${count}/${todo.length} seeds done\n`); // a queue's seeds were shown as they ended
    };
    const failures: Error[] = [];
    try {
      if (url !== undefined) {
        if (todo.length > 0) {
          const queued = await runSeedsOnQueue(b.name, b.measure, config, todo, url, opts.quiet === true, (j) => b.fromJson(j));
          queued.results.sort((a, c) => a.seed - c.seed).forEach((r, i) => finished(r, i + 1));
          failures.push(...queued.failures);
        }
      } else if (inProcess) {
        for (const [i, s] of todo.entries()) {
          let r: R;
          try {
            r = b.runSeed(ctx as C, config, s, () => {
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
              const r = await runSeedInChild(argv, s, Math.min(jobs, todo.length), (j) => b.fromJson(j));
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
      if (ctx !== undefined) b.dispose?.(ctx);
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
    if (out !== undefined) writeFileAtomic(out, seedReportText(final));
    if (opts.json === true) {
      process.stdout.write(seedReportText(final));
      return;
    }
    process.stdout.write(`${b.reportLines(final, earlier.results.length, out).join('\n')}\n`);
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
