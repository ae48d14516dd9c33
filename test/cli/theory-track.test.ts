/** `tsgan train --track-theory` and `tsgan theory track` end to end through the built CLI. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, tsgan } from '../helpers/cli.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const dir = join(tempDir(), 'run');
const DATA = '{"type":"normal","mean":[2],"std":[0.5]}';
const train = tsgan(['train', '--data', DATA, '--noise-dim', '1', '--g-hidden', '16,16', '--d-hidden', '16,16', '--batch-size', '64', '--lr', '2e-3',
  '--steps', '100', '--snapshot-every', '25', '--seed', '2', '--track-theory', '--out', dir, '--quiet']);
const lines = () => readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

test('train --track-theory writes a theory record per snapshot: V(D, G) ≤ V(D*, G) (E3) and V(D*, G) = −log 4 + 2·JS (E5)', () => {
  assert.equal(train.code, 0, train.stderr);
  const theory = lines().filter((l) => l.type === 'theory');
  assert.deepEqual(theory.map((t) => t.step), [25, 50, 75, 100]);
  for (const t of theory) {
    assert.equal(t.generatorDensity, 'exact', '1-D data, 1-D noise, ReLU generator: the exact density');
    assert.ok(t.valueDG <= t.valueAtOptimum + 1e-6, `step ${t.step}: V(D, G) ${t.valueDG} > V(D*, G) ${t.valueAtOptimum}`);
    assert.ok(Math.abs(t.valueAtOptimum - t.minusLog4Plus2JS) <= 1e-6, `step ${t.step}: E5 ${t.valueAtOptimum} vs ${t.minusLog4Plus2JS}`);
    assert.ok(t.js >= 0 && t.js <= Math.LN2);
    assert.ok(t.meanAbsDStarError >= 0 && t.meanAbsDStarError <= 1);
    assert.ok(t.w1 > 0);
  }
  assert.deepEqual(readFileSync(join(dir, 'curves.png')).subarray(0, 8), PNG);
});

test('theory track --json returns the run\'s records; --out writes report.md and theory.png', () => {
  const out = join(tempDir(), 'report');
  const r = tsgan(['theory', 'track', dir, '--json', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.source, 'metrics');
  assert.deepEqual(j.records, lines().filter((l) => l.type === 'theory'));
  assert.deepEqual(readFileSync(join(out, 'theory.png')).subarray(0, 8), PNG);
  assert.match(readFileSync(join(out, 'report.md'), 'utf8'), /\| step \| V\(D, G\)/);
});

test('a run without theory records: theory track computes the final checkpoint\'s, equal to the last tracked record', () => {
  const copy = join(tempDir(), 'untracked');
  cpSync(dir, copy, { recursive: true });
  writeFileSync(join(copy, 'metrics.jsonl'), readFileSync(join(dir, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => !l.includes('"theory"')).join('\n'));
  const r = tsgan(['theory', 'track', copy, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.source, 'checkpoint');
  assert.match(j.note, /--track-theory/);
  const last = lines().filter((l) => l.type === 'theory').pop();
  assert.equal(j.records.length, 1);
  for (const k of ['step', 'valueDG', 'valueAtOptimum', 'js', 'meanAbsDStarError', 'w1']) assert.ok(Math.abs(j.records[0][k] - last[k]) < 1e-9, `${k}: ${j.records[0][k]} vs ${last[k]}`);
});

test('--track-theory on data it cannot handle: one line, exit 2, nothing written', () => {
  for (const data of ['{"type":"normal","mean":[0,0,0],"std":[1,1,1]}']) {
    const out = join(tempDir(), 'never');
    const r = tsgan(['train', '--data', data, '--track-theory', '--steps', '5', '--out', out, '--quiet']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /--track-theory: .*3-D; theory tracking needs 1-D or 2-D data/);
    assert.ok(!existsSync(out));
  }
  const csv = join(tempDir(), 'p.csv');
  writeFileSync(csv, '1,2\n3,4\n5,6\n');
  const out = join(tempDir(), 'never');
  const r = tsgan(['train', '--data', csv, '--track-theory', '--steps', '5', '--out', out, '--quiet']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /no known density/);
  assert.ok(!existsSync(out));
});

test('the default (packed) ring8 run: --track-theory and theory track refuse it with the way forward (train with --pack 1)', () => {
  const packed = join(tempDir(), 'packed');
  const r = tsgan(['train', '--steps', '2', '--snapshot-every', '2', '--g-hidden', '8', '--d-hidden', '8', '--out', packed, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const t = tsgan(['theory', 'track', packed]);
  assert.equal(t.code, 2);
  assert.match(t.stderr.trim(), /^tsgan: .*packed discriminator \(pack 2\).*cannot be compared: train with --pack 1 \(the ring8 recipe packs 2\)$/);
  const tracked = tsgan(['train', '--track-theory', '--steps', '2', '--out', join(tempDir(), 'never'), '--quiet']);
  assert.equal(tracked.code, 2);
  assert.match(tracked.stderr.trim(), /^tsgan: --track-theory: .*train with --pack 1/);
});
