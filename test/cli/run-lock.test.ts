/**
 * Issue #20, finding 4: one writer per run folder. A lock file (run.lock: pid, host, start time) is held
 * for the run's life; a second `train --resume`, a `train --out` onto the folder and `--overwrite`
 * refuse in one line, exit 2, writing nothing. A lock left by a killed process on this host is stale
 * and taken over; a lock from another host is refused with how to remove it.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, tempDir, tsgan } from '../helpers/cli.js';
import { waitFor } from '../helpers/run-folder.js';
import { acquireRunLock, RunLockError } from '../../src/node/run/run-lock.js';

const FLAGS = ['--g-hidden', '16,16', '--d-hidden', '16,16', '--batch-size', '32', '--snapshot-every', '10', '--quiet'];

/** The pid of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid;
}

test('acquire writes pid, host and start time; a second acquire is refused; release removes the file', () => {
  const dir = tempDir();
  const lock = acquireRunLock(dir);
  const held = JSON.parse(readFileSync(join(dir, 'run.lock'), 'utf8'));
  assert.equal(held.pid, process.pid);
  assert.equal(held.host, hostname());
  assert.ok(Math.abs(Date.parse(held.started) - Date.now()) < 60_000, held.started);
  assert.throws(
    () => acquireRunLock(dir),
    (e: unknown) => e instanceof RunLockError && e.message === `${dir}: in use by another tsgan (pid ${process.pid} on this host, since ${held.started}): wait for it to end, or stop it (kill ${process.pid})`,
  );
  lock.release();
  assert.ok(!existsSync(join(dir, 'run.lock')));
  acquireRunLock(dir).release();
});

test("a lock of a process that has ended on this host is stale: it is taken over", () => {
  const dir = tempDir();
  const pid = deadPid();
  writeFileSync(join(dir, 'run.lock'), JSON.stringify({ pid, host: hostname(), started: '2020-01-01T00:00:00.000Z' }));
  const lock = acquireRunLock(dir);
  assert.equal(JSON.parse(readFileSync(join(dir, 'run.lock'), 'utf8')).pid, process.pid);
  lock.release();
});

test('a lock with our own pid that this process did not take (an earlier process had the pid) is stale', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'run.lock'), JSON.stringify({ pid: process.pid, host: hostname(), started: '2020-01-01T00:00:00.000Z' }));
  const lock = acquireRunLock(dir);
  assert.notEqual(JSON.parse(readFileSync(join(dir, 'run.lock'), 'utf8')).started, '2020-01-01T00:00:00.000Z');
  lock.release();
  assert.ok(!existsSync(join(dir, 'run.lock')));
});

test('a lock from another host is refused, naming the host and how to remove it', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'run.lock'), JSON.stringify({ pid: 4242, host: 'elsewhere.example', started: '2020-01-01T00:00:00.000Z' }));
  assert.throws(
    () => acquireRunLock(dir),
    (e: unknown) =>
      e instanceof RunLockError &&
      e.message === `${dir}: in use by tsgan pid 4242 on host elsewhere.example (since 2020-01-01T00:00:00.000Z): if no tsgan runs there on this folder any more, remove ${join(dir, 'run.lock')} and run again`,
  );
  assert.equal(JSON.parse(readFileSync(join(dir, 'run.lock'), 'utf8')).host, 'elsewhere.example', 'left as it was');
});

test('while a run trains, a second --resume, a new run with --out and --overwrite all refuse in one line, exit 2; after a SIGKILL the lock is stale', async () => {
  const d = tempDir();
  const dir = join(d, 'live');
  const child = spawn(process.execPath, [CLI, 'train', '--steps', '100000', '--checkpoint-every', '100000', '--seed', '7', '--out', dir, ...FLAGS], { cwd: ROOT, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    await waitFor(() => existsSync(join(dir, 'config.json')) && existsSync(join(dir, 'metrics.jsonl')), 'the run to start');
    assert.equal(JSON.parse(readFileSync(join(dir, 'run.lock'), 'utf8')).pid, child.pid);
    const inUse = new RegExp(`^tsgan: ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: in use by another tsgan \\(pid ${child.pid} on this host, since [0-9T:.Z-]+\\): wait for it to end, or stop it \\(kill ${child.pid}\\)$`);
    for (const args of [
      ['train', '--resume', dir, '--steps', '100000', '--quiet'],
      ['train', '--steps', '20', '--seed', '8', '--out', dir, ...FLAGS],
      ['train', '--steps', '20', '--seed', '8', '--out', dir, '--overwrite', ...FLAGS],
    ]) {
      const r = tsgan(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.deepEqual(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr.trim(), inUse);
      assert.equal(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).seed, 7, 'the live run\'s config.json is untouched');
    }
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
  // The killed run left its lock: stale (its pid is gone), so --resume takes it over and finishes.
  assert.equal(JSON.parse(readFileSync(join(dir, 'run.lock'), 'utf8')).pid, child.pid);
  const r = tsgan(['train', '--resume', dir, '--steps', '15', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /trained 15 steps/);
  assert.ok(!existsSync(join(dir, 'run.lock')), 'released at the end');
  const steps = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((x) => x.type === 'step');
  assert.deepEqual(steps.map((x) => x.step), Array.from({ length: 15 }, (_, i) => i + 1), 'each step once');
});

test('a folder that only holds a stale lock (killed before config.json) takes a new run', () => {
  const dir = join(tempDir(), 'bare');
  mkdirSync(dir);
  writeFileSync(join(dir, 'run.lock'), JSON.stringify({ pid: deadPid(), host: hostname(), started: '2020-01-01T00:00:00.000Z' }));
  const r = tsgan(['train', '--steps', '5', '--seed', '1', '--out', dir, ...FLAGS]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!existsSync(join(dir, 'run.lock')));
});
