/**
 * A queued job's run folder, kept in Redis: after every checkpoint the worker copies the folder there
 * (config.json, run-options.json, checkpoint.json — checksummed as on disk — metrics.jsonl, grids/, and
 * at the end the pictures and summary.json), in one transaction, so the stored copy is always one
 * whole checkpoint's. A worker that takes over a job whose worker died writes the copy back into a
 * folder and resumes it (`tsgan train --resume`, exact); `tsgan sweep report --fetch` writes the
 * finished runs' folders for `tsgan eval`.
 *
 * Keys: `tsgan:run:<job id>` is a hash of file path → bytes; `tsgan:run:<job id>:step` the step of the
 * checkpoint it holds.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Redis } from 'ioredis';
import { writeFileAtomic } from '../files/atomic-write.js';
import { LOCK_FILE, RUN_FILES } from '../run/run-folder.js';

const runKey = (id: string) => `tsgan:run:${id}`;

/** The files of `dir` to store, as paths relative to it: everything but the lock, checkpoint first. */
function storedFiles(dir: string): string[] {
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f !== LOCK_FILE && !f.endsWith('.tmp') && statSync(join(dir, f)).isFile());
  // The checkpoint is read first: every file read after it is at least as new, as a resume needs
  // (metrics.jsonl holds every record up to the checkpoint's step).
  return files.sort((a, b) => Number(b === RUN_FILES.checkpoint) - Number(a === RUN_FILES.checkpoint) || a.localeCompare(b));
}

/** The step of a checkpoint file's bytes (its payload's step), or 0 when it does not parse. */
function checkpointStep(bytes: Buffer): number {
  try {
    const step = (JSON.parse(bytes.toString('utf8')) as { payload?: { step?: unknown } }).payload?.step;
    return typeof step === 'number' ? step : 0;
  } catch {
    return 0;
  }
}

/**
 * Copies run folder `dir` of job `id` to Redis in one transaction, replacing the copy before; returns
 * the step of the checkpoint copied (0: none yet).
 */
export async function storeRun(redis: Redis, id: string, dir: string): Promise<number> {
  const entries: (string | Buffer)[] = [];
  let step = 0;
  for (const f of storedFiles(dir)) {
    try {
      const bytes = readFileSync(join(dir, f));
      if (f === RUN_FILES.checkpoint) step = checkpointStep(bytes);
      entries.push(f.split(sep).join('/'), bytes);
    } catch {
      // a picture replaced while being read: the next copy has it
    }
  }
  const tx = redis.multi().del(runKey(id));
  if (entries.length > 0) tx.hset(runKey(id), ...(entries as [string, Buffer]));
  await tx.set(`${runKey(id)}:step`, String(step)).exec();
  return step;
}

/** The step of the checkpoint stored for job `id`, or undefined when nothing is stored. */
export async function storedStep(redis: Redis, id: string): Promise<number | undefined> {
  const s = await redis.get(`${runKey(id)}:step`);
  return s === null ? undefined : Number(s);
}

/**
 * Writes the stored copy of job `id`'s run folder into `dir` (emptied first); returns false when
 * nothing is stored. A stored path that would leave `dir` is refused (Error).
 */
export async function restoreRun(redis: Redis, id: string, dir: string): Promise<boolean> {
  const files = await redis.hgetallBuffer(runKey(id));
  const names = Object.keys(files);
  if (names.length === 0) return false;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const root = resolve(dir);
  for (const name of names) {
    const target = resolve(root, name);
    if (relative(root, target).startsWith('..') || target === root) throw new Error(`job ${id}: the stored run holds a path outside its folder (${name})`);
    if (!existsSync(dirname(target))) mkdirSync(dirname(target), { recursive: true });
    writeFileAtomic(target, files[name]);
  }
  return true;
}

/** Removes job `id`'s stored run folder. */
export async function dropStoredRun(redis: Redis, id: string): Promise<void> {
  await redis.del(runKey(id), `${runKey(id)}:step`);
}
