/** Checkpoints: exact round trip, atomic write, and clean failure on every kind of damage. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { setupBackend } from '../helpers/backend.js';
import { tempDir } from '../helpers/cli.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { resolveConfig } from '../../src/training/config.js';
import { distributionFromSpec } from '../../src/data/index.js';
import { CheckpointError, loadCheckpoint, saveCheckpoint } from '../../src/node/run/checkpoint.js';

await setupBackend();

const config = resolveConfig({ data: 'ring8', steps: 10, batchSize: 16, generator: { hidden: [8] }, discriminator: { hidden: [8] } });
const trainer = new GanTrainer(config, distributionFromSpec('ring8'));
for (let i = 0; i < 5; i++) trainer.trainStep();
const state = await trainer.getState();
const dir = tempDir();
const path = join(dir, 'checkpoint.json');
saveCheckpoint(path, { config, state });
const good = readFileSync(path);

test('a checkpoint round-trips exactly (weights, optimizer state, random streams, step, config)', () => {
  const c = loadCheckpoint(path);
  assert.deepEqual(c.config, config);
  assert.deepEqual(c.state, state);
  assert.deepEqual(readdirSync(dir), ['checkpoint.json'], 'no temporary file left');
});

test('truncated checkpoints fail with a CheckpointError at every offset', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: good.length - 2 }), (cut) => {
      const p = join(dir, 'cut.json');
      writeFileSync(p, good.subarray(0, cut));
      assert.throws(() => loadCheckpoint(p), (e: unknown) => e instanceof CheckpointError && /cut\.json/.test((e as Error).message));
    }),
    { numRuns: 150 },
  );
});

test('a checkpoint with any byte changed fails with a CheckpointError (checksum)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: good.length - 2 }), fc.integer({ min: 1, max: 255 }), (at, xor) => {
      const bad = Buffer.from(good);
      bad[at] ^= xor;
      const p = join(dir, 'bad.json');
      writeFileSync(p, bad);
      assert.throws(() => loadCheckpoint(p), CheckpointError);
    }),
    { numRuns: 200 },
  );
});

test('a missing checkpoint and a non-checkpoint file get one-line errors', () => {
  assert.throws(() => loadCheckpoint(join(dir, 'none.json')), /no checkpoint there/);
  const p = join(dir, 'other.json');
  writeFileSync(p, '{"hello": 1}');
  assert.throws(() => loadCheckpoint(p), /not a tsgan checkpoint/);
});

test('a checkpoint of another model shape is refused when restored', async () => {
  const other = new GanTrainer(resolveConfig({ ...config, generator: { hidden: [9] } }), distributionFromSpec('ring8'));
  await assert.rejects(() => other.setState(loadCheckpoint(path).state), /shape \[2,8\] but the network needs \[2,9\]/);
  other.dispose();
});
