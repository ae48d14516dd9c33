/** The wasm and native thread counts `tsgan train` picks, and that the wasm count does not change a run's numbers (test/node/native-determinism.test.ts: the native one). */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildConfig } from '../../src/cli/commands/train.js';
import { nativeThreads, nativeThreadsForTraining, trainingThreads, wasmThreadsForTraining } from '../../src/node/backend/backend.js';
import { BENCH_PRESETS, benchConfig } from '../../src/bench/presets.js';
import { CLI, ROOT, tempDir } from '../helpers/cli.js';

test('threads: every core (at most 8) for the DCGAN and the wide mnist MLP, one for the small ring8 MLPs', () => {
  const all = Math.min(availableParallelism(), 8);
  assert.equal(wasmThreadsForTraining(buildConfig({ data: 'mnist' }), 784), all);
  assert.equal(wasmThreadsForTraining(buildConfig({ data: 'mnist', model: 'dcgan', gChannels: [16, 8], dChannels: [8, 16], batchSize: 8 }), 784), all);
  assert.equal(wasmThreadsForTraining(buildConfig({ data: 'mnist', model: 'mlp', gHidden: [256, 512, 1024], dHidden: [512, 256], batchSize: 64, noiseDim: 100 }), 784), all);
  assert.equal(wasmThreadsForTraining(buildConfig({ data: 'ring8', gHidden: [32], dHidden: [32], batchSize: 64 }), 2), 1);
});

test('native threads: every core (at most 16) for the DCGAN and the recipes\' large MLPs, one for the toy2d preset\'s small products (where two measured slower)', () => {
  const all = Math.min(availableParallelism(), 16);
  assert.equal(nativeThreadsForTraining(benchConfig(BENCH_PRESETS.toy2d), 2), 1, 'toy2d: ~2.1 M multiply-adds per product');
  assert.equal(nativeThreadsForTraining(benchConfig(BENCH_PRESETS['mnist-mlp']), 784), all, 'mnist-mlp: ~18 M');
  assert.equal(nativeThreadsForTraining(buildConfig({ data: 'ring8' }), 2), all, 'the ring8 recipe: ~17 M');
  assert.equal(nativeThreadsForTraining(buildConfig({ data: 'grid25' }), 2), all, "grid25's recipe: ~4.2 M");
  assert.equal(nativeThreadsForTraining(buildConfig({ data: 'mnist', model: 'dcgan', gChannels: [16, 8], dChannels: [8, 16], batchSize: 8 }), 784), all);
  assert.equal(nativeThreadsForTraining(buildConfig({ data: 'ring8', gHidden: [32], dHidden: [32], batchSize: 64 }), 2), 1);
  assert.deepEqual(trainingThreads(buildConfig({ data: 'ring8', gHidden: [32], dHidden: [32], batchSize: 64 }), 2), { threads: 1, nativeThreads: 1 });
});

test('TSGAN_NATIVE_THREADS overrides the count a config suits; without it the preferred count is used, within 1…16', () => {
  const saved = process.env.TSGAN_NATIVE_THREADS;
  try {
    delete process.env.TSGAN_NATIVE_THREADS;
    assert.equal(nativeThreads(1), 1);
    assert.equal(nativeThreads(99), 16);
    assert.equal(nativeThreads(), Math.min(availableParallelism(), 16));
    process.env.TSGAN_NATIVE_THREADS = '2';
    assert.equal(nativeThreads(1), 2);
  } finally {
    if (saved === undefined) delete process.env.TSGAN_NATIVE_THREADS;
    else process.env.TSGAN_NATIVE_THREADS = saved;
  }
});

test('a DCGAN run gives the same records on one wasm thread and on two', () => {
  const dir = tempDir();
  const records = (threads: number) => {
    const out = join(dir, `t${threads}`);
    const r = spawnSync(process.execPath, [CLI, 'train', '--data', 'mnist', '--model', 'dcgan', '--no-conditional', '--steps', '6', '--snapshot-every', '6', '--g-channels', '16,8', '--d-channels', '8,16', '--backend', 'wasm', '--out', out, '--quiet'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, TSGAN_WASM_THREADS: String(threads) },
      timeout: 120_000,
    });
    assert.equal(r.status, 0, r.stderr);
    return readFileSync(join(out, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"type":"step"')).map((l) => l.replace(/"stepMs":[0-9.e-]+/, ''));
  };
  const one = records(1);
  assert.equal(one.length, 6);
  assert.deepEqual(records(2), one);
});
