/**
 * Two-dimensional adaptive cubature over a box: the Genz–Malik degree-7 rule with its embedded
 * degree-5 rule (Genz & Malik 1980; as in HCubature), global subdivision of the cell with the
 * largest error along the axis with the largest fourth difference, and an initial grid of cells cut
 * at given breakpoints per coordinate. A nested (tensor-product) 1-D adaptive rule is kept as an
 * independent cross-check.
 */
import { integrateVector, type VectorQuadratureResult } from './quadrature.js';
import type { Box } from './density-model.js';

/** Options of {@link integrate2D}. */
export interface Quadrature2DOptions {
  /** Absolute error target of the double integral (default 1e-11). */
  readonly absTol?: number;
  /** Relative error target (default 1e-10); round-off floor 100·ε·∫∫|f| as in 1-D. */
  readonly relTol?: number;
  /** Budget of integrand evaluations (default 2,000,000; nested: per 1-D integration, 60,000). */
  readonly maxEvaluations?: number;
  /** Breakpoints per coordinate: [points in x, points in y]; the first cells are cut there. */
  readonly breakpoints?: readonly [readonly number[], readonly number[]];
}

/** A 2-D vector integrand: writes f(x, y) (all `size` components) into `out`. */
export type VectorIntegrand2D = (x: number, y: number, out: Float64Array) => void;

// Genz–Malik generators (in units of the cell's half-widths) and weights for n = 2, normalized so
// that the weights of each rule sum to 1 (the rule is vol · Σ w f).
const L2 = Math.sqrt(9 / 70);
const L3 = Math.sqrt(9 / 10); // also λ4, the generator of the (±λ4, ±λ4) points
const L5 = Math.sqrt(9 / 19);
const W7 = [-3816 / 19683, 980 / 6561, 1020 / 19683, 200 / 19683, 6859 / 19683 / 4];
const W5 = [-971 / 729, 245 / 486, 65 / 1458, 25 / 729];
const FOURTH_RATIO = (L2 * L2) / (L3 * L3); // 1/7
const EPS = Number.EPSILON;
const ROUNDOFF = 100 * EPS;

interface Cell {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  readonly values: Float64Array;
  readonly errors: Float64Array;
  readonly absValues: Float64Array;
  /** Axis to split: 0 = x, 1 = y. */
  readonly splitAxis: 0 | 1;
  readonly key: number;
}

/**
 * ∫∫_box f(x, y) dx dy for a scalar integrand. Domain: a finite box (low < high in both
 * coordinates); f finite inside (never evaluated on the box's edges or on breakpoint lines).
 * Returns the value, the summed |I₇ − I₅| error estimate and the number of evaluations of f.
 */
export function integrate2D(
  f: (x: number, y: number) => number,
  box: Box,
  options: Quadrature2DOptions = {},
): { value: number; errorEstimate: number; evaluations: number; converged: boolean } {
  const r = integrate2DVector((x, y, out) => (out[0] = f(x, y)), 1, box, options);
  return { value: r.values[0], errorEstimate: r.errorEstimates[0], evaluations: r.evaluations, converged: r.converged };
}

function checkBox(box: Box): [number, number, number, number] {
  const [a, c] = box.low;
  const [b, d] = box.high;
  for (const v of [a, b, c, d]) {
    if (!Number.isFinite(v)) throw new RangeError('2-D integration needs a finite box (use effectiveBounds)');
  }
  if (!(a < b && c < d)) throw new RangeError(`2-D integration needs low < high, got [${a}, ${b}] × [${c}, ${d}]`);
  return [a, b, c, d];
}

function cuts(lo: number, hi: number, points: readonly number[]): number[] {
  const inner = [...new Set(points.filter((p) => Number.isFinite(p) && p > lo && p < hi))].sort((u, v) => u - v);
  return [lo, ...inner, hi];
}

/**
 * ∫∫_box f dx dy for a vector integrand sharing every evaluation, by adaptive Genz–Malik cubature
 * (17 points per cell, exact for polynomials of degree 7): the cell with the largest component
 * error is halved until each component k meets error_k ≤ max(absTol, relTol·|value_k|,
 * 100·ε·∫∫|f_k|) or the budget runs out (`converged` false). Domain as {@link integrate2D}.
 * Deviation from a proof: |I₇ − I₅| is a heuristic error estimate; a feature much narrower than a
 * cell that falls between all 17 points of every cell can be missed — put mode locations and
 * support edges in `breakpoints`.
 */
