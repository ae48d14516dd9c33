/** The wasm thread count `tsgan train` picks, and that it does not change a run's numbers. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildConfig } from '../../src/cli/commands/train.js';
import { wasmThreadsForTraining } from '../../src/node/backend.js';
import { CLI, ROOT, tempDir } from '../helpers/cli.js';

test('threads: every core (at most 8) for the DCGAN and the wide mnist MLP, one for the small ring8 MLPs', () => {
  const all = Math.min(availableParallelism(), 8);
  assert.equal(wasmThreadsForTraining(buildConfig({ data: 'mnist' }), 784), all);
  assert.equal(wasmThreadsForTraining(buildConfig({ data: 'mnist', model: 'dcgan', gChannels: [16, 8], dChannels: [8, 16], batchSize: 8 }), 784), all);
  assert.equal(wasmThreadsForTraining(buildConfig({ data: 'mnist', model: 'mlp', gHidden: [256, 512, 1024], dHidden: [512, 256], batchSize: 64, noiseDim: 100 }), 784), all);
  assert.equal(wasmThreadsForTraining(buildConfig({ data: 'ring8', gHidden: [32], dHidden: [32], batchSize: 64 }), 2), 1);
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
