/**
 * The registry of objectives: adding one is a file, a line here and a row in the shared test battery.
 */
import { hinge } from './hinge.js';
import { leastSquares } from './least-squares.js';
import { minimax } from './minimax.js';
import { nonSaturating } from './non-saturating.js';
import type { Objective, ObjectiveOptions } from './objective.js';
import { wgan } from './wgan.js';

export const OBJECTIVES = {
  minimax: (o: ObjectiveOptions) => minimax(o),
  'non-saturating': (o: ObjectiveOptions) => nonSaturating(o),
  'least-squares': (o: ObjectiveOptions) => leastSquares(o),
  hinge: () => hinge(),
  wgan: () => wgan(),
} as const satisfies Record<string, (o: ObjectiveOptions) => Objective>;

export type ObjectiveName = keyof typeof OBJECTIVES;
export const OBJECTIVE_NAMES = Object.keys(OBJECTIVES) as ObjectiveName[];

/** The objective registered under `name`; an unknown name throws an error listing the known ones. */
export function createObjective(name: string, options: ObjectiveOptions = {}): Objective {
  const make = (OBJECTIVES as Record<string, (o: ObjectiveOptions) => Objective>)[name];
  if (make === undefined) {
    throw new RangeError(`unknown loss "${name}": choose one of ${OBJECTIVE_NAMES.join(', ')}`);
  }
  return make(options);
}
