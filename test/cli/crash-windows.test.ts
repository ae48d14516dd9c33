/**
 * Issue #20, findings 2 and 3: a run killed in any window can be resumed, and a resumed run keeps the
 * options that shape what it writes. Kills land at exact points through the fault-injection hook
 * (TSGAN_FAULT_INJECT, src/node/run/fault-injection.ts).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { checkpointStep, hashFolder, metricsOf, tsganWith } from '../helpers/run-folder.js';

const FLAGS = ['--g-hidden', '16,16', '--d-hidden', '16,16', '--batch-size', '32', '--snapshot-every', '10', '--seed', '3', '--quiet'];
const d = tempDir();
const train = (dir: string, extra: string[] = []) => ['train', '--steps', '30', '--checkpoint-every', '5', ...extra, '--out', dir, ...FLAGS];
const full = join(d, 'full');
const fullRun = tsganWith(train(full));
const bytes = (dir: string, file: string) => readFileSync(join(dir, file));

test('the uninterrupted run', () => {
  assert.equal(fullRun.code, 0, fullRun.stderr);
});

test('killed between config.json and the first checkpoint: the original command says to resume, and --resume ends like one go', () => {
  const dir = join(d, 'early');
  const k = tsganWith(train(dir), { TSGAN_FAULT_INJECT: 'after-config' });
  assert.equal(k.signal, 'SIGKILL', k.stderr);
  assert.ok(existsSync(join(dir, 'config.json')));
  assert.equal(checkpointStep(dir), -1, 'no checkpoint yet');
  // Running the same command again: one line that says what is there and how to continue it.
  const before = hashFolder(dir);
  const again = tsganWith(train(dir));
  assert.equal(again.code, 2, again.stderr);
  assert.deepEqual(again.stderr.trim().split('\n'), [`tsgan: --out ${dir}: holds an unfinished run (no checkpoint yet): continue it with \`tsgan train --resume ${dir}\`, or pass --overwrite to start it again`]);
  assert.deepEqual(hashFolder(dir), before);
  const r = tsganWith(['train', '--resume', dir, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /trained 30 steps/);
  assert.equal(metricsOf(dir), metricsOf(full));
  assert.deepEqual(bytes(dir, 'checkpoint.json'), bytes(full, 'checkpoint.json'));
  assert.ok(existsSync(join(dir, 'summary.json')));
});

test('killed after the last checkpoint, before summary.json and curves.png: --resume writes them', () => {
  const dir = join(d, 'late');
  const k = tsganWith(train(dir), { TSGAN_FAULT_INJECT: 'after-final-checkpoint' });
  assert.equal(k.signal, 'SIGKILL', k.stderr);
  assert.equal(checkpointStep(dir), 30);
  assert.ok(!existsSync(join(dir, 'summary.json')) && !existsSync(join(dir, 'curves.png')));
  const r = tsganWith(['train', '--resume', dir, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /trained 30 steps/);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  const expected = JSON.parse(readFileSync(join(full, 'summary.json'), 'utf8'));
  assert.equal(summary.steps, 30);
  assert.equal(summary.interrupted, false);
  assert.deepEqual(summary.eval, expected.eval);
  assert.deepEqual(summary.last, { ...expected.last, stepMs: summary.last.stepMs });
  assert.ok(existsSync(join(dir, 'curves.png')));
  assert.equal(metricsOf(dir), metricsOf(full));
  assert.deepEqual(bytes(dir, 'checkpoint.json'), bytes(full, 'checkpoint.json'));
  // Now it is finished: another --resume has nothing to do.
  const done = tsganWith(['train', '--resume', dir, '--quiet']);
  assert.equal(done.code, 2);
  assert.match(done.stderr, /already at step 30/);
});

test('a resumed run keeps --checkpoint-every and --track-theory: a second crash loses only the steps since the last checkpoint', () => {
  const tracked = join(d, 'tracked-full');
  const one = tsganWith(train(tracked, ['--track-theory', '--pack', '1']));
  assert.equal(one.code, 0, one.stderr);
  const dir = join(d, 'tracked');
  assert.equal(tsganWith(train(dir, ['--track-theory', '--pack', '1']), { TSGAN_FAULT_INJECT: 'after-step:12' }).signal, 'SIGKILL');
  assert.equal(checkpointStep(dir), 10);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'run-options.json'), 'utf8')), { checkpointEvery: 5, trackTheory: true, plotEverySnapshot: true });
  // Resumed without the flags, and killed again at step 22: the checkpoint of step 20 is there.
  assert.equal(tsganWith(['train', '--resume', dir, '--quiet'], { TSGAN_FAULT_INJECT: 'after-step:22' }).signal, 'SIGKILL');
  assert.equal(checkpointStep(dir), 20);
  const r = tsganWith(['train', '--resume', dir, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(metricsOf(dir).includes('"type":"theory"'), 'theory records after the resume too');
  assert.equal(metricsOf(dir), metricsOf(tracked));
});

test('a flag given with --resume overrides the saved option, and is saved for the next resume', () => {
  const dir = join(d, 'override');
  assert.equal(tsganWith(train(dir), { TSGAN_FAULT_INJECT: 'after-step:7' }).signal, 'SIGKILL');
  assert.equal(checkpointStep(dir), 5);
  assert.equal(tsganWith(['train', '--resume', dir, '--checkpoint-every', '8', '--quiet'], { TSGAN_FAULT_INJECT: 'after-step:18' }).signal, 'SIGKILL');
  assert.equal(checkpointStep(dir), 16, 'checkpoints every 8 steps now');
  assert.equal(JSON.parse(readFileSync(join(dir, 'run-options.json'), 'utf8')).checkpointEvery, 8);
  const r = tsganWith(['train', '--resume', dir, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(metricsOf(dir), metricsOf(full));
});
