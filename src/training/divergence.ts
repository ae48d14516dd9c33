/**
 * Divergence: a non-finite loss, gradient or optimizer state, detected in the step where it appears.
 * (If every gradient is finite, an update of Adam, RMSProp or SGD with a finite learning rate keeps the
 * weights finite, so checking the losses and the gradient norms of each update catches non-finite
 * weights in the step that would create them. The optimizer state is checked too, by its norm at the
 * end of each step: Adam's and RMSProp's running mean of g² overflows float32 once a finite gradient
 * passes ~1.8e19, stays infinite, and leaves the weights finite, so only the state shows it.
 * node/run/checkpoint.ts checks every value again before it writes.)
 *
 * What then happens is the host's choice (config `onDivergence`): stop, or roll back to the last good
 * state with lower learning rates and go on (node/run/train-run.ts), recording a {@link RollbackRecord}.
 */

/**
 * Thrown by `GanTrainer.trainStep` (the trainer's weights may then be non-finite: restore a checkpoint)
 * and by `saveCheckpoint` for a state with a non-finite value (nothing is written).
 */
export class DivergenceError extends Error {
  override readonly name = 'DivergenceError';
  /**
   * `rollbacks`: how many rollbacks (config `onDivergence: 'rollback'`) the run had already made
   * when this divergence stopped it; 0 when it was not rolling back. `checkpointed`: whether the
   * training keeps checkpoints (a run does; a benchmark's seed does not, so its message offers no
   * checkpoint, resume or rollback).
   */
  constructor(
    readonly step: number,
    readonly quantity: string,
    readonly value: number,
    readonly rollbacks = 0,
    readonly checkpointed = true,
  ) {
    const again = rollbacks === 0 ? '' : ` (again, after ${rollbacks} rollback${rollbacks === 1 ? '' : 's'} with lower learning rates, the config's maxRollbacks)`;
    const advice = checkpointed
      ? `nothing non-finite was saved (the last checkpoint is the last good state): lower the learning rates, use a penalty (--gradient-penalty / --r1), ${rollbacks === 0 ? 'roll back automatically (--on-divergence rollback), ' : ''}or resume from the checkpoint with other settings`
      : 'lower the learning rates or use a penalty (--gradient-penalty / --r1)';
    super(`training diverged at step ${step}: the ${quantity} is ${value}${again}; ${advice}`);
  }

  /** The same divergence, told about a training that keeps no checkpoints (a benchmark's seed). */
  withoutCheckpoints(): DivergenceError {
    return new DivergenceError(this.step, this.quantity, this.value, this.rollbacks, false);
  }
}

/** Throws {@link DivergenceError} for the first non-finite entry of `quantities` (name → value). */
export function checkFinite(step: number, quantities: Readonly<Record<string, number>>): void {
  for (const [name, value] of Object.entries(quantities)) {
    if (!Number.isFinite(value)) throw new DivergenceError(step, name, value);
  }
}

/**
 * A rollback after divergence (config `onDivergence: 'rollback'`), as metrics.jsonl records it: the
 * run went back from the step that diverged to the last good state and goes on from there with both
 * learning rates multiplied by the config's `rollbackLearningRateFactor`. The records of the steps it
 * threw away are not kept.
 */
export interface RollbackRecord {
  readonly type: 'rollback';
  /** The step of the good state the run went back to (its last checkpoint, or where it started). */
  readonly step: number;
  /** The step whose update was not finite. */
  readonly fromStep: number;
  /** What was not finite, as in DivergenceError (e.g. "discriminator's gradient norm"). */
  readonly quantity: string;
  /** Its value as text ("NaN", "Infinity" or "-Infinity": JSON has no non-finite numbers). */
  readonly value: string;
  /** Rollbacks in this run so far, counting this one (at most the config's `maxRollbacks`). */
  readonly rollback: number;
  /** The learning rates from here on. */
  readonly learningRates: { readonly generator: number; readonly discriminator: number };
}
