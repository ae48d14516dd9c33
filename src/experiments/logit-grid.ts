/**
 * A trained discriminator made cheap to integrate: its logits evaluated ONCE, in large batches, on a
 * fixed fine grid, then interpolated. The theory module's adaptive quadrature calls a discriminator
 * point by point, tens of thousands of times; one network call per point would be far too slow.
 */
import type { Box, LogitDiscriminator } from '../theory/index.js';

/** Batched logits: row-major points of dimension `dim` in, one logit per point out. */
export type BatchLogits = (points: Float64Array) => Float64Array;

/** A discriminator known by its logits on a grid; `logit(x)` interpolates them (see {@link tabulateLogits}). */
export interface LogitGrid extends LogitDiscriminator {
  readonly dim: 1 | 2;
  /** The grid's box; outside it `logit` takes the value at the nearest point of the box. */
  readonly box: Box;
  /** Nodes per coordinate (the box's corners are nodes). */
  readonly nodes: readonly number[];
  /** Logits at the nodes, row-major with the first coordinate fastest: value (i, j) at `j·nodes[0] + i`. */
  readonly values: Float64Array;
  /**
   * max |a(c) − â(c)| over the centre c of every grid cell, a the batched logits and â the
   * interpolant: the measured interpolation error, in logit units (|ΔD| ≤ |Δa|/4).
   */
  readonly interpolationError: number;
}

/** Options of {@link tabulateLogits}. */
export interface TabulateOptions {
  /** Nodes per coordinate to start with (default 2049 in 1-D, 257 in 2-D). */
  readonly nodes?: number;
  /**
   * Refine (n → 2n − 1 nodes per coordinate) while the measured interpolation error exceeds this,
   * in logit units (default 0.01), up to `maxNodes`.
   */
  readonly targetError?: number;
  /** Most nodes per coordinate (default 65537 in 1-D, 1025 in 2-D). */
  readonly maxNodes?: number;
}

/**
 * Tabulates a discriminator's logits on a regular grid over `box` and returns the interpolant:
 * piecewise linear in 1-D, bilinear in 2-D, in LOGIT space (a ReLU network's logit is itself
 * piecewise linear, so it is reproduced exactly except in the cells that hold one of its kinks).
 * The network is called in batches: at the nodes and at the cell centres to measure the
 * interpolation error (`interpolationError`); while that exceeds `targetError` the grid is refined,
 * up to `maxNodes` per coordinate (so the error reported may stay above the target).
 * Returns a discriminator in logit form (a = logit D, any sign) for the E1/E3 integrals
 * (valueFunction, compareWithOptimal). Domain: dim 1 or 2; `box` finite with low < high;
 * `logitsAt` returns finite or ±∞ logits.
 * Deviation: the interpolant, not the network, is integrated; they differ by at most
 * `interpolationError` at the cell centres (and outside `box` the interpolant is constant).
 */
export function tabulateLogits(logitsAt: BatchLogits, dim: 1 | 2, box: Box, options: TabulateOptions = {}): LogitGrid {
  for (let j = 0; j < dim; j++) {
    if (!(Number.isFinite(box.low[j]) && Number.isFinite(box.high[j]) && box.low[j] < box.high[j])) {
      throw new RangeError(`a logit grid needs a finite box with low < high, got [${box.low[j]}, ${box.high[j]}]`);
    }
  }
  let n = options.nodes ?? (dim === 1 ? 2049 : 257);
  if (!(Number.isInteger(n) && n >= 2)) throw new RangeError(`a logit grid needs at least 2 nodes per coordinate, got ${n}`);
  const target = options.targetError ?? 0.01;
  const maxNodes = Math.max(n, options.maxNodes ?? (dim === 1 ? 65537 : 1025));
  for (;;) {
    const grid = tabulateOnce(logitsAt, dim, box, n);
    if (grid.interpolationError <= target || 2 * n - 1 > maxNodes) return grid;
    n = 2 * n - 1;
  }
}

/** One tabulation with n nodes per coordinate (see {@link tabulateLogits}). */
function tabulateOnce(logitsAt: BatchLogits, dim: 1 | 2, box: Box, n: number): LogitGrid {
  const nodes = new Array<number>(dim).fill(n);
  const lo = box.low;
  const step = box.high.map((h, j) => (h - lo[j]) / (n - 1));
  const count = dim === 1 ? n : n * n;
  const pts = new Float64Array(count * dim);
  for (let k = 0; k < count; k++) {
    if (dim === 1) pts[k] = lo[0] + k * step[0];
    else {
      pts[2 * k] = lo[0] + (k % n) * step[0];
      pts[2 * k + 1] = lo[1] + Math.floor(k / n) * step[1];
    }
  }
  const values = Float64Array.from(logitsAt(pts));
  if (values.length !== count) throw new RangeError(`logitsAt returned ${values.length} logits for ${count} points`);

  // â(x): clamp to the box, find the cell, interpolate.
  const cell = (x: number, j: number): [number, number] => {
    const t = (Math.min(box.high[j], Math.max(lo[j], x)) - lo[j]) / step[j];
    const i = Math.min(n - 2, Math.max(0, Math.floor(t)));
    return [i, t - i];
  };
  const lerp = (a: number, b: number, t: number): number => (t === 0 ? a : t === 1 ? b : a + t * (b - a));
  const logit =
    dim === 1
      ? (x: ArrayLike<number>): number => {
          const [i, t] = cell(x[0], 0);
          return lerp(values[i], values[i + 1], t);
        }
      : (x: ArrayLike<number>): number => {
          const [i, t] = cell(x[0], 0);
          const [j, u] = cell(x[1], 1);
          const k = j * n + i;
          return lerp(lerp(values[k], values[k + 1], t), lerp(values[k + n], values[k + n + 1], t), u);
        };

  // Interpolation error at every cell centre.
  const cells = dim === 1 ? n - 1 : (n - 1) * (n - 1);
  const centres = new Float64Array(cells * dim);
  for (let k = 0; k < cells; k++) {
    if (dim === 1) centres[k] = lo[0] + (k + 0.5) * step[0];
    else {
      centres[2 * k] = lo[0] + ((k % (n - 1)) + 0.5) * step[0];
      centres[2 * k + 1] = lo[1] + (Math.floor(k / (n - 1)) + 0.5) * step[1];
    }
  }
  const exact = logitsAt(centres);
  let interpolationError = 0;
  for (let k = 0; k < cells; k++) {
    const a = exact[k];
    const b = logit(centres.subarray(k * dim, (k + 1) * dim));
    const e = a === b ? 0 : Math.abs(a - b);
    if (!(e <= interpolationError)) interpolationError = Number.isNaN(e) ? Infinity : e;
  }
  return { dim, box: { low: [...box.low], high: [...box.high] }, nodes, values, interpolationError, logit };
}
