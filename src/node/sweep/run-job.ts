/**
 * Runs one sweep job in a run folder, in child processes (a job's training must never block the event
 * loop of the process that runs it: a BullMQ worker renews its job's lock from that loop):
 *
 *   1. `tsgan train --config <job config> --out DIR` — or `tsgan train --resume DIR` when DIR holds the
 *      job's unfinished run (a job restarted after its worker died), or nothing when the run is finished;
 *   2. `tsgan sweep measure DIR` — the job's measures on the final generator (./measure-run.ts).
 *
 * Resume is exact (docs/reliability.md), so a job resumed from any checkpoint ends with the same
 * generator, records and measures as one run straight through. While it trains, the folder is watched:
 * each new checkpoint is reported (a worker copies the folder to Redis), and the step reached.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readSync, closeSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, metricsFromJson, type JobResult, type SweepJob } from '../../index.js';
import { packageRoot } from '../files/package-root.js';
import { isRunFinished, readRunConfig, runPaths } from '../run/run-folder.js';
import { watchedChildEnv } from '../run/parent-watch.js';

/** What the process running a job wants to hear while it runs. */
export interface JobHooks {
  /** The step the training has reached (from the run's metrics.jsonl, about once a second). */
  onProgress?(step: number): void;
  /** A new checkpoint is in the folder (and the files it goes with); awaited before the next poll. */
  onCheckpoint?(): Promise<void> | void;
  /** Aborting stops the job's child (SIGTERM: training saves its run and stops) and rejects. */
  readonly signal?: AbortSignal;
  /** The environment of the children (native threads when several jobs share the machine). */
  readonly env?: NodeJS.ProcessEnv;
}

/** A job that failed: `exitCode` 2 is bad input and 3 divergence (failing again would fail the same way). */
export class JobError extends Error {
  override readonly name = 'JobError';
  constructor(
    message: string,
    readonly exitCode: number | null,
  ) {
    super(message);
  }
  /** Whether running the job again cannot help (bad input, divergence). */
  get permanent(): boolean {
    return this.exitCode === 2 || this.exitCode === 3;
  }
}

/** The built CLI a job's children run. */
export function cliPath(): string {
  const root = packageRoot();
  if (root === undefined) throw new Error('tsgan: cannot find the package root (binding.gyp) to start the CLI from');
  return join(root, 'dist', 'src', 'cli', 'main.js');
}

/** Runs `args` with the CLI in a child; resolves with its stdout, rejects with a {@link JobError} naming its last stderr line. */
function runChild(args: readonly string[], hooks: JobHooks, children: Set<ChildProcess>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath(), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: watchedChildEnv(hooks.env ?? process.env) });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => reject(new JobError(`could not start tsgan: ${e.message}`, null)));
    child.on('close', (code, signal) => {
      children.delete(child);
      if (code === 0) return resolve(stdout);
      const why = (stderr.trim().split('\n').pop() ?? '').replace(/^tsgan: /, '');
      reject(new JobError(why || `tsgan ${args[0]} ${signal !== null ? `was killed by ${signal}` : `exited with code ${code}`}`, code));
    });
  });
}

/** The step of the last step record of metrics.jsonl (its last 8 KB are read), or undefined. */
export function lastStep(metricsFile: string): number | undefined {
  if (!existsSync(metricsFile)) return undefined;
  const size = statSync(metricsFile).size;
  const n = Math.min(size, 8192);
  const buf = Buffer.alloc(n);
  const fd = openSync(metricsFile, 'r');
  try {
    readSync(fd, buf, 0, n, size - n);
  } finally {
    closeSync(fd);
  }
  const lines = buf.toString('utf8').trim().split('\n').reverse();
  for (const l of lines) {
    if (!l.startsWith('{"type":"step"')) continue;
    const m = /"step":(\d+)/.exec(l);
    if (m !== null) return Number(m[1]);
  }
  return undefined;
}

/**
 * Runs `job` in `dir` (see the file's comment) and returns its result. The job's config is written to
 * `DIR.config.json` for the training child. Rejects with a {@link JobError} when a child fails, and when
 * `dir` holds a run of another config (a folder is never overwritten).
 */
export async function runJob(job: SweepJob, dir: string, hooks: JobHooks = {}): Promise<JobResult> {
  const t0 = performance.now();
  const paths = runPaths(dir);
  const children = new Set<ChildProcess>();
  const onAbort = () => {
    for (const c of children) c.kill('SIGTERM');
  };
  hooks.signal?.addEventListener('abort', onAbort);
  let watching = true;
  let lastCheckpoint = existsSync(paths.checkpoint) ? statSync(paths.checkpoint).mtimeMs : 0;
  const watch = async () => {
    while (watching) {
      await new Promise((r) => setTimeout(r, 1000));
      if (!watching) break;
      const step = lastStep(paths.metrics);
      if (step !== undefined) hooks.onProgress?.(step);
      const t = existsSync(paths.checkpoint) ? statSync(paths.checkpoint).mtimeMs : 0;
      if (t !== lastCheckpoint && hooks.onCheckpoint !== undefined) {
        lastCheckpoint = t;
        await hooks.onCheckpoint();
      }
    }
  };
  try {
    if (hooks.signal?.aborted) throw new JobError('stopped', null);
    if (existsSync(paths.config)) {
      if (canonicalJson(readRunConfig(dir)) !== canonicalJson(job.config)) throw new JobError(`${dir} holds a run of another config: remove it, or run the sweep in another folder`, 2);
    }
    if (!(existsSync(paths.config) && isRunFinished(dir))) {
      const args = existsSync(paths.config)
        ? ['train', '--resume', dir, '--quiet', '--json']
        : (() => {
            const file = `${dir}.config.json`;
            writeFileSync(file, `${JSON.stringify(job.config, null, 2)}\n`);
            return ['train', '--config', file, '--out', dir, '--quiet', '--json', ...(job.checkpointEvery === undefined ? [] : ['--checkpoint-every', String(job.checkpointEvery)])];
          })();
      const watcher = watch();
      try {
        await runChild(args, hooks, children);
      } finally {
        watching = false;
        await watcher;
      }
      rmSync(`${dir}.config.json`, { force: true });
      await hooks.onCheckpoint?.();
    }
    if (hooks.signal?.aborted) throw new JobError('stopped', null);
    const out = await runChild(['sweep', 'measure', dir, '--measure', job.measure.join(','), '--seed', String(job.seed)], hooks, children);
    const metrics = (JSON.parse(out) as { metrics: Record<string, number | null> }).metrics;
    return { setting: job.setting, seed: job.seed, metrics: metricsFromJson(metrics), seconds: (performance.now() - t0) / 1000 };
  } finally {
    watching = false;
    hooks.signal?.removeEventListener('abort', onAbort);
  }
}
