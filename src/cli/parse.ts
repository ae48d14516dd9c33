/** Parsers for flag values: each throws commander's InvalidArgumentError with the fix. */
import { InvalidArgumentError } from 'commander';

export function parseInteger(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number.');
  return n;
}

export function parseNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number such as 0.0002 or 2e-4.');
  return n;
}

export function parseIntList(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const out = parts.map(Number);
  if (parts.some((p) => p === '') || out.some((n) => !Number.isInteger(n))) {
    throw new InvalidArgumentError('expected whole numbers separated by commas, e.g. 128,128,128.');
  }
  return out;
}

/** A whole number ≥ 1 (sizes and counts: limits such as --max-width). */
export function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1.');
  return n;
}

/** A finite number > 0 (e.g. megabytes: --max-data-mb 0.5). */
export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0 such as 512 or 0.5.');
  return n;
}

/** The largest seed: seeds are 32-bit, and a larger one would silently stand for a smaller one. */
export const MAX_SEED = 2 ** 32 - 1;

/** A seed: a whole number in [0, 2³² − 1]. */
export function parseSeed(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_SEED) throw new InvalidArgumentError(`expected a seed: a whole number from 0 to ${MAX_SEED}.`);
  return n;
}

/** The largest sampling temperature: z times more than 4 is far outside anything G was trained on. */
export const MAX_TEMPERATURE = 4;

/** A sampling temperature (z multiplied by it): a number in (0, 4]. */
export function parseTemperature(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > MAX_TEMPERATURE) throw new InvalidArgumentError(`expected a temperature: a number > 0 and ≤ ${MAX_TEMPERATURE}, such as 0.7 (1: the prior itself).`);
  return n;
}
