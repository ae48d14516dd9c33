/**
 * Issue #21, determinism of the native backend (every product summed in one fixed order, whatever the
 * threads or the AVX level): with the same seed, `tsgan train` writes the same metrics.jsonl (timings
 * left out) and `tsgan sample` the same bytes, run to run, on 1 and 2 threads (TSGAN_NATIVE_THREADS),
 * and at the avx2 and avx512 levels; for an MLP on ring8 and a small DCGAN on MNIST images. A run stopped
 * on one thread count and resumed on the other ends like the run done in one go.
 *
 * The resume and SIGKILL tests of test/cli/resume.test.ts and test/cli/kill-resume.property.test.ts run
 * on the default backend, which is native now; the last test here checks that a default run is a native
 * one, so that they test it.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers/cli.js';
import { metricsOf, tsganWith } from '../helpers/run-folder.js';
import { loadNativeAddon } from '../../src/node/backend/native/addon.js';

const load = loadNativeAddon();
const skip = load.addon === undefined ? `the native addon is not available: ${load.reason}` : false;
const detected = load.addon?.info().detected;
const d = tempDir();
const CLEAN = { TSGAN_NATIVE: '', TSGAN_NATIVE_LEVEL: '', TSGAN_NATIVE_THREADS: '', TSGAN_WASM_THREADS: '', TSGAN_CACHE_DIR: join(d, 'cache') };

// Products of at least 2¹⁹ multiply-adds are split over threads (PARALLEL_MIN_MACS, native/cpu/gemm.c):
// the hidden layers' are 128·96·96 ≈ 1.2 M (the generator) and 64·96·96 ≈ 0.6 M (the critic, on packs of 2).
const MLP = ['--g-hidden', '96,96', '--d-hidden', '96,96', '--batch-size', '128', '--snapshot-every', '30', '--seed', '11', '--quiet'];
const small = join(d, 'small.json');
writeFileSync(small, JSON.stringify({ snapshotSamples: 50 }));
const DCGAN = ['--config', small, '--data', 'mnist-test', '--model', 'dcgan', '--g-channels', '16,8', '--d-channels', '8,16', '--batch-size', '32', '--snapshot-every', '3', '--seed', '5', '--quiet'];

interface Run {
  readonly label: string;
  readonly metrics: string;
  readonly sample: Buffer;
}

let count = 0;
/** Trains (or resumes, when `args` has --resume of `out`) and samples, in child processes with `env`. */
function run(label: string, args: string[], env: Record<string, string>, sampleArgs: string[], out = join(d, `run-${count++}`)): Run {
  const full = { ...CLEAN, ...env };
  const r = tsganWith(['train', ...args, ...(args.includes('--resume') ? [] : ['--out', out])], full);
  assert.equal(r.code, 0, `${label}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /running on/, `${label}: no notice, the native backend ran`);
  assert.equal(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).backend, 'native', label);
  const sampleFile = join(d, `sample-${count++}.${args.includes('dcgan') ? 'png' : 'json'}`);
  const s = tsganWith(['sample', out, '--seed', '1', ...sampleArgs, '--out', sampleFile], full);
  assert.equal(s.code, 0, `${label} sample: ${s.stderr}`);
  return { label, metrics: metricsOf(out), sample: readFileSync(sampleFile) };
}

function assertSame(runs: readonly Run[]): void {
  const [first, ...rest] = runs;
  for (const r of rest) {
    assert.equal(r.metrics, first.metrics, `metrics.jsonl: ${r.label} against ${first.label}`);
    assert.ok(r.sample.equals(first.sample), `tsgan sample: ${r.label} against ${first.label}`);
  }
}

/**
 * The runs of one config: twice on 2 threads (run to run), then once on 1 thread — at avx2 when the CPU's
 * best is avx512, so that one run checks both the thread count and the kernel level (equal bits either way).
 */
function variants(args: string[], sampleArgs: string[]): Run[] {
  const single: Record<string, string> = detected === 'avx512' ? { TSGAN_NATIVE_THREADS: '1', TSGAN_NATIVE_LEVEL: 'avx2' } : { TSGAN_NATIVE_THREADS: '1' };
  return [
    run('2 threads', args, { TSGAN_NATIVE_THREADS: '2' }, sampleArgs),
    run('2 threads again', args, { TSGAN_NATIVE_THREADS: '2' }, sampleArgs),
    run(detected === 'avx512' ? '1 thread, avx2' : '1 thread', args, single, sampleArgs),
  ];
}

/** The step records of a run's metrics.jsonl. */
const stepsOf = (r: Run) =>
  r.metrics
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{"type":"step"'))
    .map((l) => JSON.parse(l.replace(/,}$/, '}')) as { dLoss: number });

let mlp: Run[] = [];

test('MLP on ring8: the same metrics.jsonl and samples run to run, on 1 and 2 threads, at avx2 and avx512', { skip }, (t) => {
  if (detected !== 'avx512') t.diagnostic(`this CPU's best level is ${detected}: avx2 against avx512 not compared`);
  mlp = variants([...MLP, '--steps', '30'], ['--n', '300']);
  assertSame(mlp);
  const steps = stepsOf(mlp[0]);
  assert.equal(steps.length, 30);
  // Not a trivial equality: the losses move over the run.
  assert.notEqual(steps[0].dLoss, steps[29].dLoss);
});

test('MLP on ring8: stopped at step 15 on 1 thread, resumed to 30 on 2 threads, ends like one go', { skip }, () => {
  assert.ok(mlp.length > 0, 'the test above ran');
  const out = join(d, 'resumed');
  const first = tsganWith(['train', ...MLP, '--steps', '15', '--out', out], { ...CLEAN, TSGAN_NATIVE_THREADS: '1' });
  assert.equal(first.code, 0, first.stderr);
  const resumed = run('stopped at 15 on 1 thread, resumed on 2', ['--resume', out, '--steps', '30', '--quiet'], { TSGAN_NATIVE_THREADS: '2' }, ['--n', '300'], out);
  assertSame([mlp[0], resumed]);
});

test('a small DCGAN on MNIST images: the same metrics.jsonl and sample grid run to run, on 1 and 2 threads, at avx2 and avx512', { skip }, () => {
  const runs = variants([...DCGAN, '--steps', '6'], ['--n', '16']);
  assertSame(runs);
  assert.equal(stepsOf(runs[0]).length, 6);
});

test('the default backend is native: the resume and SIGKILL tests of test/cli run on it', { skip }, () => {
  const out = join(d, 'default');
  const r = tsganWith(['train', '--g-hidden', '8', '--d-hidden', '8', '--batch-size', '16', '--steps', '2', '--snapshot-every', '2', '--quiet', '--out', out], CLEAN);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).backend, 'native');
  assert.equal(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).backend, 'native');
  for (const file of ['test/cli/resume.test.ts', 'test/cli/kill-resume.property.test.ts']) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    assert.doesNotMatch(text, /--backend|TSGAN_NATIVE=|TSGAN_NATIVE:/, `${file} runs on the default backend`);
  }
});
