/**
 * The numbers of a step record, by name: what each player's update measures as tensors (the gradient
 * norms, the penalty, the Lipschitz estimate, the optimizer state's norm: one small tensor per update,
 * downloaded once) and what comes from the discriminator's logits (the losses and their terms,
 * V(D, G) of E1, the mean D(x) on each batch, the critic estimate of E8), computed here from the
 * downloaded logits with the objective's number twins (objectives/objective.ts) rather than with a
 * TF.js call per term: each value in float64, the means summed in float32 as a tensor's mean is
 * (objectives/log-prob.ts, meanValue), every result rounded to float32 like the record's other numbers.
 * So a loss that overflows float32 is +∞ at the same step as when the losses were float32 tensors, and
 * the divergence check stops (or rolls back) the run there.
 */
import { gameValueNumbers, meanValue, sigmoidValue } from '../objectives/log-prob.js';
import type { Objective } from '../objectives/objective.js';

/** The order of the discriminator update's measurement tensor (see the discriminator update, trainer.ts). */
export const DISCRIMINATOR_MEASURES = ['gradNorm', 'penalty', 'maxInputGradNorm', 'lipschitzEstimate', 'stateNorm'] as const;
/** The order of the generator update's measurement tensor. */
export const GENERATOR_MEASURES = ['gradNorm', 'stateNorm'] as const;

const f32 = Math.fround;
const f32Terms = (terms: Readonly<Record<string, number>>): Record<string, number> => Object.fromEntries(Object.entries(terms).map(([k, v]) => [k, f32(v)]));

/** Measurements by name (the names of one update's measurement vector). */
export type Measures<K extends readonly string[]> = Record<K[number], number>;

/** A downloaded measurement vector by name (`names` in the order the update stacked them). */
export function byName<K extends readonly string[]>(values: ArrayLike<number>, names: K): Measures<K> {
  if (values.length !== names.length) throw new Error(`expected ${names.length} measurements (${names.join(', ')}), got ${values.length}`);
  return Object.fromEntries(names.map((n, i) => [n, values[i]])) as Measures<K>;
}

/**
 * The discriminator's fields of a step record: `logits` holds D's outputs on the real batch (the first
 * `perKind` values) then on the generated batch (the next `perKind`), as the update ran them; NaN
 * measurements (no penalty gradient norms, Lipschitz not measured this step) are left out.
 */
export function discriminatorRecordFields(objective: Objective, logits: ArrayLike<number>, perKind: number, m: Measures<typeof DISCRIMINATOR_MEASURES>) {
  const values = Array.from(logits);
  if (values.length !== 2 * perKind) throw new Error(`expected ${2 * perKind} logits, got ${values.length}`);
  const real = values.slice(0, perKind);
  const fake = values.slice(perKind);
  const { loss, terms } = objective.discriminatorLossNumbers(real, fake);
  const v = gameValueNumbers(real, fake);
  return {
    dLoss: f32(loss),
    dTerms: f32Terms(terms),
    realTerm: f32(v.realTerm),
    fakeTerm: f32(v.fakeTerm),
    // V(D, G) as the record has always had it: exactly the sum of the two (float32) terms it shows
    value: f32(v.realTerm) + f32(v.fakeTerm),
    dRealMean: f32(meanValue(real, sigmoidValue)),
    dFakeMean: f32(meanValue(fake, sigmoidValue)),
    dGradNorm: m.gradNorm,
    criticEstimate: f32(meanValue(real) - meanValue(fake)),
    penalty: m.penalty,
    ...(Number.isNaN(m.maxInputGradNorm) ? {} : { maxInputGradNorm: m.maxInputGradNorm }),
    ...(Number.isNaN(m.lipschitzEstimate) ? {} : { lipschitzEstimate: m.lipschitzEstimate }),
  };
}

/** The generator's fields of a step record from D's logits on the generated batch. */
export function generatorRecordFields(objective: Objective, fakeLogits: ArrayLike<number>, m: Measures<typeof GENERATOR_MEASURES>) {
  const { loss, terms } = objective.generatorLossNumbers(Array.from(fakeLogits));
  return { gLoss: f32(loss), gTerms: f32Terms(terms), gGradNorm: m.gradNorm };
}
