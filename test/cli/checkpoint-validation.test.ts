/**
 * Issue #20, finding 5: a checkpoint that does not belong to its run folder, does not fit its config or
 * holds bad values is refused by `tsgan train --resume` and `tsgan sample` in one line, exit 2, before
 * anything in the folder is touched (every file keeps its bytes).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, tsgan } from '../helpers/cli.js';
import { hashFolder } from '../helpers/run-folder.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION } from '../../src/node/run/checkpoint.js';
import { writeChecksummedFile } from '../../src/node/files/checksummed-file.js';

const FLAGS = ['--g-hidden', '16,16', '--d-hidden', '16,16', '--batch-size', '32', '--snapshot-every', '20', '--quiet'];
const d = tempDir();
const base = join(d, 'base');
const other = join(d, 'other');
const baseRun = tsgan(['train', '--steps', '20', '--seed', '4', '--out', base, ...FLAGS]);
const otherRun = tsgan(['train', '--steps', '20', '--seed', '5', '--out', other, ...FLAGS]);

/** A copy of the base run whose checkpoint payload is changed by `edit` (with a valid checksum). */
function runWith(name: string, edit: (p: Record<string, any>) => void): string {
  const dir = join(d, name);
  cpSync(base, dir, { recursive: true });
  const p = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')).payload;
  edit(p);
  writeChecksummedFile(join(dir, 'checkpoint.json'), CHECKPOINT_FORMAT, CHECKPOINT_VERSION, JSON.stringify(p));
  return dir;
}

/** Asserts that `args` on `dir` exit 2 with one line matching `pattern` and leave every file of `dir` as it was. */
function refused(dir: string, args: string[], pattern: RegExp): void {
  const before = hashFolder(dir);
  const r = tsgan(args);
  assert.equal(r.code, 2, `exit 2 for ${args.join(' ')}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.deepEqual(hashFolder(dir), before, 'the folder is unchanged');
}

const resume = (dir: string) => ['train', '--resume', dir, '--steps', '40', '--quiet'];

test('the runs to tamper with trained', () => {
  assert.equal(baseRun.code, 0, baseRun.stderr);
  assert.equal(otherRun.code, 0, otherRun.stderr);
});

test("another run's checkpoint in the folder is refused (it would have resumed silently)", () => {
  const dir = join(d, 'swapped');
  cpSync(base, dir, { recursive: true });
  cpSync(join(other, 'checkpoint.json'), join(dir, 'checkpoint.json'));
  refused(dir, resume(dir), /checkpoint\.json: is from another run: seed: 5 in the checkpoint, 4 in config\.json/);
  const out = join(d, 'swapped-samples.json');
  refused(dir, ['sample', dir, '--n', '10', '--out', out], /is from another run/);
  assert.ok(!existsSync(out));
});

test('tensors whose shapes do not fit the config are refused before config.json and metrics.jsonl are rewritten', () => {
  const dir = runWith('narrow', (p) => {
    p.generator[0] = { name: 'dense0/w', shape: [2, 4], base64: Buffer.from(new Float32Array(8).fill(0.5).buffer).toString('base64') };
  });
  refused(dir, resume(dir), /generator's weights: dense0\/w has shape \[2,4\] but the config's network needs \[2,16\]/);
  refused(dir, ['sample', dir, '--n', '10', '--out', join(d, 'narrow.json')], /dense0\/w has shape \[2,4\]/);
});

test('a missing field, a negative step and NaN weights are refused in one line, exit 2', () => {
  const noRngs = runWith('no-rngs', (p) => delete p.rngs);
  refused(noRngs, resume(noRngs), /checkpoint\.json: .*rngs/);
  const negative = runWith('negative', (p) => (p.step = -5));
  refused(negative, resume(negative), /checkpoint\.json: .*step/);
  const nan = runWith('nan', (p) => {
    const w = p.generator[2];
    w.base64 = Buffer.from(new Float32Array(w.shape[0] * w.shape[1]).fill(Number.NaN).buffer).toString('base64');
  });
  refused(nan, resume(nan), /generator's weights.*dense1\/w.*NaN/);
  const out = join(d, 'nan-samples.json');
  refused(nan, ['sample', nan, '--n', '10', '--out', out], /dense1\/w.*NaN/);
  assert.ok(!existsSync(out), 'no samples of NaN weights');
});
