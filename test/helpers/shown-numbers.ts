/** Reading the numbers a command prints, to check them against the records they come from (not a test file itself). */
import assert from 'node:assert/strict';

const NUMBER = /^[-−]?(?:Infinity|∞|\d+(?:\.\d+)?(?:e[-+−]?\d+)?)/;

/** Parses a printed number: ASCII or U+2212 minus, decimals, an exponent, "Infinity" or "∞". */
export function parseShown(s: string): number {
  const t = s.trim().replace(/−/g, '-').replace('∞', 'Infinity');
  const v = Number(t);
  assert.ok(t !== '' && !Number.isNaN(v), `not a number: "${s}"`);
  return v;
}

/** The number printed right after the first `label` in `text`. */
export function numberAfter(text: string, label: string): number {
  const at = text.indexOf(label);
  assert.ok(at >= 0, `"${label}" not in: ${text}`);
  const m = NUMBER.exec(text.slice(at + label.length));
  assert.ok(m !== null, `no number after "${label}" in: ${text}`);
  return parseShown(m[0]);
}

/** Asserts that `shown` is `value` rounded to `decimals` decimals (infinities must match exactly). */
export function assertShown(shown: number, value: number, decimals: number, what: string): void {
  if (!Number.isFinite(value)) return assert.equal(shown, value, what);
  const half = 0.5 * 10 ** -decimals;
  assert.ok(Math.abs(shown - value) <= half * (1 + 1e-9) + 1e-15, `${what}: shown ${shown}, the record holds ${value} (±${half})`);
}

/** Asserts that `shown` is `value` to `digits` significant digits (infinities must match exactly). */
export function assertShownSignificant(shown: number, value: number, digits: number, what: string): void {
  if (!Number.isFinite(value) || value === 0) return assert.equal(shown, value, what);
  const half = 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(value))) - digits + 1);
  assert.ok(Math.abs(shown - value) <= half * (1 + 1e-9), `${what}: shown ${shown}, the record holds ${value} (±${half}, ${digits} significant digits)`);
}
