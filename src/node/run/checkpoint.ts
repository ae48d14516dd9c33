/**
 * Checkpoints: the trainer's full state (both networks, both optimizers' state and learning-rate
 * scale, random streams, step) and the resolved config, as one JSON file with a SHA-256 checksum of
 * its payload. Float32 values are stored exactly (base64 of their bytes).
 *
 * Reading one checks the envelope (format, version, checksum), then the payload's field types, its
 * step (0 … the config's steps) and that every value is finite (./checkpoint-validation.ts says what
 * else is checked before a checkpoint is used); any problem is one {@link CheckpointError} line.
 */
import { readFileSync } from 'node:fs';
import type { NamedWeights } from '../../models/mlp.js';
import { formatIssue, resolveConfig, type TrainConfig } from '../../training/config.js';
import { DivergenceError } from '../../training/divergence.js';
import type { OptimizerState } from '../../training/optimizers.js';
import type { TrainerState } from '../../training/trainer.js';
import { CheckpointError } from './checkpoint-error.js';
import { checkpointPayloadSchema } from './checkpoint-validation.js';
import { parseChecksummedFile, writeChecksummedFile } from '../files/checksummed-file.js';

export { CheckpointError };

export const CHECKPOINT_FORMAT = 'tsgan-checkpoint';
export const CHECKPOINT_VERSION = 1;

interface StoredTensor {
  name: string;
  shape: number[];
  base64: string;
}

function encode(ws: readonly NamedWeights[]): StoredTensor[] {
  return ws.map((w) => ({
    name: w.name,
    shape: [...w.shape],
    base64: Buffer.from(w.values.buffer, w.values.byteOffset, w.values.byteLength).toString('base64'),
  }));
}

function decode(ts: readonly StoredTensor[], file: string): NamedWeights[] {
  return ts.map((t) => {
    const bytes = Buffer.from(t.base64, 'base64');
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (bytes.byteLength !== size * 4) throw new CheckpointError(`${file}: tensor ${t.name} holds ${bytes.byteLength / 4} values but its shape [${t.shape}] needs ${size}: the checkpoint is damaged; train again or use an earlier copy`);
    const values = new Float32Array(size);
    new Uint8Array(values.buffer).set(bytes);
    return { name: t.name, shape: t.shape, values };
  });
}

interface StoredOptimizer {
  step: number;
  /** Absent in checkpoints written before rollbacks existed: 1 (the configured rate). */
  learningRateScale?: number;
  slots: StoredTensor[];
}

function encodeOptimizer(o: OptimizerState): StoredOptimizer {
  return { step: o.step, learningRateScale: o.learningRateScale, slots: encode(o.slots) };
}

function decodeOptimizer(o: StoredOptimizer, file: string): OptimizerState {
  return { step: o.step, learningRateScale: o.learningRateScale ?? 1, slots: decode(o.slots, file) };
}

/** What a checkpoint holds. */
export interface Checkpoint {
  readonly config: TrainConfig;
  readonly state: TrainerState;
}

/** The first non-finite value of `state`: where it is, which tensor, its index and value; undefined if all are finite. */
function firstNonFinite(state: TrainerState): { quantity: string; tensor: string; index: number; size: number; value: number } | undefined {
  const parts: [string, readonly NamedWeights[]][] = [
    ["generator's weights", state.generator],
    ["discriminator's weights", state.discriminator],
    ["generator's optimizer state", state.generatorOptimizer.slots],
    ["discriminator's optimizer state", state.discriminatorOptimizer.slots],
    ["averaged generator's weights", state.generatorAverage ?? []],
  ];
  for (const [quantity, ws] of parts) {
    for (const w of ws) {
      const v = w.values;
      for (let i = 0; i < v.length; i++) {
        if (!Number.isFinite(v[i])) return { quantity, tensor: w.name, index: i, size: v.length, value: v[i] };
      }
    }
  }
  return undefined;
}

/**
 * Throws DivergenceError if any value of `state` is not finite (the trainer checks every step's losses
 * and gradients; this is the last guard: nothing non-finite is ever written to a checkpoint).
 */
function checkStateFinite(state: TrainerState): void {
  const bad = firstNonFinite(state);
  if (bad !== undefined) throw new DivergenceError(state.step, `${bad.quantity} (${bad.tensor})`, bad.value);
}

/** Writes `checkpoint` to `path` atomically; throws DivergenceError (writing nothing) if a value is not finite. */
export function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  const s = checkpoint.state;
  checkStateFinite(s);
  const payload = JSON.stringify({
    step: s.step,
    config: checkpoint.config,
    generator: encode(s.generator),
    discriminator: encode(s.discriminator),
    generatorOptimizer: encodeOptimizer(s.generatorOptimizer),
    discriminatorOptimizer: encodeOptimizer(s.discriminatorOptimizer),
    rngs: s.rngs,
    ...(s.generatorAverage === undefined ? {} : { generatorAverage: encode(s.generatorAverage) }),
  });
  writeChecksummedFile(path, CHECKPOINT_FORMAT, CHECKPOINT_VERSION, payload);
}

/** Reads and verifies a checkpoint; throws {@link CheckpointError} with one line on any problem. */
export function loadCheckpoint(path: string): Checkpoint {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CheckpointError(`${path}: no checkpoint there: give a run folder made by \`tsgan train\``);
  }
  const e = parseChecksummedFile(text);
  if (e === undefined || e.format !== CHECKPOINT_FORMAT) throw new CheckpointError(`${path}: not a tsgan checkpoint (or truncated): train again or use an earlier copy`);
  if (e.version !== CHECKPOINT_VERSION) throw new CheckpointError(`${path}: checkpoint version ${e.version} is not supported by this tsgan (needs ${CHECKPOINT_VERSION})`);
  const payload = e.payload;
  if (!e.checksumOk) throw new CheckpointError(`${path}: checksum mismatch, the checkpoint was modified or damaged: train again or use an earlier copy`);
  const damaged = 'the checkpoint is damaged or not from this tsgan: train again or use an earlier copy';
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    throw new CheckpointError(`${path}: the payload is not valid JSON: ${damaged}`);
  }
  const parsed = checkpointPayloadSchema.safeParse(json);
  if (!parsed.success) throw new CheckpointError(`${formatIssue(parsed.error.issues[0], path)}: ${damaged}`);
  const p = parsed.data;
  let config: TrainConfig;
  try {
    config = resolveConfig(p.config, `${path}: config`);
  } catch (err) {
    throw new CheckpointError(`${(err as Error).message}: ${damaged}`);
  }
  if (p.step > config.steps) throw new CheckpointError(`${path}: step ${p.step} is past the run's ${config.steps} steps: ${damaged}`);
  const state: TrainerState = {
    step: p.step,
    generator: decode(p.generator, path),
    discriminator: decode(p.discriminator, path),
    generatorOptimizer: decodeOptimizer(p.generatorOptimizer, path),
    discriminatorOptimizer: decodeOptimizer(p.discriminatorOptimizer, path),
    rngs: p.rngs,
    ...(p.generatorAverage === undefined ? {} : { generatorAverage: decode(p.generatorAverage, path) }),
  };
  const bad = firstNonFinite(state);
  if (bad !== undefined) throw new CheckpointError(`${path}: ${bad.quantity}: ${bad.tensor} holds ${bad.value} (value ${bad.index + 1} of ${bad.size}): ${damaged}`);
  return { config, state };
}
