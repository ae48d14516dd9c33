/**
 * One writer per run folder. The process that trains into a folder holds its lock, the file run.lock
 * with its pid, host and start time, for the whole run; it is removed when the run ends (normally, by
 * an error, or on Ctrl-C/SIGTERM). A second writer (another `--resume`, a new run with `--out` onto the
 * folder, `--overwrite`) refuses in one line ({@link RunLockError}, exit 2) and writes nothing.
 *
 * The lock appears whole or not at all: its content is written to a temporary file which is then
 * hard-linked to run.lock (link fails if run.lock exists: the O_EXCL of lock files); where links are not
 * supported, run.lock is created with the `wx` flag (O_CREAT | O_EXCL) and written.
 *
 * A lock is stale when its host is this one and its pid no longer runs (process.kill(pid, 0) → ESRCH):
 * a process killed with SIGKILL leaves one, and the next writer takes it over. A lock from another host
 * cannot be checked: the refusal names the host and says to remove the file if no tsgan runs there.
 * (A pid reused by an unrelated process makes a stale lock look held: the refusal says which pid.)
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { errorCode, explainFileSystemError } from '../files/file-system-error.js';
import { nodeFileLayer } from '../files/file-layer.js';
import { isRunFinished, LOCK_FILE, prepareRunFolder, RunFolderError, runPaths } from './run-folder.js';
import { loadCheckpoint } from './checkpoint.js';

/** A run folder another process writes (or whose lock cannot be taken); `message` is one line with the fix. */
export class RunLockError extends Error {
  override readonly name = 'RunLockError';
}

/** What run.lock holds. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO 8601 time the lock was taken. */
  readonly started: string;
}

/** A lock held by this process; {@link release} removes it (again is a no-op). */
export interface RunLock {
  readonly path: string;
  release(): void;
}

/** The lock file's holder, 'none' if there is no lock file, or 'unreadable' if it is not a lock. */
function readHolder(path: string): { holder: LockHolder; text: string } | 'none' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return 'none';
    throw explainFileSystemError(e, path, 'read the lock');
  }
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (Number.isSafeInteger(h.pid) && (h.pid as number) > 0 && typeof h.host === 'string' && typeof h.started === 'string') return { holder: h as LockHolder, text };
  } catch {
    // not JSON
  }
  return 'unreadable';
}

/** The lock files this process holds (resolved paths). */
const heldHere = new Set<string>();

/**
 * Whether the holder `h` of the lock at `path` may still be writing: on another host, always (it cannot
 * be checked); on this one, if its pid runs. Our own pid holds it only if this process took it: a lock
 * with our pid that we did not take was left by an earlier process that had the same pid (a container
 * restarted, say), which has ended.
 */
function isLive(h: LockHolder, path: string): boolean {
  if (h.host !== hostname()) return true;
  if (h.pid === process.pid) return heldHere.has(resolve(path));
  return nodeFileLayer.processAlive(h.pid);
}

/** The refusal for a folder whose lock `h` holds. */
function inUse(dir: string, h: LockHolder): RunLockError {
  if (h.host === hostname()) return new RunLockError(`${dir}: in use by another tsgan (pid ${h.pid} on this host, since ${h.started}): wait for it to end, or stop it (kill ${h.pid})`);
  return new RunLockError(`${dir}: in use by tsgan pid ${h.pid} on host ${h.host} (since ${h.started}): if no tsgan runs there on this folder any more, remove ${join(dir, LOCK_FILE)} and run again`);
}

function unreadable(dir: string): RunLockError {
  const path = join(dir, LOCK_FILE);
  return new RunLockError(`${dir}: ${path} is not a tsgan lock (damaged or written by something else): if no tsgan runs on this folder, remove it and run again`);
}

/**
 * Throws {@link RunLockError} if a live process holds `dir`'s lock; reads only (a stale lock stays for
 * {@link acquireRunLock} to take over). For refusing early, before any other check.
 */
export function checkRunLockFree(dir: string): void {
  const path = join(dir, LOCK_FILE);
  const h = readHolder(path);
  if (h === 'none') return;
  if (h === 'unreadable') throw unreadable(dir);
  if (isLive(h.holder, path)) throw inUse(dir, h.holder);
}

