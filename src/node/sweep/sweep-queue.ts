/**
 * Sweeps on a BullMQ queue in Redis. `submitSweep` records the sweep and adds its jobs, each with an id
 * that hashes its config, seed and measures (./job-id.ts), so a sweep submitted twice — or again after
 * the submitting machine crashed — adds only what is missing. `sweepState` reads every job's state,
 * progress, result or failure back. Workers (./sweep-worker.ts) take the jobs.
 *
 * Keys besides BullMQ's own (prefix `tsgan`, queue `jobs`): `tsgan:sweep:<name>` the sweep's record
 * (its file, settings, seeds, measures and job ids); `tsgan:sweeps` the set of sweep names.
 */
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobResult, MeasureName, SweepJob, SweepSpec } from '../../index.js';
import { jobId } from './job-id.js';
import { queueModules, QueueError } from './redis-connection.js';
import { packageVersion } from '../files/package-root.js';

/** BullMQ's key prefix and queue name for tsgan's jobs. */
export const QUEUE_PREFIX = 'tsgan';
export const QUEUE_NAME = 'jobs';

/** A job as queued: the sweep job with its id (what a worker checks before it runs anything). */
export interface QueuedJob extends SweepJob {
  readonly id: string;
}

/** A job on the queue: with the version of tsgan that submitted it (a worker runs only its own version's jobs). */
export interface JobPayload extends QueuedJob {
  readonly tsgan: string;
}

/** What the queue keeps about a sweep. */
export interface SweepRecord {
  readonly name: string;
  readonly spec: SweepSpec;
  /** The settings' labels in sweep order. */
  readonly settings: readonly string[];
  readonly seeds: readonly number[];
  readonly measure: readonly MeasureName[];
  readonly jobs: readonly { readonly id: string; readonly setting: string; readonly seed: number; readonly steps: number }[];
  readonly submitted: string;
}

/** A job's state as read back. */
export interface JobState {
  readonly id: string;
  readonly setting: string;
  readonly seed: number;
  readonly steps: number;
  /** BullMQ's state: waiting, active, completed, failed, delayed, … ('missing': not on the queue). */
  readonly state: string;
  /** The step reached (active jobs), all steps (completed), else 0. */
  readonly step: number;
  readonly result?: JobResult & { readonly worker?: string };
  readonly failedReason?: string;
  /** Times the job was started (more than 1: retried, or taken over from a dead worker). */
  readonly attempts: number;
  readonly worker?: string;
}

const sweepKey = (name: string) => `tsgan:sweep:${name}`;

/** The queue on `connection`. Close it after use. */
export async function openQueue(connection: Redis): Promise<Queue> {
  const { Queue } = (await queueModules()).bullmq;
  return new Queue(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
}

/** How jobs are added: kept when done (the sweep's table reads them), retried with backoff when they fail for a reason that may pass. */
const JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: false, removeOnFail: false } as const;

/**
 * Records `spec` with its `jobs` on the queue and adds the jobs not there yet. Returns the jobs added
 * and those already queued (any state). Refuses (QueueError) a sweep of the same name with other jobs.
 * `retryFailed`: failed jobs of the sweep go back to the queue.
 */
export async function submitSweep(redis: Redis, spec: SweepSpec, settings: readonly string[], jobs: readonly SweepJob[], retryFailed = false): Promise<{ added: number; existing: number; retried: number; record: SweepRecord }> {
  const queued: QueuedJob[] = jobs.map((j) => ({ ...j, id: jobId(j) }));
  const record: SweepRecord = {
    name: spec.name,
    spec,
    settings,
    seeds: spec.seeds,
    measure: queued[0]?.measure ?? [],
    jobs: queued.map((j) => ({ id: j.id, setting: j.setting, seed: j.seed, steps: j.config.steps })),
    submitted: new Date().toISOString(),
  };
  const before = await redis.get(sweepKey(spec.name));
  if (before !== null) {
    const old = JSON.parse(before) as SweepRecord;
    const same = old.jobs.length === record.jobs.length && old.jobs.every((j, i) => j.id === record.jobs[i].id && j.setting === record.jobs[i].setting);
    if (!same) throw new QueueError(`sweep "${spec.name}" is on the queue already with other settings or seeds: give this one another name (the file's "name"), or remove the old one with \`tsgan sweep remove ${spec.name}\``);
  } else {
    await redis.multi().set(sweepKey(spec.name), JSON.stringify(record)).sadd('tsgan:sweeps', spec.name).exec();
  }
  const queue = await openQueue(redis);
  try {
    const present = await Promise.all(queued.map((j) => queue.getJob(j.id)));
    const missing = queued.filter((_, i) => present[i] === undefined);
    if (missing.length > 0) await queue.addBulk(missing.map((j) => ({ name: j.sweep, data: { ...j, tsgan: packageVersion() } satisfies JobPayload, opts: { ...JOB_OPTIONS, jobId: j.id } })));
    let retried = 0;
    if (retryFailed) {
      for (const j of present) {
        if (j !== undefined && (await j.getState()) === 'failed') {
          await j.retry('failed');
          retried++;
        }
      }
    }
    return { added: missing.length, existing: queued.length - missing.length, retried, record: before === null ? record : (JSON.parse(before) as SweepRecord) };
  } finally {
    await queue.close();
  }
}

