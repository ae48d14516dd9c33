/**
 * `tsgan worker`: takes sweep jobs from the queue and runs each in child processes (./run-job.ts), in a
 * folder of its own under the worker's folder. While a job trains, every new checkpoint is copied to
 * Redis (./run-store.ts) and its step is the job's progress. A job whose worker died (its lock not
 * renewed for `stalledMs`) is moved back to the queue by BullMQ's stalled check; the worker that takes
 * it writes the stored folder back and resumes it, which ends exactly like one run straight through.
 *
 * A job is data, never code: its payload must pass the schema (a complete training config, known
 * measures, a seed), come from this worker's version of tsgan and hash to its own id, or it fails at
 * once without running anything.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { MEASURE_NAMES, resolveConfig, type JobResult } from '../../index.js';
import { nativeThreadsEnvForJobs } from '../backend/backend.js';
import { packageVersion } from '../files/package-root.js';
import { jobId } from './job-id.js';
import { JobError, runJob } from './run-job.js';
import { restoreRun, storedStep, storeRun } from './run-store.js';
import { queueModules } from './redis-connection.js';
import { QUEUE_NAME, QUEUE_PREFIX, type QueuedJob } from './sweep-queue.js';

const queuedJobSchema = z
  .object({
    id: z.string().regex(/^[0-9a-f]{32}$/),
    sweep: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
    setting: z.string().max(2000),
    seed: z.number().int().min(0).max(2 ** 32 - 1),
    config: z.record(z.string(), z.unknown()),
    measure: z.array(z.enum(MEASURE_NAMES)).min(1),
    checkpointEvery: z.number().int().min(1).optional(),
    tsgan: z.string().max(100),
  })
  .strict();

/** A job payload this worker refuses to run; it fails at once and is never retried. */
export class BadJobError extends Error {
  override readonly name = 'BadJobError';
}

/**
 * `data` as a job this worker runs, or a {@link BadJobError} (the job fails at once, never retried)
 * saying why not: not the schema, a config the training schema refuses, or content that does not hash
 * to the job's id.
 */
export function checkQueuedJob(data: unknown): QueuedJob {
  const r = queuedJobSchema.safeParse(data);
  if (!r.success) throw new BadJobError(`not a tsgan job: ${r.error.issues[0].path.join('.') || '(top level)'}: ${r.error.issues[0].message}`);
  let config;
  try {
    config = resolveConfig(r.data.config, 'job config');
  } catch (e) {
    throw new BadJobError(`not a tsgan job: ${(e as Error).message}`);
  }
  if (config.seed !== r.data.seed) throw new BadJobError(`not a tsgan job: its config's seed ${config.seed} is not the job's seed ${r.data.seed}`);
  if (r.data.tsgan !== packageVersion()) throw new BadJobError(`submitted by tsgan ${r.data.tsgan}, and this worker runs tsgan ${packageVersion()}: run workers of the submitter's version (other code trains other numbers), then resubmit with --retry-failed`);
  const { tsgan: _version, ...rest } = r.data;
  const job: QueuedJob = { ...rest, config };
  if (jobId(job) !== job.id) throw new BadJobError(`not a tsgan job: its content does not hash to its id ${job.id} (changed after it was submitted)`);
  return job;
}

export interface SweepWorkerOptions {
  readonly connection: Redis;
  /** Jobs run at once. */
  readonly concurrency: number;
  /** The folder that holds the jobs' run folders. */
  readonly dir: string;
  /** How long a job's lock lasts without renewal: a dead worker's job goes back to the queue after about this long. */
  readonly stalledMs: number;
  /** One line per event (job started, resumed, finished, failed). */
  readonly log: (line: string) => void;
}

export interface SweepWorker {
  /** This worker's name on the queue (host:pid). */
  readonly name: string;
  /**
   * Stops: ends the running jobs' training (each saves its run), copies their last checkpoints to Redis
   * and resolves; the jobs go back to the queue when their locks expire and resume elsewhere.
   */
  stop(): Promise<void>;
}

/** Starts a worker on the queue of `o.connection`. */
export async function startSweepWorker(o: SweepWorkerOptions): Promise<SweepWorker> {
  const { UnrecoverableError, Worker } = (await queueModules()).bullmq;
  const name = `${hostname()}:${process.pid}`;
  const running = new Map<string, { controller: AbortController; dir: string; done: Promise<unknown> }>();
  let stopping = false;
  const env = nativeThreadsEnvForJobs(o.concurrency);
  const processor = async (job: Job): Promise<JobResult & { worker: string }> => {
    let q: QueuedJob;
    try {
      q = checkQueuedJob(job.data);
    } catch (e) {
      o.log(`job ${String(job.id).slice(0, 8)}: refused: ${(e as Error).message}`);
      throw new UnrecoverableError((e as Error).message);
    }
    const dir = join(o.dir, q.id);
    const step = await storedStep(o.connection, q.id);
    const restored = step !== undefined && (await restoreRun(o.connection, q.id, dir));
    if (!restored) rmSync(dir, { recursive: true, force: true });
    o.log(`${q.sweep}: ${q.setting}, seed ${q.seed} (job ${q.id.slice(0, 8)}): ${restored ? `resuming from the checkpoint at step ${step}` : 'starting'}`);
    const controller = new AbortController();
    const work = runJob(q, dir, {
      signal: controller.signal,
      env,
      onProgress: (s) => void job.updateProgress({ step: s }).catch(() => {}),
      onCheckpoint: () => storeRun(o.connection, q.id, dir).then(() => {}).catch((e: Error) => o.log(`${q.sweep}: job ${q.id.slice(0, 8)}: could not copy the checkpoint to Redis (${e.message}); the next one will be`)),
    });
    running.set(q.id, { controller, dir, done: work.catch(() => {}) });
    try {
      const result = await work;
      o.log(`${q.sweep}: ${q.setting}, seed ${q.seed}: done in ${result.seconds.toFixed(0)} s`);
      return { ...result, worker: name };
    } catch (e) {
      if (stopping) await new Promise(() => {}); // the process is ending: the job goes back to the queue when its lock expires
      const message = e instanceof Error ? e.message : String(e);
      o.log(`${q.sweep}: ${q.setting}, seed ${q.seed}: failed: ${message}`);
      if (e instanceof JobError && e.permanent) throw new UnrecoverableError(message);
      throw e;
    } finally {
      running.delete(q.id);
    }
  };
  const worker = new Worker(QUEUE_NAME, processor, {
    connection: o.connection,
    prefix: QUEUE_PREFIX,
    concurrency: o.concurrency,
    name,
    lockDuration: o.stalledMs,
    stalledInterval: o.stalledMs,
    maxStalledCount: 1000, // a job outlives any number of dead workers
  });
  worker.on('error', (e) => o.log(`queue: ${e.message}`));
  return {
    name,
    async stop() {
      stopping = true;
      const jobs = [...running.entries()];
      for (const [, r] of jobs) r.controller.abort();
      await Promise.all(jobs.map(([, r]) => r.done));
      await Promise.all(
        jobs.map(async ([id, r]) => {
          try {
            await storeRun(o.connection, id, r.dir);
          } catch (e) {
            o.log(`job ${id.slice(0, 8)}: could not copy the last checkpoint to Redis (${(e as Error).message})`);
          }
        }),
      );
    },
  };
}
