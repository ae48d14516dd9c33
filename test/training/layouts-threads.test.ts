/**
 * The trainer's two batch layouts give the same records up to float32 rounding; the threaded wasm
 * backend gives the same records, bit for bit, as one thread, and lets the process exit.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupBackend } from '../helpers/backend.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { resolveConfig } from '../../src/training/config.js';
import { distributionFromSpec } from '../../src/data/index.js';
import type { StepRecord } from '../../src/training/records.js';

await setupBackend();

function close(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

test('batch-major and feature-major training give the same records to float32 rounding', () => {
  const config = resolveConfig({ generator: { hidden: [32, 32] }, discriminator: { hidden: [32, 32] }, batchSize: 24, seed: 3, loss: 'least-squares' });
  const data = distributionFromSpec('ring8');
  const run = (layout: 'batch-major' | 'feature-major') => {
    const t = new GanTrainer(config, data, { layout });
    const rs: StepRecord[] = [];
    for (let i = 0; i < 8; i++) rs.push(t.trainStep());
    t.dispose();
    return rs;
  };
  const a = run('batch-major');
  const b = run('feature-major');
  a.forEach((r, i) => {
    for (const k of ['dLoss', 'gLoss', 'realTerm', 'fakeTerm', 'value', 'dRealMean', 'dFakeMean', 'dGradNorm', 'gGradNorm'] as const) {
      assert.ok(close(r[k], b[i][k], 1e-4), `step ${i + 1} ${k}: ${r[k]} vs ${b[i][k]}`);
    }
    assert.deepEqual(Object.keys(r.dTerms), Object.keys(b[i].dTerms));
  });
});

test('2 wasm threads give the same records as 1, bit for bit, and the process exits', () => {
  const child = join(dirname(fileURLToPath(import.meta.url)), '../helpers/train-records.ts');
  const run = (threads: number) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, TSGAN_WASM_THREADS: String(threads) } });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { threads: number; layout: string; records: unknown[] };
  };
  const one = run(1);
  const two = run(2);
  assert.equal(one.threads, 1);
  assert.equal(two.threads, 2);
  assert.equal(two.layout, 'feature-major');
  assert.deepEqual(two.records, one.records);
});
