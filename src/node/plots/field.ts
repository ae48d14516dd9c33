/**
 * A scalar field on a rectangular grid (the discriminator's D(x) in [0, 1], the optimal D*, a
 * difference |D − D*|, a density …) and the facts a plot needs about it.
 *
 * Convention: the box [xMin, xMax] × [yMin, yMax] is cut into nx × ny equal cells and `values`
 * holds one value per cell, row-major, row 0 at yMin (bottom), column 0 at xMin (left). The value
 * is drawn over the whole cell, so sample the field at the cell centres: {@link fieldCellCenters}.
 */

/** A scalar field on an nx × ny grid of cells; see the module doc for the layout. */
export interface Field2D {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Cells along x (columns). */
  nx: number;
  /** Cells along y (rows). */
  ny: number;
  /** nx · ny values, row-major: value (i, j) of column i, row j is `values[j * nx + i]`; row 0 at yMin. */
  values: ArrayLike<number>;
  /** What the value is, e.g. "D(x)"; the colour legend's title. */
  label: string;
  /** Colour scale domain; values outside it get the end colours. Default: the finite values' range. */
  domain?: [number, number];
}

/**
 * The centres of the field's cells, row-major pairs x0, y0, x1, y1, … in the order of
 * {@link Field2D.values}: evaluate the field at these points and pass the results as `values`.
 */
export function fieldCellCenters(box: Pick<Field2D, 'xMin' | 'xMax' | 'yMin' | 'yMax' | 'nx' | 'ny'>): Float64Array {
  checkBox(box);
  const { xMin, xMax, yMin, yMax, nx, ny } = box;
  const out = new Float64Array(2 * nx * ny);
  const dx = (xMax - xMin) / nx;
  const dy = (yMax - yMin) / ny;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = 2 * (j * nx + i);
      out[k] = xMin + (i + 0.5) * dx;
      out[k + 1] = yMin + (j + 0.5) * dy;
    }
  }
  return out;
}

/** Throws a RangeError unless the box is finite, non-empty and the cell counts are positive integers. */
export function checkBox(box: Pick<Field2D, 'xMin' | 'xMax' | 'yMin' | 'yMax' | 'nx' | 'ny'>): void {
  const { xMin, xMax, yMin, yMax, nx, ny } = box;
  if (![xMin, xMax, yMin, yMax].every(Number.isFinite) || !(xMax > xMin) || !(yMax > yMin)) {
    throw new RangeError(`field box must be finite with xMin < xMax and yMin < yMax, got x [${xMin}, ${xMax}], y [${yMin}, ${yMax}]`);
  }
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 1 || ny < 1) {
    throw new RangeError(`field nx and ny must be positive integers, got ${nx} × ${ny}`);
  }
}

/** What a plot needs to know about a field's values. */
export interface FieldSummary {
  /** Colour domain: `field.domain`, else the range of the finite values (widened if constant). */
  readonly domain: [number, number];
  readonly nanCount: number;
  readonly infiniteCount: number;
}

/** Checks a field's shape and summarizes its values. */
export function summarizeField(field: Field2D): FieldSummary {
  checkBox(field);
  if (field.values.length !== field.nx * field.ny) {
    throw new RangeError(`field "${field.label}" has ${field.values.length} values, expected nx · ny = ${field.nx} · ${field.ny}`);
  }
  let lo = Infinity;
  let hi = -Infinity;
  let nanCount = 0;
  let infiniteCount = 0;
  for (let k = 0; k < field.values.length; k++) {
    const v = field.values[k];
    if (Number.isNaN(v)) nanCount++;
    else if (!Number.isFinite(v)) infiniteCount++;
    else {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  let domain: [number, number];
  if (field.domain !== undefined) {
    const [a, b] = field.domain;
    if (!Number.isFinite(a) || !Number.isFinite(b) || !(b > a)) {
      throw new RangeError(`field "${field.label}" domain must be finite and increasing, got [${a}, ${b}]`);
    }
    domain = [a, b];
  } else if (lo > hi) domain = [0, 1]; // no finite value at all
  else if (lo === hi) {
    const pad = lo === 0 ? 0.5 : Math.abs(lo) * 0.1;
    domain = [lo - pad, hi + pad];
  } else domain = [lo, hi];
  return { domain, nanCount, infiniteCount };
}

/**
 * Notes for a subtitle about cells that are not drawn with the colour scale, e.g.
 * "12 of 6,400 cells NaN (grey)" ([] when there are none).
 */
export function fieldNotes(field: Field2D, summary: FieldSummary): string[] {
  const notes: string[] = [];
  const total = (field.nx * field.ny).toLocaleString('en-US');
  if (summary.nanCount > 0) notes.push(`${summary.nanCount.toLocaleString('en-US')} of ${total} cells NaN (grey)`);
  if (summary.infiniteCount > 0) notes.push(`${summary.infiniteCount.toLocaleString('en-US')} of ${total} cells ±∞ (not drawn)`);
  return notes;
}