export function integrate2DVector(
  f: VectorIntegrand2D,
  size: number,
  box: Box,
  options: Quadrature2DOptions = {},
): VectorQuadratureResult {
  const [a, b, c, d] = checkBox(box);
  const absTol = options.absTol ?? 1e-11;
  const relTol = options.relTol ?? 1e-10;
  const maxEvaluations = options.maxEvaluations ?? 2_000_000;
  const [bx, by] = options.breakpoints ?? [[], []];
  const buf = new Float64Array(size);
  const fv = new Float64Array(17 * size);
  let evaluations = 0;

  const at = (x: number, y: number, slot: number): void => {
    buf.fill(0);
    f(x, y, buf);
    evaluations++;
    for (let k = 0; k < size; k++) fv[slot * size + k] = buf[k];
  };

  const rule = (x0: number, x1: number, y0: number, y1: number): Cell => {
    const cx = 0.5 * (x0 + x1);
    const cy = 0.5 * (y0 + y1);
    const hx = 0.5 * (x1 - x0);
    const hy = 0.5 * (y1 - y0);
    // Slots: 0 centre; 1–4 (±λ2 on x, ±λ2 on y); 5–8 (±λ3 likewise); 9–12 (±λ4, ±λ4); 13–16 (±λ5, ±λ5).
    at(cx, cy, 0);
    at(cx - L2 * hx, cy, 1);
    at(cx + L2 * hx, cy, 2);
    at(cx, cy - L2 * hy, 3);
    at(cx, cy + L2 * hy, 4);
    at(cx - L3 * hx, cy, 5);
    at(cx + L3 * hx, cy, 6);
    at(cx, cy - L3 * hy, 7);
    at(cx, cy + L3 * hy, 8);
    at(cx - L3 * hx, cy - L3 * hy, 9);
    at(cx + L3 * hx, cy - L3 * hy, 10);
    at(cx - L3 * hx, cy + L3 * hy, 11);
    at(cx + L3 * hx, cy + L3 * hy, 12);
    at(cx - L5 * hx, cy - L5 * hy, 13);
    at(cx + L5 * hx, cy - L5 * hy, 14);
    at(cx - L5 * hx, cy + L5 * hy, 15);
    at(cx + L5 * hx, cy + L5 * hy, 16);
    const vol = 4 * hx * hy;
    const values = new Float64Array(size);
    const errors = new Float64Array(size);
    const absValues = new Float64Array(size);
    let key = 0;
    let keyDiffX = 0;
    let keyDiffY = 0;
    const v = (slot: number, k: number): number => fv[slot * size + k];
    for (let k = 0; k < size; k++) {
      const f0 = v(0, k);
      const s2 = v(1, k) + v(2, k) + v(3, k) + v(4, k);
      const s3 = v(5, k) + v(6, k) + v(7, k) + v(8, k);
      const s4 = v(9, k) + v(10, k) + v(11, k) + v(12, k);
      const s5 = v(13, k) + v(14, k) + v(15, k) + v(16, k);
      const i7 = vol * (W7[0] * f0 + W7[1] * s2 + W7[2] * s3 + W7[3] * s4 + W7[4] * s5);
      const i5 = vol * (W5[0] * f0 + W5[1] * s2 + W5[2] * s3 + W5[3] * s4);
      let a2 = 0;
      for (let s = 1; s <= 4; s++) a2 += Math.abs(v(s, k));
      let a3 = 0;
      for (let s = 5; s <= 8; s++) a3 += Math.abs(v(s, k));
      let a4 = 0;
      for (let s = 9; s <= 12; s++) a4 += Math.abs(v(s, k));
      let a5 = 0;
      for (let s = 13; s <= 16; s++) a5 += Math.abs(v(s, k));
      const resabs = vol * (-W7[0] * Math.abs(f0) + W7[1] * a2 + W7[2] * a3 + W7[3] * a4 + W7[4] * a5);
      let err = Math.abs(i7 - i5);
      err = Math.max(err, 50 * EPS * resabs);
      values[k] = i7;
      absValues[k] = resabs;
      errors[k] = Number.isNaN(err) ? Infinity : err;
      if (errors[k] > key || k === 0) {
        key = Math.max(key, errors[k]);
        keyDiffX = Math.abs(v(1, k) + v(2, k) - 2 * f0 - FOURTH_RATIO * (v(5, k) + v(6, k) - 2 * f0));
        keyDiffY = Math.abs(v(3, k) + v(4, k) - 2 * f0 - FOURTH_RATIO * (v(7, k) + v(8, k) - 2 * f0));
      }
    }
    // Split where the fourth difference is largest; on a tie (e.g. both 0) split the longer side
    // (relative to the box).
    const relX = (x1 - x0) / (b - a);
    const relY = (y1 - y0) / (d - c);
    let splitAxis: 0 | 1;
    if (Math.abs(keyDiffX - keyDiffY) <= 1e-12 * Math.max(keyDiffX, keyDiffY)) splitAxis = relX >= relY ? 0 : 1;
    else splitAxis = keyDiffX > keyDiffY ? 0 : 1;
    return { x0, x1, y0, y1, values, errors, absValues, splitAxis, key };
  };

  const heap: Cell[] = [];
  const push = (cell: Cell): void => {
    heap.push(cell);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p].key >= heap[i].key) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const pop = (): Cell => {
    const top = heap[0];
    const last = heap.pop() as Cell;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l].key > heap[m].key) m = l;
        if (r < heap.length && heap[r].key > heap[m].key) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };

  const total = new Float64Array(size);
  const totalErr = new Float64Array(size);
  const totalAbs = new Float64Array(size);
  const add = (cell: Cell, sign: number): void => {
    for (let k = 0; k < size; k++) {
      total[k] += sign * cell.values[k];
      totalErr[k] += sign * cell.errors[k];
      totalAbs[k] += sign * cell.absValues[k];
    }
  };
  const target = (value: number, abs: number): number => Math.max(absTol, relTol * Math.abs(value), ROUNDOFF * abs);
  const done = (): boolean => {
    for (let k = 0; k < size; k++) if (!(totalErr[k] <= target(total[k], totalAbs[k]))) return false;
    return true;
  };

  const xs = cuts(a, b, bx);
  const ys = cuts(c, d, by);
  for (let i = 0; i + 1 < xs.length; i++) {
    for (let j = 0; j + 1 < ys.length; j++) {
      const cell = rule(xs[i], xs[i + 1], ys[j], ys[j + 1]);
      push(cell);
      add(cell, 1);
    }
  }
  const retired: Cell[] = [];
  let converged = done();
  while (!converged && heap.length > 0 && evaluations + 34 <= maxEvaluations) {
    const worst = pop();
    const [lo, hi] = worst.splitAxis === 0 ? [worst.x0, worst.x1] : [worst.y0, worst.y1];
    const mid = 0.5 * (lo + hi);
    if (!(mid > lo && mid < hi) || hi - lo <= 8 * EPS * Math.max(Math.abs(lo), Math.abs(hi))) {
      retired.push(worst);
      continue;
    }
    const [c1, c2] =
      worst.splitAxis === 0
        ? [rule(worst.x0, mid, worst.y0, worst.y1), rule(mid, worst.x1, worst.y0, worst.y1)]
        : [rule(worst.x0, worst.x1, worst.y0, mid), rule(worst.x0, worst.x1, mid, worst.y1)];
    add(worst, -1);
    add(c1, 1);
    add(c2, 1);
    push(c1);
    push(c2);
    converged = done();
  }

  const all = [...heap, ...retired];
  const values = new Float64Array(size);
  const errorEstimates = new Float64Array(size);
  converged = true;
  for (let k = 0; k < size; k++) {
    // Neumaier summation of the cells' values.
    let sum = 0;
    let comp = 0;
    let err = 0;
    let abs = 0;
    for (const cell of all) {
      const t = sum + cell.values[k];
      comp += Math.abs(sum) >= Math.abs(cell.values[k]) ? sum - t + cell.values[k] : cell.values[k] - t + sum;
      sum = t;
      err += cell.errors[k];
      abs += cell.absValues[k];
    }
    values[k] = sum + comp;
    errorEstimates[k] = err;
    if (!(err <= target(values[k], abs))) converged = false;
  }
  return { values, errorEstimates, evaluations, converged };
}

