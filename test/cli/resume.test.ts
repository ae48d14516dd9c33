/** Resume: a run stopped (even by SIGKILL) and resumed ends exactly like the same run done in one go. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, fallbackLine, ROOT, tempDir, tsgan } from '../helpers/cli.js';

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

// Once reported as TODO: in .ci/run's full suite one run of this test ran on the wasm backend. The kept stderr
// named the cause ('the native addon is not built'): the npx-local test just before ran `npm exec`, which re-ran
// the install script, whose rebuild deleted build/ for a minute. scripts/build-native.mjs now keeps an addon
// newer than every native source, and both resume tests passed in .ci/run since.
test('a fixed decay horizon and an averaged generator: stop at 25, resume to 60 equals one go', () => {
  const flags = [...FLAGS, '--lr-decay', 'linear', '--lr-decay-steps', '40', '--g-average', '0.9'];
  const one = join(d, 'avg-full');
  const part = join(d, 'avg-part');
  assert.equal(tsgan(['train', '--steps', '60', '--out', one, ...flags]).code, 0);
  assert.equal(tsgan(['train', '--steps', '25', '--out', part, ...flags]).code, 0);
  // What ran each process (backend, kernel level, threads), for the message should the records differ.
  const engine = (dir: string) => {
    const { backend, kernels, threads } = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    return `${backend}/${kernels}/${threads}`;
  };
  const engines = [`one go ${engine(one)}`, `first 25 ${engine(part)}`];
  const r = tsgan(['train', '--resume', part, '--steps', '60', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  engines.push(`resumed ${engine(part)}`);
  assert.equal(stripTimes(readFileSync(join(part, 'metrics.jsonl'), 'utf8')), stripTimes(readFileSync(join(one, 'metrics.jsonl'), 'utf8')), engines.join(', '));
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

/** The step of the checkpoint in `dir`, or -1 when there is none (it is written atomically, so it always parses). */
function checkpointStep(dir: string): number {
  const f = join(dir, 'checkpoint.json');
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')).payload.step : -1;
}

/**
 * Starts a training process and SIGKILLs it `extraMs` milliseconds after its checkpoint reaches step
 * `killAt` (or lets it finish when killAt is undefined or never reached). Tied to the run's progress,
 * not to the clock, so a fast or a busy machine kills at the same points of the run.
 */
const fallbacks: string[] = [];
function trainKilledAt(args: string[], dir: string, killAt: number | undefined, extraMs: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve) => {
    // stderr is kept: a process that fell back from the native engine says so there
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', () => {
      const line = fallbackLine(stderr);
      if (line !== undefined) fallbacks.push(`${args[0]} ${args[1]}: ${line}`);
    });
    let timer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (killAt === undefined || timer !== undefined || checkpointStep(dir) < killAt) return;
      timer = setTimeout(() => child.kill('SIGKILL'), extraMs);
    }, 5);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve(signal === 'SIGKILL' ? 'killed' : code === 0 ? 'finished' : 'killed');
    });
  });
}

// Its processes' stderr is kept: a fallback from the native engine fails the test with its reason first (see above).
test('SIGKILL at random moments, then resume: the same final generator and metrics as one go', async () => {
  const dir = join(d, 'killed');
  const total = 60;
  let seedState = 12345;
  const random = () => ((seedState = (seedState * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const train = ['train', '--steps', String(total), '--checkpoint-every', '5', '--out', dir, ...FLAGS];
  const resume = ['train', '--resume', dir, '--steps', String(total), '--checkpoint-every', '5', '--quiet'];
  // Three kills at random points: after the checkpoint of a random step (a multiple of 5 below 60),
  // plus 0–60 ms, so a kill lands anywhere between two checkpoints, even during one's write.
  let kills = 0;
  let outcome: 'killed' | 'finished' = 'killed';
  for (let attempt = 0; attempt < 3; attempt++) {
    const done = Math.max(checkpointStep(dir), 0);
    const killAt = Math.min(done + 5 * (1 + Math.floor(random() * 4)), total - 5);
    outcome = await trainKilledAt(attempt === 0 ? train : resume, dir, killAt, 60 * random());
    if (outcome === 'killed') kills++;
    if (checkpointStep(dir) === total) outcome = 'finished'; // killed after its last checkpoint: done
    if (outcome === 'finished') break;
  }
  if (outcome !== 'finished') outcome = await trainKilledAt(resume, dir, undefined, 0); // the rest, unkilled
  assert.equal(outcome, 'finished');
  assert.ok(kills >= 2, `the run was killed at least twice (${kills})`);
  assert.deepEqual(fallbacks, [], 'no training process fell back from the native engine');
  assert.equal(stripTimes(readFileSync(join(dir, 'metrics.jsonl'), 'utf8')), stripTimes(readFileSync(join(full, 'metrics.jsonl'), 'utf8')));
  assert.equal(sampleOf(dir, 'killed.json'), sampleOf(full, 'full2.json'));
});