/** Creates `path` holding `text` if it does not exist; false if it does. */
function createExclusive(path: string, text: string): boolean {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'w' });
    try {
      linkSync(tmp, path);
      return true;
    } catch (e) {
      if (errorCode(e) === 'EEXIST') return false;
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(errorCode(e) ?? '')) throw e;
    }
    // No hard links on this file system: O_EXCL creation, then the content.
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if (errorCode(e) === 'EEXIST') return false;
      throw e;
    }
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (e) {
    throw explainFileSystemError(e, path, 'create the lock');
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Removes the stale lock at `path` whose content was `text`, unless another process replaced it in the
 * meantime (it is moved aside first, so two processes cannot both remove it: the second finds nothing).
 */
function removeStale(path: string, text: string): void {
  const aside = `${path}.stale.${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return; // someone else removed it
    throw explainFileSystemError(e, path, 'remove the stale lock');
  }
  try {
    if (readFileSync(aside, 'utf8') !== text) {
      // A fresh lock taken since we read the stale one: put it back.
      try {
        linkSync(aside, path);
      } catch {
        /* yet another process holds the folder now: it will be refused by that one's lock */
      }
    }
  } finally {
    rmSync(aside, { force: true });
  }
}

/**
 * Takes `dir`'s lock for this process (the folder must exist), taking over a stale one; throws
 * {@link RunLockError} if another process holds it. The lock is also released if the process exits
 * without calling {@link RunLock.release} (e.g. process.exit on a second Ctrl-C); only SIGKILL leaves it.
 */
export function acquireRunLock(dir: string): RunLock {
  const path = join(dir, LOCK_FILE);
  const mine = `${JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() } satisfies LockHolder)}\n`;
  for (let attempt = 0; attempt < 10; attempt++) {
    if (createExclusive(path, mine)) {
      heldHere.add(resolve(path));
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        heldHere.delete(resolve(path));
        process.off('exit', release);
        try {
          // Remove it only if it is still ours.
          if (readFileSync(path, 'utf8') === mine) unlinkSync(path);
        } catch {
          /* gone already, or unreadable: nothing of ours to remove */
        }
      };
      process.on('exit', release);
      return { path, release };
    }
    const h = readHolder(path);
    if (h === 'none') continue; // released in the meantime: try again
    if (h === 'unreadable') {
      // An empty file can be the `wx` fallback's, between its creation and its write: give it a moment.
      if (statSync(path, { throwIfNoEntry: false })?.size === 0 && attempt < 9) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        continue;
      }
      throw unreadable(dir);
    }
    if (isLive(h.holder, path)) throw inUse(dir, h.holder);
    removeStale(path, h.text);
  }
  throw new RunLockError(`${dir}: cannot take ${path}: other processes keep taking it; run again`);
}

/**
 * The one-line refusal for starting a new run in `dir` when it holds an unfinished one (stopped by a
 * crash or Ctrl-C, so `--resume` can continue it), or undefined when there is none or `overwrite` is set.
 */
function unfinishedRun(dir: string, overwrite: boolean): RunFolderError | undefined {
  const p = runPaths(dir);
  if (overwrite || !statSync(p.config, { throwIfNoEntry: false })?.isFile() || isRunFinished(dir)) return undefined;
  let where = 'no checkpoint yet';
  if (statSync(p.checkpoint, { throwIfNoEntry: false }) !== undefined) {
    try {
      const c = loadCheckpoint(p.checkpoint);
      where = `stopped at step ${c.state.step} of ${c.config.steps}`;
    } catch {
      where = 'its checkpoint cannot be read';
    }
  }
  return new RunFolderError(`--out ${dir}: holds an unfinished run (${where}): continue it with \`tsgan train --resume ${dir}\`, or pass --overwrite to start it again`);
}

/**
 * Makes `dir` ready for a new run and takes its lock: refuses (writing nothing) a folder another
 * process writes, a folder with an unfinished run (unless `overwrite`), and what prepareRunFolder
 * refuses; then creates the folder if needed and, under the lock, replaces an old run's files when
 * `overwrite` is set. The caller releases the lock.
 */
export function lockNewRunFolder(dir: string, overwrite: boolean): RunLock {
  let isDir = false;
  try {
    isDir = statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    // a path that cannot be a folder: prepareRunFolder says why
  }
  if (isDir) {
    checkRunLockFree(dir);
    const unfinished = unfinishedRun(dir, overwrite);
    if (unfinished !== undefined) throw unfinished;
  } else {
    prepareRunFolder(dir, false); // creates it (or says why it cannot)
  }
  const lock = acquireRunLock(dir);
  try {
    prepareRunFolder(dir, overwrite);
  } catch (e) {
    lock.release();
    throw e;
  }
  return lock;
}
