import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldCellCenters, summarizeField, fieldNotes, type Field2D } from '../../src/node/plots/field.js';

const box = { xMin: -1, xMax: 3, yMin: 0, yMax: 1, nx: 4, ny: 2 };

describe('fieldCellCenters', () => {
  it('lists cell centres row-major, row 0 at yMin', () => {
    assert.deepEqual(
      [...fieldCellCenters(box)],
      [-0.5, 0.25, 0.5, 0.25, 1.5, 0.25, 2.5, 0.25, -0.5, 0.75, 0.5, 0.75, 1.5, 0.75, 2.5, 0.75],
    );
  });

  it('rejects empty boxes and non-integer cell counts', () => {
    assert.throws(() => fieldCellCenters({ ...box, xMax: -1 }), RangeError);
    assert.throws(() => fieldCellCenters({ ...box, nx: 2.5 }), RangeError);
    assert.throws(() => fieldCellCenters({ ...box, yMin: NaN }), RangeError);
  });
});

describe('summarizeField', () => {
  const field = (values: number[], domain?: [number, number]): Field2D => ({ ...box, values, label: 'f', domain });

  it('takes the finite range as the colour domain and counts NaN and ±∞ cells', () => {
    const s = summarizeField(field([NaN, 2, -1, Infinity, 0, 0, -Infinity, NaN]));
    assert.deepEqual(s, { domain: [-1, 2], nanCount: 2, infiniteCount: 2 });
    assert.deepEqual(fieldNotes(field([NaN, 2, -1, Infinity, 0, 0, -Infinity, NaN]), s), [
      '2 of 8 cells NaN (grey)',
      '2 of 8 cells ±∞ (not drawn)',
    ]);
  });

  it('prefers a given domain, widens a constant field, falls back to [0, 1] without finite values', () => {
    assert.deepEqual(summarizeField(field([5, 5, 5, 5, 5, 5, 5, 5], [0, 1])).domain, [0, 1]);
    assert.deepEqual(summarizeField(field([5, 5, 5, 5, 5, 5, 5, 5])).domain, [4.5, 5.5]);
    assert.deepEqual(summarizeField(field([0, 0, 0, 0, 0, 0, 0, 0])).domain, [-0.5, 0.5]);
    assert.deepEqual(summarizeField(field(Array(8).fill(NaN))).domain, [0, 1]);
    assert.deepEqual(fieldNotes(field([1, 2, 3, 4, 5, 6, 7, 8]), summarizeField(field([1, 2, 3, 4, 5, 6, 7, 8]))), []);
  });

  it('rejects a wrong number of values and a bad domain', () => {
    assert.throws(() => summarizeField(field([1, 2, 3])), /has 3 values, expected nx · ny = 4 · 2/);
    assert.throws(() => summarizeField(field(Array(8).fill(0), [1, 1])), RangeError);
  });
});
