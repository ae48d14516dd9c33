/**
 * A sweep job's id: the first 32 hex digits of the SHA-256 of its identity (the canonical JSON of its
 * config with its seed, its measures and its checkpoint interval: src/sweep/sweep-jobs.ts). Equal work
 * has one id, whichever sweep, file order or machine submits it, so the queue never runs it twice; a
 * worker recomputes the id of every job it takes and refuses one whose content does not match.
 */
import { createHash } from 'node:crypto';
import { jobIdentity, type SweepJob } from '../../index.js';

export function jobId(job: SweepJob): string {
  return createHash('sha256').update(jobIdentity(job)).digest('hex').slice(0, 32);
}