/** The record of sweep `name`, or a QueueError naming the sweeps there are. */
export async function readSweepRecord(redis: Redis, name: string): Promise<SweepRecord> {
  const text = await redis.get(sweepKey(name));
  if (text === null) {
    const names = (await redis.smembers('tsgan:sweeps')).sort();
    throw new QueueError(`no sweep "${name}" on this queue${names.length === 0 ? ' (it holds none)' : `: it holds ${names.join(', ')}`}`);
  }
  return JSON.parse(text) as SweepRecord;
}

/** The names of the sweeps on the queue. */
export async function sweepNames(redis: Redis): Promise<string[]> {
  return (await redis.smembers('tsgan:sweeps')).sort();
}

/** The state of one queued job (`job` undefined: not on the queue). */
async function stateOf(entry: SweepRecord['jobs'][number], job: Job | undefined): Promise<JobState> {
  const base = { id: entry.id, setting: entry.setting, seed: entry.seed, steps: entry.steps };
  if (job === undefined) return { ...base, state: 'missing', step: 0, attempts: 0 };
  const state = await job.getState();
  const progress = job.progress as { step?: number } | number | undefined;
  const step = state === 'completed' ? entry.steps : typeof progress === 'object' && progress !== null && typeof progress.step === 'number' ? progress.step : 0;
  return {
    ...base,
    state,
    step,
    attempts: job.attemptsStarted ?? job.attemptsMade,
    ...(state === 'completed' ? { result: job.returnvalue as JobResult } : {}),
    ...(state === 'failed' ? { failedReason: job.failedReason } : {}),
    ...(job.processedBy === undefined ? {} : { worker: job.processedBy }),
  };
}

/** Every job of sweep `record` with its state. */
export async function sweepState(redis: Redis, record: SweepRecord): Promise<JobState[]> {
  const queue = await openQueue(redis);
  try {
    const jobs = await Promise.all(record.jobs.map((j) => queue.getJob(j.id)));
    return await Promise.all(record.jobs.map((j, i) => stateOf(j, jobs[i])));
  } finally {
    await queue.close();
  }
}

/**
 * Removes sweep `name`'s record, its jobs (unless running) and their stored runs; returns the jobs
 * removed. A job another sweep also holds (the same work: the same id) is kept for that sweep.
 */
export async function removeSweep(redis: Redis, name: string): Promise<number> {
  const record = await readSweepRecord(redis, name);
  const shared = new Set<string>();
  for (const other of await sweepNames(redis)) {
    if (other !== name) for (const j of (await readSweepRecord(redis, other)).jobs) shared.add(j.id);
  }
  const queue = await openQueue(redis);
  let removed = 0;
  try {
    for (const j of record.jobs) {
      if (shared.has(j.id)) continue;
      const job = await queue.getJob(j.id);
      if (job !== undefined && (await job.getState()) === 'active') throw new QueueError(`sweep "${name}": job ${j.id} (${j.setting}, seed ${j.seed}) is running: stop its worker first, or wait for it`);
    }
    for (const j of record.jobs) {
      if (shared.has(j.id)) continue;
      const job = await queue.getJob(j.id);
      if (job !== undefined) {
        await job.remove();
        removed++;
      }
      await redis.del(`tsgan:run:${j.id}`, `tsgan:run:${j.id}:step`);
    }
    await redis.multi().del(sweepKey(name)).srem('tsgan:sweeps', name).exec();
    return removed;
  } finally {
    await queue.close();
  }
}
