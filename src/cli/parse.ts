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
