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
