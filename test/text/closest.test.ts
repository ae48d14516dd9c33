/** "Did you mean …?" (issue #22: an unknown config field or data name got no suggestion). */
import test from 'node:test';
import assert from 'node:assert/strict';
import { closest, didYouMean, editDistance } from '../../src/text/closest.js';

test('editDistance counts insertions, deletions, substitutions and neighbour swaps', () => {
  assert.equal(editDistance('steps', 'steps'), 0);
  assert.equal(editDistance('stepz', 'steps'), 1);
  assert.equal(editDistance('step', 'steps'), 1);
  assert.equal(editDistance('grid52', 'grid25'), 1, 'a swap of neighbours is one edit');
  assert.equal(editDistance('mnsit', 'mnist'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
});

test('closest: the nearest candidate within a typo\'s distance, else nothing', () => {
  const fields = ['steps', 'seed', 'snapshotEvery', 'batchSize', 'loss'];
  assert.equal(closest('stepz', fields), 'steps');
  assert.equal(closest('BatchSise', fields), 'batchSize', 'case-insensitive');
  assert.equal(closest('learningRate', fields), undefined, 'too far from every field');
  assert.equal(closest('x', []), undefined);
  assert.equal(didYouMean('ring9', ['ring8', 'grid25']), ' (did you mean "ring8"?)');
  assert.equal(didYouMean('moons', ['ring8', 'grid25']), '');
});
