/**
 * bullmq and ioredis are optional peer dependencies (a library user installs them only for the queue):
 * without them a queue command is one line saying how to add them, and every other command — a local
 * sweep included — works. Here their absence is simulated with a module hook that resolves neither.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, tempDir } from '../helpers/cli.js';

const HOOKS = `export async function resolve(specifier, context, next) {
  if (specifier === 'bullmq' || specifier === 'ioredis') throw Object.assign(new Error("Cannot find package '" + specifier + "'"), { code: 'ERR_MODULE_NOT_FOUND' });
  return next(specifier, context);
}`;
const REGISTER = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`)}`;

function withoutQueuePackages(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', REGISTER, CLI, ...args], { encoding: 'utf8', env: { ...process.env, TSGAN_REDIS_URL: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('without bullmq and ioredis: queue commands say how to add them in one line (exit 2); a local sweep runs', () => {
  const file = join(tempDir(), 'sweep.json');
  writeFileSync(file, JSON.stringify({ name: 'no-queue', base: { data: 'ring8', steps: 5, generator: { hidden: [8] }, discriminator: { hidden: [8] }, batchSize: 16 }, measure: ['w1'] }));
  for (const args of [['sweep', file, '--queue', 'redis://127.0.0.1:1'], ['worker', '--queue', 'redis://127.0.0.1:1'], ['sweep', 'status', '--queue', 'redis://127.0.0.1:1']]) {
    const r = withoutQueuePackages(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr, 'tsgan: the sweep queue needs the packages bullmq and ioredis, which tsgan lists as optional: `npm install bullmq@^6 ioredis@^5` in your project (a clone of tsgan has them)\n');
  }
  const local = withoutQueuePackages(['sweep', file, '--out', join(tempDir(), 'sw'), '--quiet']);
  assert.equal(local.code, 0, local.stderr);
  assert.match(local.stdout, /^\| base \| 1\/1 \| \d\.\d{4} \| \d+ \|$/m);
});
