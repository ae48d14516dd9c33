/**
 * The CLI on a full disk and on paths it cannot write: one line naming the path and the fix, exit code
 * 4 (environment: disk full) or 2 (the path), never "internal error", and no good file lost. The full
 * disk and the read-only folder are real tmpfs mounts (skipped, with the reason printed, where
 * mounting is not allowed); the same logic runs everywhere in test/node/atomic-write.test.ts.
 */
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, tempDir, tsgan } from '../helpers/cli.js';
import { loadCheckpoint } from '../../src/node/run/checkpoint.js';

const SMALL = ['--g-hidden', '8', '--d-hidden', '8', '--steps', '10', '--quiet'];
const mounts: string[] = [];

/** Mounts a tmpfs with `options` on a new folder; returns it, or the reason it cannot be done. */
function mountTmpfs(options: string): { dir: string } | { reason: string } {
  const dir = tempDir('tsgan-tmpfs-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return { reason: `cannot mount a tmpfs here (${(r.error?.message ?? r.stderr).trim() || `exit ${r.status}`}); needs root in a system that allows mounts` };
  mounts.push(dir);
  return { dir };
}

after(() => {
  for (const dir of mounts) spawnSync('umount', [dir]);
});

/** Asserts one line on stderr naming `path`, matching `words`, with `code`, no stack and no "internal error". */
function assertOneLine(r: { code: number; stderr: string }, code: number, path: string, words: RegExp): void {
  assert.equal(r.code, code, `exit code: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.ok(lines[0].includes(path), `names ${path}: ${lines[0]}`);
  assert.match(lines[0], words);
  assert.doesNotMatch(r.stderr, /internal error|at .*\.js:\d+/);
}

test('train --out under a file: exit 2, one line naming the path', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'file'), 'x');
  const out = join(dir, 'file', 'run');
  assertOneLine(tsgan(['train', ...SMALL, '--out', out]), 2, out, /is a file, not a folder/);
});

test("train --out '': exit 2, one line saying it is empty", () => {
  assertOneLine(tsgan(['train', ...SMALL, '--out', '']), 2, '--out', /empty/);
});

test('train --out with a 300-character name: exit 2, "too long", nothing created', () => {
  const dir = tempDir();
  const out = join(dir, 'r'.repeat(300));
  assertOneLine(tsgan(['train', ...SMALL, '--out', out]), 2, out, /too long/);
  assert.deepEqual(readdirSync(dir), []);
});

test('train --out /proc/x ends within seconds: exit 2, one line naming the path', (t) => {
  if (!existsSync('/proc/self')) return t.skip('no /proc on this system');
  const t0 = performance.now();
  assertOneLine(tsgan(['train', ...SMALL, '--out', '/proc/x'], { timeoutMs: 30_000 }), 2, '/proc/x', /cannot hold new folders/);
  assert.ok(performance.now() - t0 < 30_000);
});

test('train --out on a read-only file system (a folder to create, and the empty mount itself): exit 2, "read-only"', (t) => {
  const m = mountTmpfs('ro,size=64k');
  if ('reason' in m) return t.skip(m.reason);
  const inside = join(m.dir, 'run');
  assertOneLine(tsgan(['train', ...SMALL, '--out', inside]), 2, inside, /read-only/);
  // The mount point exists and is empty, so the run folder is fine until the first file is written.
  assertOneLine(tsgan(['train', ...SMALL, '--out', m.dir]), 2, m.dir, /read-only/);
  assert.deepEqual(readdirSync(m.dir), []);
});

let runDir = '';
before(() => {
  runDir = join(tempDir(), 'run');
  const r = tsgan(['train', ...SMALL, '--out', runDir]);
  assert.equal(r.code, 0, r.stderr);
});

test('sample --out into a missing folder: exit 2, one line naming the path, nothing created', () => {
  const dir = tempDir();
  const out = join(dir, 'missing', 'dir', 'file.json');
  assertOneLine(tsgan(['sample', runDir, '--n', '5', '--out', out]), 2, out, /does not exist/);
  assert.deepEqual(readdirSync(dir), []);
});

/** Fills the file system of `dir` with one file until it is full (short writes, then ENOSPC). */
function fill(dir: string): void {
  const fd = openSync(join(dir, 'filler'), 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) if (writeSync(fd, chunk) === 0) break;
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
}

test('a disk filling up during training: exit 4, one line "no space" naming the file; the last checkpoint still loads, metrics.jsonl has no cut line', async (t) => {
  const m = mountTmpfs('size=1m');
  if ('reason' in m) return t.skip(m.reason);
  const run = join(m.dir, 'run');
  const args = ['train', '--g-hidden', '16,16', '--d-hidden', '16,16', '--steps', '400', '--checkpoint-every', '50', '--snapshot-every', '50', '--quiet', '--out', run];
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  child.stdout.resume();
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  // Once the first checkpoint is in place (it appears by a rename, whole), the disk fills up.
  const checkpoint = join(run, 'checkpoint.json');
  let done = false;
  void exited.then(() => (done = true));
  while (!existsSync(checkpoint) && !done) await new Promise((r) => setTimeout(r, 10));
  assert.ok(!done, `the run ended before its first checkpoint: ${stderr}`);
  fill(m.dir);
  const code = await exited;

  assertOneLine({ code, stderr }, 4, run, /no space left/);
  const saved = loadCheckpoint(checkpoint); // throws on a bad checksum or a truncated file
  assert.ok(saved.state.step >= 50 && saved.state.step % 50 === 0 && saved.state.step < 400, `checkpoint at step ${saved.state.step}`);
  const metrics = readFileSync(join(run, 'metrics.jsonl'), 'utf8');
  assert.ok(metrics.endsWith('\n'), 'metrics.jsonl ends with a whole line');
  const records = metrics.split('\n').slice(0, -1).map((line) => JSON.parse(line) as { step: number });
  assert.ok(records.length >= saved.state.step, `${records.length} records`);
  assert.deepEqual(readdirSync(run).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
  // The run is still usable: its checkpoint samples.
  const elsewhere = tempDir();
  mkdirSync(join(elsewhere, 'out'));
  const r = tsgan(['sample', run, '--n', '5', '--out', join(elsewhere, 'out', 's.json')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(readFileSync(join(elsewhere, 'out', 's.json'), 'utf8')) as { samples: number[][] }).samples.length, 5);
});

test('sample --out on a read-only file system: exit 2, one line "read-only", before any sampling', (t) => {
  const m = mountTmpfs('ro,size=64k');
  if ('reason' in m) return t.skip(m.reason);
  const out = join(m.dir, 'samples.json');
  assertOneLine(tsgan(['sample', runDir, '--n', '5', '--out', out]), 2, out, /read-only/);
});

test('benchmark modes --out into a missing folder fails before training any seed: exit 2, one line', () => {
  const dir = tempDir();
  const out = join(dir, 'missing', 'report.json');
  const r = tsgan(['benchmark', 'modes', '--seeds', '1', ...SMALL, '--out', out]);
  assertOneLine(r, 2, out, /does not exist/);
  assert.equal(r.stdout, '');
});
