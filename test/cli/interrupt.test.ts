/**
 * Issue #20, finding 8 (exit codes) and 7 (--checkpoint-every): an interrupted run saves itself, says in
 * one line how to continue it, and exits 130 (SIGINT, Ctrl-C) or 143 (SIGTERM), so that
 * `tsgan train … && next` stops; `--checkpoint-every` takes whole numbers from 1.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertBadInput, CLI, ROOT, tempDir } from '../helpers/cli.js';
import { checkpointStep, waitFor } from '../helpers/run-folder.js';

const FLAGS = ['--g-hidden', '16,16', '--d-hidden', '16,16', '--batch-size', '32', '--snapshot-every', '10', '--seed', '2', '--quiet'];

/** Starts a long run in `dir`, sends `signal` once it has evaluated step 10, and returns its exit code and stderr. */
async function interrupted(dir: string, signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'train', '--steps', '100000', '--out', dir, ...FLAGS], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += String(b)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await waitFor(() => readFileSync(join(dir, 'metrics.jsonl'), 'utf8').includes('"type":"eval"'), 'the first evaluation');
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  child.kill(signal);
  const code = await exited;
  return { code, stderr };
}

for (const [signal, code, name] of [['SIGINT', 130, 'Ctrl-C'], ['SIGTERM', 143, 'SIGTERM']] as const) {
  test(`${signal}: the run is saved, one line gives the resume command, exit ${code}`, async () => {
    const dir = join(tempDir(), 'run');
    const r = await interrupted(dir, signal);
    assert.equal(r.code, code, r.stderr);
    const step = checkpointStep(dir);
    assert.ok(step >= 10, `checkpoint at step ${step}`);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    assert.equal(summary.interrupted, true);
    assert.equal(summary.steps, step);
    const last = r.stderr.trim().split('\n').pop();
    assert.equal(last, `tsgan: stopped by ${name} at step ${step}; the run is saved: continue it with \`tsgan train --resume ${dir}\``);
    assert.ok(!existsSync(join(dir, 'run.lock')), 'the lock is released');
  });
}

test('--checkpoint-every 0 and -1 are refused (0 never checkpointed, -1 checkpointed every step)', () => {
  assertBadInput(['train', '--checkpoint-every', '0', '--steps', '5', '--quiet'], /--checkpoint-every: must be a whole number of at least 1, got 0/);
  assertBadInput(['train', '--checkpoint-every', '-1', '--steps', '5', '--quiet'], /--checkpoint-every: must be a whole number of at least 1, got -1/);
});
