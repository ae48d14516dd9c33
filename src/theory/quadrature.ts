/**
 * One-dimensional adaptive Gauss–Kronrod quadrature (G7–K15, as QUADPACK's QAG with its error
 * heuristic), global subdivision, initial splits at given breakpoints, and a variable transform for
 * infinite ends. Integrands may be vector-valued so that several integrals over one domain share
 * their density evaluations.
 */

// Nodes (abscissae in [0, 1], symmetric) and weights of the 15-point Kronrod rule and of the
// 7-point Gauss rule embedded in it (QUADPACK qk15). xgk[1], xgk[3], xgk[5], xgk[7] = 0 are the
// Gauss nodes, with weights wg[0], wg[1], wg[2], wg[3].
import { compensatedSum } from './special.js';

const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
  0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
  0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0.0,
];
const WGK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204,
  0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
  0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
const WG = [
  0.129484966168869693270611432679082, 0.27970539148927666790146777142378,
  0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
];
const EPS = Number.EPSILON;
const ROUNDOFF = 100 * EPS;
const UFLOW = 2.2250738585072014e-308;

/** Options of the adaptive rules. */
export interface QuadratureOptions {
  /** Absolute error target (default 1e-12). */
  readonly absTol?: number;
  /**
   * Relative error target (default 1e-10). A component is done when its error estimate is at most
   * max(absTol, relTol·|value|, 100·ε·∫|f|), the last term being what double precision can resolve.
   */
  readonly relTol?: number;
  /** Budget of integrand evaluations (default 200,000); the result says whether it converged. */
  readonly maxEvaluations?: number;
  /** Points inside the interval where the integrand is not smooth: the first subdivision splits there. */
  readonly breakpoints?: readonly number[];
  /** Length scale s of the map x = a + s·t/(1 − t) used on infinite ends (default 1). */
  readonly tailScale?: number;
}

/** A scalar integral, its estimated absolute error and the number of integrand evaluations. */
export interface QuadratureResult {
  readonly value: number;
  readonly errorEstimate: number;
  readonly evaluations: number;
  /** True when the error target was met within the evaluation budget. */
  readonly converged: boolean;
}

/** A vector of integrals over one domain, component by component. */
export interface VectorQuadratureResult {
  readonly values: Float64Array;
  readonly errorEstimates: Float64Array;
  readonly evaluations: number;
  readonly converged: boolean;
}

/** A vector integrand: writes f(x) (all `size` components) into `out`. */
export type VectorIntegrand = (x: number, out: Float64Array) => void;

const enum PieceKind {
  Finite,
  /** [lo, +∞) mapped from t ∈ [0, 1): x = lo + s·t/(1 − t). */
  UpperInfinite,
  /** (−∞, hi] mapped from t ∈ [0, 1): x = hi − s·t/(1 − t). */
  LowerInfinite,
}

interface Piece {
  readonly kind: PieceKind;
  readonly anchor: number;
}

interface Interval {
  readonly piece: Piece;
  readonly t0: number;
  readonly t1: number;
  readonly values: Float64Array;
  readonly errors: Float64Array;
  /** ∫ |f| over the interval, per component (sets the round-off floor). */
  readonly absValues: Float64Array;
  readonly key: number;
}

/** A max-heap of intervals by their largest component error. */
class IntervalHeap {
  private readonly items: Interval[] = [];
  get size(): number {
    return this.items.length;
  }
  push(it: Interval): void {
    const a = this.items;
    a.push(it);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p].key >= a[i].key) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): Interval | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop() as Interval;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].key > a[m].key) m = l;
        if (r < a.length && a[r].key > a[m].key) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
  all(): readonly Interval[] {
    return this.items;
  }
}

/**
 * ∫_a^b f(x) dx for a scalar integrand, by adaptive G7–K15 quadrature with global subdivision.
 *
 * Domain: a, b ∈ [−∞, +∞] (a > b gives −∫_b^a); f must be finite on (a, b) (it is never evaluated
 * at a, b or at the breakpoints). Infinite ends are mapped to [0, 1) by x = a + s·t/(1 − t).
 * The error estimate is QUADPACK's heuristic (Piessens et al. 1983), reliable for integrands that
 * are smooth between breakpoints; put every jump and kink in `options.breakpoints`.
 */
