/** Resume: a run stopped (even by SIGKILL) and resumed ends exactly like the same run done in one go. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, tempDir, tsgan } from '../helpers/cli.js';

const FLAGS = ['--g-hidden', '16,16', '--d-hidden', '16,16', '--batch-size', '32', '--snapshot-every', '20', '--seed', '4', '--quiet'];
const stripTimes = (text: string) => text.replace(/"stepMs":[0-9.e+-]+/g, '');
const d = tempDir();

function sampleOf(dir: string, name: string): string {
  const out = join(d, name);
  const r = tsgan(['sample', dir, '--n', '300', '--seed', '1', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  return readFileSync(out, 'utf8');
}

const full = join(d, 'full');
const fullRun = tsgan(['train', '--steps', '60', '--out', full, ...FLAGS]);

test('stop at 25, resume to 60: metrics.jsonl and the generator equal the uninterrupted run', () => {
  assert.equal(fullRun.code, 0, fullRun.stderr);
  const part = join(d, 'part');
  assert.equal(tsgan(['train', '--steps', '25', '--out', part, ...FLAGS]).code, 0);
  const r = tsgan(['train', '--resume', part, '--steps', '60', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /trained 60 steps/);
  assert.equal(stripTimes(readFileSync(join(part, 'metrics.jsonl'), 'utf8')), stripTimes(readFileSync(join(full, 'metrics.jsonl'), 'utf8')));
  assert.equal(sampleOf(part, 'part.json'), sampleOf(full, 'full.json'));
  assert.equal(JSON.parse(readFileSync(join(part, 'config.json'), 'utf8')).steps, 60);
});

test('a fixed decay horizon and an averaged generator: stop at 25, resume to 60 equals one go', () => {
  const flags = [...FLAGS, '--lr-decay', 'linear', '--lr-decay-steps', '40', '--g-average', '0.9'];
  const one = join(d, 'avg-full');
  const part = join(d, 'avg-part');
  assert.equal(tsgan(['train', '--steps', '60', '--out', one, ...flags]).code, 0);
  assert.equal(tsgan(['train', '--steps', '25', '--out', part, ...flags]).code, 0);
  const r = tsgan(['train', '--resume', part, '--steps', '60', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(stripTimes(readFileSync(join(part, 'metrics.jsonl'), 'utf8')), stripTimes(readFileSync(join(one, 'metrics.jsonl'), 'utf8')));
  assert.equal(sampleOf(part, 'avg-part.json'), sampleOf(one, 'avg-full.json'));
  assert.notEqual(sampleOf(one, 'avg-full-2.json'), sampleOf(full, 'full-2.json'));
});

test('--resume refuses other flags and a run that is already there', () => {
  const r = tsgan(['train', '--resume', full, '--steps', '80', '--lr', '0.1']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--resume takes the config from the run: drop --lr/);
  const r2 = tsgan(['train', '--resume', full, '--steps', '60']);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /already at step 60/);
  const r3 = tsgan(['train', '--resume', join(d, 'nothing'), '--steps', '60']);
  assert.equal(r3.code, 2);
  assert.match(r3.stderr, /no such folder/);
});

/** Starts a training process and SIGKILLs it after `ms` milliseconds (or lets it finish). */
function trainKilledAfter(args: string[], ms: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal === 'SIGKILL' ? 'killed' : code === 0 ? 'finished' : 'killed');
    });
  });
}

test('SIGKILL at random moments, then resume: the same final generator and metrics as one go', async () => {
  const dir = join(d, 'killed');
  const total = 60;
  let seedState = 12345;
  const random = () => ((seedState = (seedState * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let outcome = await trainKilledAfter(['train', '--steps', String(total), '--checkpoint-every', '5', '--out', dir, ...FLAGS], 2500 + 2000 * random());
  let kills = outcome === 'killed' ? 1 : 0;
  /** The step of the run's checkpoint, or -1 (a kill can land after the final checkpoint is written). */
  const checkpointStep = () => (existsSync(join(dir, 'checkpoint.json')) ? JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')).payload.step : -1);
  for (let attempt = 0; attempt < 6 && outcome !== 'finished'; attempt++) {
    if (checkpointStep() === total) {
      outcome = 'finished';
      break;
    }
    const args = existsSync(join(dir, 'checkpoint.json'))
      ? ['train', '--resume', dir, '--steps', String(total), '--checkpoint-every', '5', '--quiet']
      : ['train', '--steps', String(total), '--checkpoint-every', '5', '--out', dir, '--overwrite', ...FLAGS];
    outcome = await trainKilledAfter(args, attempt < 2 ? 2000 + 2000 * random() : 600_000);
    if (outcome === 'killed') kills++;
  }
  assert.equal(outcome, 'finished');
  assert.ok(kills >= 1, 'the run was killed at least once');
  assert.equal(stripTimes(readFileSync(join(dir, 'metrics.jsonl'), 'utf8')), stripTimes(readFileSync(join(full, 'metrics.jsonl'), 'utf8')));
  assert.equal(sampleOf(dir, 'killed.json'), sampleOf(full, 'full2.json'));
});
