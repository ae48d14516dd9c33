/**
 * Issue #20: for random seeds and random kill points (right after config.json before any checkpoint,
 * after any step, after the final checkpoint before summary.json), a run SIGKILLed there and resumed
 * ends with the bytes of the same run done in one go: metrics.jsonl (without timings), checkpoint.json
 * and `tsgan sample`'s output.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { tempDir } from '../helpers/cli.js';
import { metricsOf, tsganWith } from '../helpers/run-folder.js';

const STEPS = 30;
const FLAGS = ['--g-hidden', '16,16', '--d-hidden', '16,16', '--batch-size', '32', '--snapshot-every', '10', '--checkpoint-every', '4', '--steps', String(STEPS), '--quiet'];
const d = tempDir();
let runs = 0;

/** `tsgan sample` of the run in `dir`, as text. */
function sampleOf(dir: string): string {
  const out = join(d, `sample-${runs}-${Math.random().toString(36).slice(2)}.json`);
  const r = tsganWith(['sample', dir, '--n', '200', '--seed', '1', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  return readFileSync(out, 'utf8');
}

interface Outcome {
  readonly metrics: string;
  readonly checkpoint: Buffer;
  readonly samples: string;
}

/** The uninterrupted run of each seed, made once. */
const reference = new Map<number, Outcome>();
function uninterrupted(seed: number): Outcome {
  let o = reference.get(seed);
  if (o === undefined) {
    const dir = join(d, `one-go-${seed}`);
    const r = tsganWith(['train', '--seed', String(seed), '--out', dir, ...FLAGS]);
    assert.equal(r.code, 0, r.stderr);
    o = { metrics: metricsOf(dir), checkpoint: readFileSync(join(dir, 'checkpoint.json')), samples: sampleOf(dir) };
    reference.set(seed, o);
  }
  return o;
}

const killPoint = fc.oneof(
  fc.constant('after-config'),
  fc.integer({ min: 1, max: STEPS - 1 }).map((s) => `after-step:${s}`),
  fc.constant('after-final-checkpoint'),
);

test('SIGKILL at a random point, then --resume: the bytes of the uninterrupted run', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 }), killPoint, (seed, point) => {
      const expected = uninterrupted(seed);
      const dir = join(d, `killed-${runs++}`);
      const k = tsganWith(['train', '--seed', String(seed), '--out', dir, ...FLAGS], { TSGAN_FAULT_INJECT: point });
      assert.equal(k.signal, 'SIGKILL', `killed at ${point}: ${k.stderr}`);
      assert.ok(!existsSync(join(dir, 'summary.json')), 'killed before the end');
      const r = tsganWith(['train', '--resume', dir, '--quiet']);
      assert.equal(r.code, 0, `resume after ${point}: ${r.stderr}`);
      assert.equal(metricsOf(dir), expected.metrics, `metrics.jsonl after ${point}`);
      assert.deepEqual(readFileSync(join(dir, 'checkpoint.json')), expected.checkpoint, `checkpoint.json after ${point}`);
      assert.equal(sampleOf(dir), expected.samples, `samples after ${point}`);
    }),
    {
      numRuns: 4,
      // The two windows of finding 2 always, besides the random ones.
      examples: [
        [0, 'after-config'],
        [1, 'after-final-checkpoint'],
      ],
    },
  );
});
