/**
 * A sweep on this machine (`tsgan sweep FILE` with no queue): its jobs in `--jobs` child processes at a
 * time (./run-job.ts), in a sweep folder:
 *
 *   sweep.json          the sweep file as run
 *   runs/<job id>/      each job's run folder (`tsgan eval` reads it)
 *   results/<job id>.json   each finished job's result
 *
 * Run again, it skips the jobs with a result and resumes unfinished runs from their checkpoints, so an
 * interrupted sweep (Ctrl-C, a crash, a reboot) loses at most the steps since each job's last checkpoint.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { metricsFromJson, type JobFailure, type JobResult } from '../../index.js';
import { nativeThreadsEnvForJobs } from '../backend/backend.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { makeFolder } from '../files/make-folder.js';
import { JobError, runJob } from './run-job.js';
import type { QueuedJob } from './sweep-queue.js';

export interface LocalSweepOptions {
  /** The sweep folder. */
  readonly dir: string;
  /** Jobs at once. */
  readonly jobs: number;
  readonly signal?: AbortSignal;
  /** The step a running job reached. */
  onProgress?(job: QueuedJob, step: number): void;
  /** A job finished (result) or failed (failure). */
  onJobEnd?(job: QueuedJob, outcome: { result?: JobResult; failure?: JobFailure }): void;
}

const resultFile = (dir: string, id: string) => join(dir, 'results', `${id}.json`);

/** The results already in sweep folder `dir` for `jobs` (a job's result file that does not parse is ignored: it runs again). */
export function localResults(dir: string, jobs: readonly QueuedJob[]): Map<string, JobResult> {
  const out = new Map<string, JobResult>();
  for (const j of jobs) {
    const f = resultFile(dir, j.id);
    if (!existsSync(f)) continue;
    try {
      const r = JSON.parse(readFileSync(f, 'utf8')) as JobResult & { metrics: Record<string, number | null> };
      out.set(j.id, { ...r, metrics: metricsFromJson(r.metrics) });
    } catch {
      // written atomically, so only a hand-edited file gets here
    }
  }
  return out;
}

/**
 * Runs the `jobs` that have no result in `o.dir` yet, `o.jobs` at a time, and returns every result
 * (earlier and new) and the failures. After an abort it returns what finished; the unfinished runs keep
 * their checkpoints.
 */
export async function runLocalSweep(jobs: readonly QueuedJob[], o: LocalSweepOptions): Promise<{ results: JobResult[]; failures: JobFailure[] }> {
  makeFolder(join(o.dir, 'runs'));
  makeFolder(join(o.dir, 'results'));
  const done = localResults(o.dir, jobs);
  const todo = jobs.filter((j) => !done.has(j.id));
  const failures: JobFailure[] = [];
  const env = nativeThreadsEnvForJobs(Math.min(o.jobs, Math.max(1, todo.length)));
  const queue = [...todo];
  const aborted = () => o.signal?.aborted === true;
  const lane = async () => {
    for (let j = queue.shift(); j !== undefined && !aborted(); j = queue.shift()) {
      const job = j;
      try {
        const result = await runJob(job, join(o.dir, 'runs', job.id), { env, signal: o.signal, onProgress: (s) => o.onProgress?.(job, s) });
        writeFileAtomic(resultFile(o.dir, job.id), `${JSON.stringify(result, null, 2)}\n`);
        done.set(job.id, result);
        o.onJobEnd?.(job, { result });
      } catch (e) {
        if (aborted()) break;
        const failure = { setting: job.setting, seed: job.seed, reason: e instanceof JobError || e instanceof Error ? e.message : String(e) };
        failures.push(failure);
        o.onJobEnd?.(job, { failure });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.jobs, Math.max(1, todo.length)) }, lane));
  return { results: jobs.flatMap((j) => (done.has(j.id) ? [done.get(j.id)!] : [])), failures };
}
