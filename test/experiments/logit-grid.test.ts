/** A discriminator tabulated on a grid: exact where the logit is piecewise linear, refined where it is not. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tabulateLogits } from '../../src/experiments/logit-grid.js';

const batch = (f: (x: number, y: number) => number, dim: 1 | 2) => (pts: Float64Array) =>
  Float64Array.from({ length: pts.length / dim }, (_, i) => (dim === 1 ? f(pts[i], 0) : f(pts[2 * i], pts[2 * i + 1])));

test('1-D: a ReLU-like logit with kinks on nodes is reproduced exactly; off-grid kinks are measured', () => {
  const g = tabulateLogits(batch((x) => Math.max(0, x) - 2 * Math.max(0, x - 1), 1), 1, { low: [-2], high: [2] }, { nodes: 5 });
  assert.equal(g.interpolationError, 0);
  assert.deepEqual(g.nodes, [5]);
  for (const x of [-2, -0.3, 0, 0.7, 1, 1.5, 2]) assert.ok(Math.abs(g.logit([x]) - (Math.max(0, x) - 2 * Math.max(0, x - 1))) < 1e-12);
  assert.equal(g.logit([-10]), 0, 'clamped to the box');
  const h = tabulateLogits(batch((x) => Math.abs(x - 0.3), 1), 1, { low: [-2], high: [2] }, { nodes: 5, targetError: 1e-3, maxNodes: 4097 });
  assert.ok(h.interpolationError <= 1e-3, `refined until ${h.interpolationError}`);
  assert.ok(h.nodes[0] > 5);
});

test('2-D: bilinear interpolation is exact for x + 2y + 3xy and the layout is x fastest', () => {
  const f = (x: number, y: number) => x + 2 * y + 3 * x * y;
  const g = tabulateLogits(batch(f, 2), 2, { low: [-1, 0], high: [1, 2] }, { nodes: 9 });
  assert.ok(g.interpolationError < 1e-12);
  assert.equal(g.values.length, 81);
  assert.ok(Math.abs(g.values[1] - f(-0.75, 0)) < 1e-12, 'value (1, 0) is the second node along x');
  for (const [x, y] of [[0.1, 0.2], [-0.77, 1.9], [1, 2]]) assert.ok(Math.abs(g.logit([x, y]) - f(x, y)) < 1e-12);
});
