/**
 * `tsgan train --on-divergence rollback` end to end, on a run that diverges for real: least squares
 * with SGD at learning rate 2.5 overflows at step 26 (seed 0); halved twice, it trains on.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertBadInput, tempDir, tsgan } from '../helpers/cli.js';
import { loadCheckpoint } from '../../src/node/run/checkpoint.js';

const FLAGS = ['--loss', 'least-squares', '--optimizer', 'sgd', '--lr', '2.5', '--steps', '60', '--checkpoint-every', '10', '--snapshot-every', '60'];
const SMALL = ['--g-hidden', '16,16', '--d-hidden', '16,16', '--batch-size', '16', '--pack', '1', '--seed', '0', '--quiet'];
const d = tempDir();
const stopped = join(d, 'stopped');
const rolled = join(d, 'rolled');
const stopRun = tsgan(['train', ...FLAGS, ...SMALL, '--out', stopped]);
const rollRun = tsgan(['train', ...FLAGS, ...SMALL, '--on-divergence', 'rollback', '--out', rolled]);

const records = (dir: string) =>
  readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

test('without --on-divergence the run stops at step 26 with exit 3 and one line that names the flag', () => {
  assert.equal(stopRun.code, 3, stopRun.stderr);
  const lines = stopRun.stderr.trim().split('\n');
  assert.equal(lines.length, 1, stopRun.stderr);
  assert.match(lines[0], /^tsgan: training diverged at step 26: the generator's loss is Infinity; nothing non-finite was saved .*roll back automatically \(--on-divergence rollback\)/);
  assert.equal(loadCheckpoint(join(stopped, 'checkpoint.json')).state.step, 20);
});

test('--on-divergence rollback: the run goes back to its last checkpoint twice, with halved rates, and finishes', () => {
  assert.equal(rollRun.code, 0, rollRun.stderr);
  assert.match(rollRun.stdout, /trained 60 steps on ring8 with the least-squares loss/);
  // Each rollback is told at once, one line on stderr.
  assert.deepEqual(rollRun.stderr.trim().split('\n'), [
    "tsgan: the generator's loss was Infinity at step 26: rolled back to step 20, learning rates now G 1.25, D 1.25 (rollback 1 of at most 5)",
    "tsgan: the generator's loss was Infinity at step 39: rolled back to step 30, learning rates now G 0.625, D 0.625 (rollback 2 of at most 5)",
  ]);
  assert.match(rollRun.stdout, /rolled back 2 time\(s\) after divergence \(last: the generator's loss was Infinity at step 39, back to step 30\); learning rates now G 0\.625, D 0\.625/);
  assert.equal(JSON.parse(readFileSync(join(rolled, 'config.json'), 'utf8')).onDivergence, 'rollback');
  const rs = records(rolled);
  const rollbacks = rs.filter((r) => r.type === 'rollback');
  assert.deepEqual(rollbacks, [
    { type: 'rollback', step: 20, fromStep: 26, quantity: "generator's loss", value: 'Infinity', rollback: 1, learningRates: { generator: 1.25, discriminator: 1.25 } },
    { type: 'rollback', step: 30, fromStep: 39, quantity: "generator's loss", value: 'Infinity', rollback: 2, learningRates: { generator: 0.625, discriminator: 0.625 } },
  ]);
  // Each step once, in order; each rollback right after the step it went back to.
  const steps = rs.filter((r) => r.type === 'step');
  assert.deepEqual(steps.map((r) => r.step), Array.from({ length: 60 }, (_, i) => i + 1));
  assert.equal(rs.indexOf(rollbacks[0]), rs.findIndex((r) => r.type === 'step' && r.step === 20) + 1);
  for (const r of [...steps, ...rollbacks]) {
    for (const v of Object.values(r)) if (typeof v !== 'string' && typeof v !== 'object') assert.ok(Number.isFinite(v), `${r.type} ${r.step}: ${JSON.stringify(r)}`);
    assert.ok(!JSON.stringify(r).includes('null'), `${r.type} ${r.step}: nothing non-finite`);
  }
  const ck = loadCheckpoint(join(rolled, 'checkpoint.json'));
  assert.equal(ck.state.step, 60);
  assert.equal(ck.state.generatorOptimizer.learningRateScale, 0.25);
  assert.equal(ck.state.discriminatorOptimizer.learningRateScale, 0.25);
  for (const w of [...ck.state.generator, ...ck.state.discriminator]) assert.ok(w.values.every(Number.isFinite), w.name);
  assert.equal(JSON.parse(readFileSync(join(rolled, 'summary.json'), 'utf8')).rollbacks.length, 2);
});

test('the stopped run, resumed with --on-divergence rollback, ends exactly like the run that rolled back from the start', () => {
  // --checkpoint-every is not part of the config: the rollbacks go back to the checkpoints it makes.
  const r = tsgan(['train', '--resume', stopped, '--on-divergence', 'rollback', '--checkpoint-every', '10', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /rolled back 2 time\(s\)/);
  const strip = (dir: string) => records(dir).map(({ stepMs, ...rest }) => rest);
  assert.deepEqual(strip(stopped), strip(rolled));
  assert.deepEqual(loadCheckpoint(join(stopped, 'checkpoint.json')), loadCheckpoint(join(rolled, 'checkpoint.json')));
});

test('--on-divergence takes stop or rollback: anything else gets one line and exit 2', () => {
  assertBadInput(['train', '--on-divergence', 'retry', '--quiet'], /--on-divergence.*retry.*stop, rollback/);
});
