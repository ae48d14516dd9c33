/**
 * Checkpoint validation (issue #20, finding 5): a checkpoint is checked for field types, finite values
 * and its step range when it is read, and against the networks and optimizers its config builds (and
 * the run folder's config.json) before it is used. Every problem is a one-line CheckpointError.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setupBackend } from '../helpers/backend.js';
import { tempDir } from '../helpers/cli.js';
import { GanTrainer, type TrainerState } from '../../src/training/trainer.js';
import { resolveConfig } from '../../src/training/config.js';
import { distributionFromSpec } from '../../src/data/index.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, CheckpointError, loadCheckpoint, saveCheckpoint } from '../../src/node/run/checkpoint.js';
import { writeChecksummedFile } from '../../src/node/files/checksummed-file.js';
import { checkSameRun, checkStateFits } from '../../src/node/run/checkpoint-validation.js';

await setupBackend();

const dataset = distributionFromSpec('ring8');
const config = resolveConfig({ data: 'ring8', steps: 10, batchSize: 16, pack: 1, generatorAverage: 0, generator: { hidden: [8] }, discriminator: { hidden: [8] } });
const trainer = new GanTrainer(config, dataset);
const fresh = await trainer.getState(); // step 0: no optimizer slots yet
for (let i = 0; i < 3; i++) trainer.trainStep();
const state = await trainer.getState();
trainer.dispose();
const dir = tempDir();
const path = join(dir, 'checkpoint.json');
saveCheckpoint(path, { config, state });
const payload = JSON.parse(readFileSync(path, 'utf8')).payload as Record<string, unknown>;

/** A checkpoint whose payload is the good one changed by `edit`, with a valid checksum (so only the content is wrong). */
function edited(name: string, edit: (p: Record<string, any>) => void): string {
  const p = structuredClone(payload) as Record<string, any>;
  edit(p);
  const file = join(dir, `${name}.json`);
  writeChecksummedFile(file, CHECKPOINT_FORMAT, CHECKPOINT_VERSION, JSON.stringify(p));
  return file;
}

const base64Of = (values: number[]) => Buffer.from(new Float32Array(values).buffer).toString('base64');

/** Asserts that `f` throws a one-line CheckpointError naming `file` and matching `pattern`. */
function refuses(f: () => unknown, file: string, pattern: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof CheckpointError, `a CheckpointError, got ${String(e)}`);
    assert.ok(!e.message.includes('\n'), 'one line');
    assert.ok(e.message.startsWith(`${file}:`), e.message);
    assert.match(e.message, pattern);
    return true;
  });
}

test('a checkpoint with a field missing is refused in one line that names the field (not a TypeError)', () => {
  for (const field of ['step', 'config', 'generator', 'discriminator', 'generatorOptimizer', 'discriminatorOptimizer', 'rngs']) {
    const file = edited(`missing-${field}`, (p) => delete p[field]);
    refuses(() => loadCheckpoint(file), file, new RegExp(`\\b${field}\\b`));
  }
  const noWords = edited('missing-words', (p) => delete p.rngs.noise.words);
  refuses(() => loadCheckpoint(noWords), noWords, /rngs\.noise\.words/);
});

test('fields of the wrong type are refused, naming the field', () => {
  const shape = edited('shape-string', (p) => (p.generator[0].shape = '2,8'));
  refuses(() => loadCheckpoint(shape), shape, /generator\[0\]\.shape/);
  const b64 = edited('base64-number', (p) => (p.discriminator[1].base64 = 7));
  refuses(() => loadCheckpoint(b64), b64, /discriminator\[1\]\.base64/);
  const scale = edited('scale-null', (p) => (p.generatorOptimizer.learningRateScale = null));
  refuses(() => loadCheckpoint(scale), scale, /generatorOptimizer\.learningRateScale/);
});

test('a step outside 0 … steps (or not whole) is refused', () => {
  for (const step of [-5, 11, 2.5]) {
    const file = edited(`step-${step}`, (p) => (p.step = step));
    refuses(() => loadCheckpoint(file), file, /step/);
  }
  const ok = edited('step-10', (p) => (p.step = 10));
  assert.equal(loadCheckpoint(ok).state.step, 10, 'the last step of the run is in range');
});

