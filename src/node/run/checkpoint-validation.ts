/**
 * What makes a checkpoint usable, checked before anything in a run folder is touched (a problem is one
 * line, {@link CheckpointError}, exit 2):
 *
 *   1. its payload has every field with the right type ({@link checkpointPayloadSchema}), its step is a
 *      whole number in 0 … steps, and every stored value is finite (in ./checkpoint.ts, on reading);
 *   2. it belongs to the folder's run: its config equals config.json but for `steps` and
 *      `onDivergence`, which `--resume` may change ({@link checkSameRun});
 *   3. it fits the networks and optimizers its config builds: the same tensor names and shapes, the
 *      optimizer slots of the configured optimizer or none yet (step 0), an averaged generator exactly
 *      when the config asks for one ({@link checkStateFits}).
 */
import { z } from 'zod';
import type { NamedWeights } from '../../models/mlp.js';
import type { OptimizerConfig, TrainConfig } from '../../training/config.js';
import type { GanTrainer, TrainerState } from '../../training/trainer.js';
import { CheckpointError } from './checkpoint-error.js';

const tensorSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().min(0)),
  base64: z.string(),
});

const optimizerStateSchema = z.object({
  step: z.number().int().min(0),
  /** Absent in checkpoints written before rollbacks existed: 1 (the configured rate). */
  learningRateScale: z.number().positive().optional(),
  slots: z.array(tensorSchema),
});

const rngStateSchema = z.object({
  algorithm: z.literal('xoroshiro128plus'),
  words: z.array(z.number().int().min(-(2 ** 31)).max(2 ** 32 - 1)).length(4),
  spareNormal: z.number().nullable(),
});

/** The payload of a checkpoint file (./checkpoint.ts): the step, the config and the trainer's state. */
export const checkpointPayloadSchema = z.object({
  step: z.number().int().min(0),
  config: z.record(z.string(), z.unknown()),
  generator: z.array(tensorSchema),
  discriminator: z.array(tensorSchema),
  generatorOptimizer: optimizerStateSchema,
  discriminatorOptimizer: optimizerStateSchema,
  rngs: z.object({ data: rngStateSchema, noise: rngStateSchema }),
  generatorAverage: z.array(tensorSchema).optional(),
});

export type CheckpointPayload = z.infer<typeof checkpointPayloadSchema>;

/** The fields `--resume` may change: a checkpoint whose config differs only in them is of the same run. */
const RESUMABLE_FIELDS = ['steps', 'onDivergence'] as const;

/** The first place where `a` and `b` differ (arrays and leaves compared whole), as a dotted path, or undefined. */
function firstDifference(a: unknown, b: unknown, path: string): { path: string; a: unknown; b: unknown } | undefined {
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (isObject(a) && isObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
      const d = firstDifference(a[k], b[k], path === '' ? k : `${path}.${k}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return JSON.stringify(a) === JSON.stringify(b) ? undefined : { path, a, b };
}

/**
 * Throws {@link CheckpointError} if the checkpoint's config (`checkpointConfig`, from `file`) is not the
 * run folder's config.json (`folderConfig`) but for `steps` and `onDivergence`: the checkpoint is
 * another run's, and resuming it would mix two runs in one folder.
 */
export function checkSameRun(checkpointConfig: TrainConfig, folderConfig: TrainConfig, file: string): void {
  const strip = (c: TrainConfig) => {
    const out: Record<string, unknown> = { ...c };
    for (const k of RESUMABLE_FIELDS) delete out[k];
    return out;
  };
  const d = firstDifference(strip(checkpointConfig), strip(folderConfig), '');
  if (d === undefined) return;
  const show = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v));
  throw new CheckpointError(`${file}: is from another run: ${d.path}: ${show(d.a)} in the checkpoint, ${show(d.b)} in config.json: put back this run's checkpoint, or train again`);
}

/** Tensor names and shapes, `name → shape`, of `ws`. */
type Shapes = ReadonlyMap<string, readonly number[]>;
const shapesOf = (ws: readonly { name: string; shape: readonly number[] }[]): Shapes => new Map(ws.map((w) => [w.name, w.shape]));
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** Throws if `actual` (named `what`) does not hold exactly the tensors of `expected`, shape for shape. */
function compareTensors(file: string, what: string, actual: readonly NamedWeights[], expected: Shapes, owner: string): void {
  const fail = (why: string) => new CheckpointError(`${file}: ${what}: ${why}: the checkpoint does not fit the run's config; train again, or use this run's own checkpoint`);
  const seen = new Set<string>();
  for (const w of actual) {
    const shape = expected.get(w.name);
    if (shape === undefined) throw fail(`${w.name} is not part of ${owner}`);
    if (seen.has(w.name)) throw fail(`${w.name} appears twice`);
    seen.add(w.name);
    if (!sameShape(w.shape, shape)) throw fail(`${w.name} has shape [${w.shape}] but the config's network needs [${shape}]`);
  }
  for (const name of expected.keys()) if (!seen.has(name)) throw fail(`${name} is missing`);
}

/** The slots the optimizer `c` keeps per parameter, in the order it creates them (training/optimizers.ts). */
function slotKinds(c: OptimizerConfig): string[] {
  switch (c.name) {
    case 'adam':
      return ['m', 'v'];
    case 'rmsprop':
      return c.momentum > 0 ? ['v', 'momentum'] : ['v'];
    case 'sgd':
      return [];
  }
}

/**
 * Throws {@link CheckpointError} (naming `file`, the part and the tensor) unless `state` fits `trainer`:
 * the same networks (names and shapes, spectral normalization's vectors included), an averaged
 * generator exactly when the config asks for one, and optimizer slots that are those of the configured
 * optimizers for every parameter, or none at all (no update yet). `trainer` is left as it was.
 */
export async function checkStateFits(state: TrainerState, trainer: GanTrainer, file: string): Promise<void> {
  const expected = await trainer.getState();
  compareTensors(file, "generator's weights", state.generator, shapesOf(expected.generator), "the config's network");
  compareTensors(file, "discriminator's weights", state.discriminator, shapesOf(expected.discriminator), "the config's network");
  if (expected.generatorAverage !== undefined || state.generatorAverage !== undefined) {
    const owner = expected.generatorAverage === undefined ? 'the config (it asks for no averaged generator)' : "the config's network";
    compareTensors(file, "averaged generator's weights", state.generatorAverage ?? [], shapesOf(expected.generatorAverage ?? []), owner);
  }
  const players = [
    ['generator', state.generatorOptimizer.slots, trainer.generator.parameters()],
    ['discriminator', state.discriminatorOptimizer.slots, (trainer.spectralNorm ?? trainer.discriminator).parameters()],
  ] as const;
  for (const [player, slots, params] of players) {
    const optimizer = trainer.config.optimizer[player];
    const kinds = slotKinds(optimizer);
    const wanted = new Map<string, readonly number[]>();
    for (const p of params) for (const k of kinds) wanted.set(`${p.name}/${k}`, p.variable.shape);
    // No slots at all is the state before the first update (they are created then).
    const what = `${player}'s optimizer state`;
    if (slots.length > 0 || wanted.size === 0) compareTensors(file, what, slots, wanted, `the config's optimizer (${optimizer.name})`);
  }
}

/** Checks `state` against `trainer` ({@link checkStateFits}), then restores it there. */
export async function restoreCheckpointState(trainer: GanTrainer, state: TrainerState, file: string): Promise<void> {
  await checkStateFits(state, trainer, file);
  await trainer.setState(state);
}