export function integrate(f: (x: number) => number, a: number, b: number, options: QuadratureOptions = {}): QuadratureResult {
  const r = integrateVector((x, out) => (out[0] = f(x)), 1, a, b, options);
  return { value: r.values[0], errorEstimate: r.errorEstimates[0], evaluations: r.evaluations, converged: r.converged };
}

/**
 * ∫_a^b f(x) dx for a vector integrand with `size` components, sharing every evaluation: the
 * interval with the largest component error is bisected until each component k meets
 * error_k ≤ max(absTol, relTol·|value_k|), or the evaluation budget runs out (`converged` false).
 * Domain and method as {@link integrate}.
 */
export function integrateVector(
  f: VectorIntegrand,
  size: number,
  a: number,
  b: number,
  options: QuadratureOptions = {},
): VectorQuadratureResult {
  if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`size must be a positive integer, got ${size}`);
  if (Number.isNaN(a) || Number.isNaN(b)) throw new RangeError('integration limits must not be NaN');
  if (a === b) return { values: new Float64Array(size), errorEstimates: new Float64Array(size), evaluations: 0, converged: true };
  if (a > b) {
    const r = integrateVector(f, size, b, a, options);
    return { ...r, values: r.values.map((v) => -v) };
  }
  const absTol = options.absTol ?? 1e-12;
  const relTol = options.relTol ?? 1e-10;
  const maxEvaluations = options.maxEvaluations ?? 200_000;
  const s = options.tailScale ?? 1;
  if (!(s > 0 && Number.isFinite(s))) throw new RangeError(`tailScale must be positive and finite, got ${s}`);

  // Cut points: the ends and every finite breakpoint strictly inside.
  const inner = (options.breakpoints ?? []).filter((x) => Number.isFinite(x) && x > a && x < b);
  const cuts = [...new Set(inner)].sort((u, v) => u - v);
  if (a === -Infinity && b === Infinity && cuts.length === 0) cuts.push(0);
  const ends = [a, ...cuts, b];

  const buf = new Float64Array(size);
  const fv = new Float64Array(15 * size);
  let evaluations = 0;

  const evalAt = (piece: Piece, t: number, slot: number): void => {
    let x: number;
    let jac: number;
    if (piece.kind === PieceKind.Finite) {
      x = t;
      jac = 1;
    } else {
      const u = 1 - t;
      if (!(u > 0)) {
        fv.fill(0, slot * size, slot * size + size);
        return;
      }
      x = piece.kind === PieceKind.UpperInfinite ? piece.anchor + (s * t) / u : piece.anchor - (s * t) / u;
      jac = s / (u * u);
    }
    buf.fill(0);
    f(x, buf);
    evaluations++;
    for (let k = 0; k < size; k++) fv[slot * size + k] = buf[k] * jac;
  };

  const rule = (piece: Piece, t0: number, t1: number): Interval => {
    const c = 0.5 * (t0 + t1);
    const h = 0.5 * (t1 - t0);
    // Slots: 0 = centre, 1 + 2j and 2 + 2j = the pair of nodes ±XGK[j], j = 0..6.
    evalAt(piece, c, 0);
    for (let j = 0; j < 7; j++) {
      evalAt(piece, c - h * XGK[j], 1 + 2 * j);
      evalAt(piece, c + h * XGK[j], 2 + 2 * j);
    }
    const values = new Float64Array(size);
    const errors = new Float64Array(size);
    const absValues = new Float64Array(size);
    let key = 0;
    for (let k = 0; k < size; k++) {
      const fc = fv[k];
      let resk = fc * WGK[7];
      let resg = fc * WG[3];
      let resabs = Math.abs(resk);
      for (let j = 0; j < 7; j++) {
        const f1 = fv[(1 + 2 * j) * size + k];
        const f2 = fv[(2 + 2 * j) * size + k];
        resk += WGK[j] * (f1 + f2);
        resabs += WGK[j] * (Math.abs(f1) + Math.abs(f2));
        if (j % 2 === 1) resg += WG[(j - 1) / 2] * (f1 + f2);
      }
      const reskh = 0.5 * resk;
      let resasc = WGK[7] * Math.abs(fc - reskh);
      for (let j = 0; j < 7; j++) {
        resasc += WGK[j] * (Math.abs(fv[(1 + 2 * j) * size + k] - reskh) + Math.abs(fv[(2 + 2 * j) * size + k] - reskh));
      }
      const ah = Math.abs(h);
      resabs *= ah;
      resasc *= ah;
      let err = Math.abs((resk - resg) * h);
      if (resasc !== 0 && err !== 0) err = resasc * Math.min(1, Math.pow((200 * err) / resasc, 1.5));
      if (resabs > UFLOW / (50 * EPS)) err = Math.max(50 * EPS * resabs, err);
      values[k] = resk * h;
      absValues[k] = resabs;
      errors[k] = Number.isNaN(err) ? Infinity : err;
      if (errors[k] > key) key = errors[k];
    }
    return { piece, t0, t1, values, errors, absValues, key };
  };

  const heap = new IntervalHeap();
  const retired: Interval[] = [];
  const total = new Float64Array(size);
  const totalErr = new Float64Array(size);
  const totalAbs = new Float64Array(size);
  const add = (it: Interval, sign: number): void => {
    for (let k = 0; k < size; k++) {
      total[k] += sign * it.values[k];
      totalErr[k] += sign * it.errors[k];
      totalAbs[k] += sign * it.absValues[k];
    }
  };
  // The error target of component k. Below ROUNDOFF·∫|f| double precision cannot resolve the
  // integral (each interval's estimate has a floor of 50·ε·∫|f| over it), so asking for less would
  // only burn the evaluation budget.
  const target = (value: number, abs: number): number => Math.max(absTol, relTol * Math.abs(value), ROUNDOFF * abs);

  for (let i = 0; i + 1 < ends.length; i++) {
    const lo = ends[i];
    const hi = ends[i + 1];
    let it: Interval;
    if (lo === -Infinity) it = rule({ kind: PieceKind.LowerInfinite, anchor: hi }, 0, 1);
    else if (hi === Infinity) it = rule({ kind: PieceKind.UpperInfinite, anchor: lo }, 0, 1);
    else it = rule({ kind: PieceKind.Finite, anchor: 0 }, lo, hi);
    heap.push(it);
    add(it, 1);
  }

  const done = (): boolean => {
    for (let k = 0; k < size; k++) {
      if (!(totalErr[k] <= target(total[k], totalAbs[k]))) return false;
    }
    return true;
  };

  let converged = done();
  while (!converged && heap.size > 0 && evaluations + 30 <= maxEvaluations) {
    const worst = heap.pop() as Interval;
    const mid = 0.5 * (worst.t0 + worst.t1);
    // Too narrow to split in floating point: keep it as it is.
    if (!(mid > worst.t0 && mid < worst.t1) || worst.t1 - worst.t0 <= 8 * EPS * Math.max(Math.abs(worst.t0), Math.abs(worst.t1))) {
      retired.push(worst);
      continue;
    }
    const left = rule(worst.piece, worst.t0, mid);
    const right = rule(worst.piece, mid, worst.t1);
    add(worst, -1);
    add(left, 1);
    add(right, 1);
    heap.push(left);
    heap.push(right);
    converged = done();
  }

  // Final sums, recomputed with compensated summation (the running totals drift).
  const all = [...heap.all(), ...retired];
  const values = new Float64Array(size);
  const errorEstimates = new Float64Array(size);
  const terms = new Float64Array(all.length);
  for (let k = 0; k < size; k++) {
    for (let i = 0; i < all.length; i++) terms[i] = all[i].values[k];
    values[k] = compensatedSum(terms);
    let e = 0;
    for (let i = 0; i < all.length; i++) e += all[i].errors[k];
    errorEstimates[k] = e;
  }
  converged = true;
  for (let k = 0; k < size; k++) {
    let abs = 0;
    for (let i = 0; i < all.length; i++) abs += all[i].absValues[k];
    if (!(errorEstimates[k] <= target(values[k], abs))) converged = false;
  }
  return { values, errorEstimates, evaluations, converged };
}

