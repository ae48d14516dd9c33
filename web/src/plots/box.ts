/** A 2-D view box and the map between data coordinates and canvas pixels (y up in data, down on screen). */
export interface ViewBox {
  readonly low: readonly [number, number];
  readonly high: readonly [number, number];
}

export function toPixel(box: ViewBox, width: number, height: number, x: number, y: number): [number, number] {
  return [((x - box.low[0]) / (box.high[0] - box.low[0])) * width, (1 - (y - box.low[1]) / (box.high[1] - box.low[1])) * height];
}

export function toData(box: ViewBox, width: number, height: number, px: number, py: number): [number, number] {
  return [box.low[0] + (px / width) * (box.high[0] - box.low[0]), box.low[1] + (1 - py / height) * (box.high[1] - box.low[1])];
}

/**
 * The centres of an n×n grid of cells over `box`, row-major from the top row (so that row r, column c
 * is pixel cell (c, r) of the heatmap), as row-major (x, y) pairs.
 */
export function gridPoints(box: ViewBox, n: number): Float64Array {
  const out = new Float64Array(2 * n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const k = r * n + c;
      out[2 * k] = box.low[0] + ((c + 0.5) / n) * (box.high[0] - box.low[0]);
      out[2 * k + 1] = box.high[1] - ((r + 0.5) / n) * (box.high[1] - box.low[1]);
    }
  }
  return out;
}

/** The q-quantile (0 … 1) of every `dim`-th value of `values` from `offset` (a coordinate of row-major points). */
function quantile(values: Float64Array, dim: number, offset: number, q: number): number {
  const col: number[] = [];
  for (let i = offset; i < values.length; i += dim) if (Number.isFinite(values[i])) col.push(values[i]);
  col.sort((a, b) => a - b);
  return col.length === 0 ? NaN : col[Math.min(col.length - 1, Math.max(0, Math.round(q * (col.length - 1))))];
}

/**
 * `box` widened so that 98 % of the generated points `fake` lie inside it (their 1st–99th percentiles per
 * coordinate, with a 10 % margin; 2-D boxes stay square), or `box` itself when they already do. Views
 * fitted this way only grow: a generator that wanders off the data stays in sight.
 */
export function fitBox(box: ViewBox, fake: Float64Array, dim: number): ViewBox {
  const lo = [0, 1].slice(0, dim).map((c) => quantile(fake, dim, c, 0.01));
  const hi = [0, 1].slice(0, dim).map((c) => quantile(fake, dim, c, 0.99));
  if (lo.some(Number.isNaN) || lo.every((v, c) => v >= box.low[c] && hi[c] <= box.high[c])) return box;
  const low = lo.map((v, c) => Math.min(v, box.low[c]));
  const high = hi.map((v, c) => Math.max(v, box.high[c]));
  if (dim === 1) {
    const pad = 0.1 * (high[0] - low[0]);
    return { low: [Math.min(box.low[0], low[0] - pad), box.low[1]], high: [Math.max(box.high[0], high[0] + pad), box.high[1]] };
  }
  const cx = (low[0] + high[0]) / 2;
  const cy = (low[1] + high[1]) / 2;
  const half = (Math.max(high[0] - low[0], high[1] - low[1]) / 2) * 1.1;
  return { low: [cx - half, cy - half], high: [cx + half, cy + half] };
}
