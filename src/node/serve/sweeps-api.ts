/**
 * The Sweeps view's API (`tsgan serve --queue URL`): the sweeps on the queue with every job's state,
 * step and worker, and the files of each job's run as last copied to Redis by its worker (at every
 * checkpoint: ../sweep/run-store.ts), so a run on any machine can be watched while it trains. Read-only:
 * it reads the queue and the stored runs and changes nothing.
 */
import type { Redis } from 'ioredis';
import { readSweepRecord, sweepNames, sweepState, type JobState } from '../sweep/sweep-queue.js';

/** A sweep as GET /api/sweeps lists it. */
export interface SweepEntry {
  readonly name: string;
  readonly submitted: string;
  readonly measure: readonly string[];
  readonly jobs: readonly (JobState & { readonly stored: boolean })[];
}

/** The files of a stored run the API serves, with their types (nothing else is ever read). */
export const STORED_RUN_FILES: Readonly<Record<string, string>> = {
  'samples.png': 'image/png',
  'curves.png': 'image/png',
  'metrics.jsonl': 'application/x-ndjson; charset=utf-8',
  'config.json': 'application/json; charset=utf-8',
  'summary.json': 'application/json; charset=utf-8',
};

/** Every sweep on the queue of `redis`, newest first, with its jobs. */
export async function listSweeps(redis: Redis): Promise<SweepEntry[]> {
  const out: SweepEntry[] = [];
  for (const name of await sweepNames(redis)) {
    const record = await readSweepRecord(redis, name);
    const states = await sweepState(redis, record);
    const stored = await Promise.all(states.map((s) => redis.exists(`tsgan:run:${s.id}`)));
    out.push({ name, submitted: record.submitted, measure: record.measure, jobs: states.map((s, i) => ({ ...s, stored: stored[i] === 1 })) });
  }
  return out.sort((a, b) => b.submitted.localeCompare(a.submitted));
}

/**
 * The stored copy of file `file` of job `id`'s run, or undefined when the id is not a job id, the file
 * is not one of {@link STORED_RUN_FILES}, or nothing is stored.
 */
export async function storedRunFile(redis: Redis, id: string, file: string): Promise<{ bytes: Buffer; type: string } | undefined> {
  if (!/^[0-9a-f]{32}$/.test(id) || !Object.hasOwn(STORED_RUN_FILES, file)) return undefined;
  const bytes = await redis.hgetBuffer(`tsgan:run:${id}`, file);
  return bytes === null ? undefined : { bytes, type: STORED_RUN_FILES[file] };
}