/**
 * The same double integral by nesting the 1-D adaptive Gauss–Kronrod rule (outer over x, inner
 * over y at every outer node): slower for peaked integrands, but an independent method to check
 * {@link integrate2DVector} against. The inner integrals get a quarter of the relative tolerance and
 * an absolute tolerance divided by twice the box's width; the error estimate adds the box width
 * times the largest inner estimate. `maxEvaluations` is the budget of each 1-D integration
 * (default 60,000). Domain as {@link integrate2D}.
 */
export function integrate2DNested(
  f: VectorIntegrand2D,
  size: number,
  box: Box,
  options: Quadrature2DOptions = {},
): VectorQuadratureResult {
  const [a, b, c, d] = checkBox(box);
  const absTol = options.absTol ?? 1e-11;
  const relTol = options.relTol ?? 1e-10;
  const maxEvaluations = options.maxEvaluations ?? 60_000;
  const [bx, by] = options.breakpoints ?? [[], []];
  const innerAbsTol = absTol / (2 * (b - a));
  let evaluations = 0;
  const worstInner = new Float64Array(size);
  let allConverged = true;
  const outer = integrateVector(
    (x, out) => {
      const r = integrateVector((y, o) => f(x, y, o), size, c, d, {
        absTol: innerAbsTol,
        relTol: relTol / 4,
        maxEvaluations,
        breakpoints: by,
      });
      evaluations += r.evaluations;
      if (!r.converged) allConverged = false;
      for (let k = 0; k < size; k++) {
        out[k] = r.values[k];
        if (r.errorEstimates[k] > worstInner[k]) worstInner[k] = r.errorEstimates[k];
      }
    },
    size,
    a,
    b,
    { absTol: absTol / 2, relTol: relTol / 2, maxEvaluations, breakpoints: bx },
  );
  const errorEstimates = outer.errorEstimates.map((e, k) => e + (b - a) * worstInner[k]);
  return { values: outer.values, errorEstimates, evaluations, converged: outer.converged && allConverged };
}
