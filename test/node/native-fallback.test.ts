/**
 * Issue #21, the fallback: when the native addon cannot be used (TSGAN_NATIVE=off stands for a machine
 * where it did not build, an unknown TSGAN_NATIVE_LEVEL for a misconfiguration), `tsgan train` on the
 * default backend still succeeds, on the wasm backend, with exactly one line on stderr that says so and
 * why, and its records are those of `--backend wasm`, byte for byte.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { metricsOf, tsganWith } from '../helpers/run-folder.js';
import { loadNativeAddon, NATIVE_LEVELS } from '../../src/node/backend/native/addon.js';

const TINY = ['--g-hidden', '8', '--d-hidden', '8', '--batch-size', '16', '--steps', '12', '--snapshot-every', '6', '--seed', '7', '--quiet'];
const d = tempDir();
/** TSGAN_* variables of the test's own environment would change what is tested: none of them reach the children. */
const CLEAN = { TSGAN_NATIVE: '', TSGAN_NATIVE_LEVEL: '', TSGAN_NATIVE_THREADS: '', TSGAN_WASM_THREADS: '' };

function train(name: string, env: Record<string, string>, extra: string[] = []) {
  const out = join(d, name);
  const r = tsganWith(['train', ...TINY, ...extra, '--out', out], { ...CLEAN, ...env });
  assert.equal(r.code, 0, `${name}: ${r.stderr}`);
  return { out, stderr: r.stderr, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { backend: string; kernels?: string; threads?: number; steps: number } };
}

const wasm = train('wasm', {}, ['--backend', 'wasm']);

test('--backend wasm: no notice, the wasm backend', () => {
  assert.equal(wasm.stderr, '');
  assert.equal(wasm.summary.backend, 'wasm');
  assert.equal(wasm.summary.steps, 12);
  assert.equal(wasm.summary.kernels, undefined, 'no native kernel level on wasm');
});

test('TSGAN_NATIVE=off: the default backend runs wasm, says so in one line with the reason, and records what --backend wasm records', () => {
  const off = train('off', { TSGAN_NATIVE: 'off' });
  assert.equal(off.stderr, 'tsgan: running on the wasm backend: the native addon is turned off (TSGAN_NATIVE=off)\n');
  assert.equal(off.summary.backend, 'wasm');
  assert.equal(JSON.parse(readFileSync(join(off.out, 'config.json'), 'utf8')).backend, 'native', 'the run asked for native (its config says so)');
  assert.equal(metricsOf(off.out), metricsOf(wasm.out));
  assert.equal(metricsOf(off.out).trim().split('\n').length, 12 + 2, '12 step records and 2 evaluations');
});

test('TSGAN_NATIVE=off with --backend wasm: nothing to say', () => {
  const r = train('off-wasm', { TSGAN_NATIVE: 'off' }, ['--backend', 'wasm']);
  assert.equal(r.stderr, '');
  assert.equal(metricsOf(r.out), metricsOf(wasm.out));
});

test('an unknown TSGAN_NATIVE_LEVEL: wasm, with one line naming the variable, the known levels and the value', () => {
  const r = train('sse9', { TSGAN_NATIVE_LEVEL: 'sse9' });
  assert.equal(r.stderr, `tsgan: running on the wasm backend: TSGAN_NATIVE_LEVEL must be one of ${NATIVE_LEVELS.join(', ')}, got "sse9"\n`);
  assert.equal(NATIVE_LEVELS.join(', '), 'portable, avx2, avx512');
  assert.equal(r.summary.backend, 'wasm');
  assert.equal(metricsOf(r.out), metricsOf(wasm.out));
});

const noAddon = loadNativeAddon().reason;

test('a known TSGAN_NATIVE_LEVEL (portable): the native backend, no notice', { skip: noAddon === undefined ? false : `the native addon is not available: ${noAddon}` }, () => {
  const r = train('portable', { TSGAN_NATIVE_LEVEL: 'portable' });
  assert.equal(r.stderr, '');
  assert.equal(r.summary.backend, 'native');
  assert.equal(r.summary.kernels, 'portable', 'the summary names the kernel level that ran');
  assert.equal(r.summary.steps, 12);
});

test('TSGAN_WASM_THREADS=2 (the wasm backend\'s threads) leaves the native engine on, with no notice', { skip: noAddon === undefined ? false : `the native addon is not available: ${noAddon}` }, () => {
  const r = train('wasm-threads', { TSGAN_WASM_THREADS: '2' });
  assert.equal(r.stderr, '');
  assert.equal(r.summary.backend, 'native');
  assert.equal(r.summary.threads, 1, "the native engine's count for this tiny MLP (nativeThreadsForTraining), not the wasm one");
  assert.equal(metricsOf(r.out), metricsOf(train('plain', {}).out));
});

test('benchmark --jobs: each training process gets its share of the cores for the native kernels, unless TSGAN_NATIVE_THREADS is set', async () => {
  const { nativeThreadsEnvForJobs } = await import('../../src/node/backend/backend.js');
  const { availableParallelism } = await import('node:os');
  const cores = availableParallelism();
  assert.equal(nativeThreadsEnvForJobs(1, {}).TSGAN_NATIVE_THREADS, String(Math.min(16, cores)));
  assert.equal(nativeThreadsEnvForJobs(2, {}).TSGAN_NATIVE_THREADS, String(Math.max(1, Math.floor(cores / 2))));
  assert.equal(nativeThreadsEnvForJobs(64, {}).TSGAN_NATIVE_THREADS, '1');
  assert.equal(nativeThreadsEnvForJobs(2, { TSGAN_NATIVE_THREADS: '3' }).TSGAN_NATIVE_THREADS, '3', 'the user\'s setting wins');
  assert.equal(nativeThreadsEnvForJobs(2, { PATH: '/bin' }).PATH, '/bin', 'the rest of the environment is kept');
});

test('commands that load a run (sample, eval) say the same one line when the run\'s native engine falls back to wasm, and write their output', () => {
  const run = train('for-sample', {});
  const out = join(d, 'samples.json');
  const r = tsganWith(['sample', run.out, '--n', '20', '--out', out], { ...CLEAN, TSGAN_NATIVE: 'off' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, 'tsgan: running on the wasm backend: the native addon is turned off (TSGAN_NATIVE=off)\n');
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).samples.length, 20);
  const e = tsganWith(['eval', run.out, '--json'], { ...CLEAN, TSGAN_NATIVE: 'off' });
  assert.equal(e.code, 0, e.stderr);
  assert.equal(e.stderr, 'tsgan: running on the wasm backend: the native addon is turned off (TSGAN_NATIVE=off)\n');
});
