/**
 * Divergence: a non-finite loss or gradient, detected in the step where it appears. (If every
 * gradient is finite, an update of Adam, RMSProp or SGD with a finite learning rate keeps the weights
 * finite, so checking the losses and the gradient norms of each update catches non-finite weights in
 * the step that would create them.)
 */

/** Thrown by `GanTrainer.trainStep`; the trainer's weights may then be non-finite: restore a checkpoint. */
export class DivergenceError extends Error {
  override readonly name = 'DivergenceError';
  constructor(
    readonly step: number,
    readonly quantity: string,
    readonly value: number,
  ) {
    super(
      `training diverged at step ${step}: the ${quantity} is ${value}; nothing non-finite was saved (the last checkpoint is the last good state): lower the learning rates, use a penalty (--gradient-penalty / --r1), or resume from the checkpoint with other settings`,
    );
  }
}

/** Throws {@link DivergenceError} for the first non-finite entry of `quantities` (name → value). */
export function checkFinite(step: number, quantities: Readonly<Record<string, number>>): void {
  for (const [name, value] of Object.entries(quantities)) {
    if (!Number.isFinite(value)) throw new DivergenceError(step, name, value);
  }
}