test('NaN or infinite values are refused, naming the tensor', () => {
  const nan = edited('nan-weights', (p) => (p.generator[0].base64 = base64Of(new Array(p.generator[0].shape.reduce((a: number, b: number) => a * b, 1)).fill(Number.NaN))));
  refuses(() => loadCheckpoint(nan), nan, /generator.*dense0\/w.*NaN/);
  const inf = edited('inf-slot', (p) => {
    const s = p.discriminatorOptimizer.slots[0];
    const values = new Array(s.shape.reduce((a: number, b: number) => a * b, 1)).fill(0);
    values[3] = Number.POSITIVE_INFINITY;
    s.base64 = base64Of(values);
  });
  refuses(() => loadCheckpoint(inf), inf, /discriminator's optimizer state.*dense0\/w\/m.*Infinity/);
});

test('a good checkpoint still loads exactly', () => {
  assert.deepEqual(loadCheckpoint(path), { config, state });
});

/** A trainer for `c`, handed to `f` and disposed after. */
async function withTrainer<T>(c: typeof config, f: (t: GanTrainer) => Promise<T>): Promise<T> {
  const t = new GanTrainer(c, dataset);
  try {
    return await f(t);
  } finally {
    t.dispose();
  }
}

/** Asserts that checkStateFits rejects `s` for the trainer of `c` with a one-line CheckpointError matching `pattern`. */
async function doesNotFit(c: typeof config, s: TrainerState, pattern: RegExp): Promise<void> {
  await withTrainer(c, (t) =>
    assert.rejects(() => checkStateFits(s, t, path), (e: unknown) => {
      assert.ok(e instanceof CheckpointError, `a CheckpointError, got ${String(e)}`);
      assert.ok(!e.message.includes('\n'), 'one line');
      assert.match(e.message, pattern);
      return true;
    }),
  );
}

test('a state fits the networks and optimizers its config builds (at step 0 without optimizer slots, and later with them)', async () => {
  await withTrainer(config, async (t) => {
    await checkStateFits(fresh, t, path);
    await checkStateFits(state, t, path);
    await t.setState(state);
    assert.deepEqual(await t.getState(), state);
  });
});

test("another model's state does not fit: wrong shapes, missing and extra tensors, optimizer slots, averaged generator", async () => {
  const wider = resolveConfig({ ...config, generator: { hidden: [9] } });
  await doesNotFit(wider, state, /generator's weights: dense0\/w has shape \[2,8\] but the config's network needs \[2,9\]/);
  const missing = { ...state, discriminator: state.discriminator.filter((w) => w.name !== 'dense1/b') };
  await doesNotFit(config, missing, /discriminator's weights: dense1\/b is missing/);
  const extra = { ...state, generator: [...state.generator, { name: 'dense9/w', shape: [1], values: new Float32Array(1) }] };
  await doesNotFit(config, extra, /generator's weights: dense9\/w is not part of the config's network/);
  const slots = state.generatorOptimizer.slots.map((s, i) => (i === 0 ? { ...s, shape: [s.shape[0] + 1, s.shape[1]], values: new Float32Array((s.shape[0] + 1) * s.shape[1]) } : s));
  await doesNotFit(config, { ...state, generatorOptimizer: { ...state.generatorOptimizer, slots } }, /generator's optimizer state: dense0\/w\/m has shape \[3,8\] but the config's network needs \[2,8\]/);
  const sgd = resolveConfig({ ...config, optimizer: { generator: { name: 'sgd' }, discriminator: { name: 'adam' } } });
  await doesNotFit(sgd, state, /generator's optimizer state: dense0\/w\/m is not part of the config's optimizer \(sgd\)/);
  const averaged = resolveConfig({ ...config, generatorAverage: 0.9 });
  await doesNotFit(averaged, state, /averaged generator's weights: dense0\/w is missing/);
});

test("a checkpoint of another run (its config differs from config.json beyond steps and onDivergence) is refused, naming the field", () => {
  assert.throws(() => checkSameRun(resolveConfig({ ...config, seed: 5 }), config, path), (e: unknown) => e instanceof CheckpointError && /seed: 5 in the checkpoint, 0 in config\.json/.test(e.message) && !e.message.includes('\n'));
  assert.throws(() => checkSameRun(resolveConfig({ ...config, generator: { hidden: [16] } }), config, path), /generator\.hidden/);
  // --resume may change the length and the divergence policy: the same run.
  assert.doesNotThrow(() => checkSameRun(resolveConfig({ ...config, steps: 60, onDivergence: 'rollback' }), config, path));
});
