/**
 * Real and generated 2-D samples, optionally over a scalar field (the discriminator's D(x), or
 * any field) and with arrows (e.g. the direction each fake point is pushed by the generator's
 * gradient). y points up; both axes have the same units.
 */
import { boxPositionEncoding, equalAspectSize, fieldLayers } from './field-layer.js';
import { fieldNotes, summarizeField, type Field2D } from './field.js';
import { noDataLayer } from './no-data.js';
import { renderVegaLite } from './render.js';
import { FAKE_COLOR, REAL_COLOR } from './theme.js';
import { countOf, titleWithNotes } from './title.js';

/** One arrow from (x, y) to (x + dx, y + dy), in data units. */
export interface Arrow2D {
  x: number;
  y: number;
  dx: number;
  dy: number;
}

/** Input of {@link scatter2dPng}. */
export interface Scatter2dInput {
  /** Real samples, row-major pairs x0, y0, x1, y1, … */
  real: Float64Array | number[];
  /** Generated samples, row-major pairs x0, y0, x1, y1, … */
  fake: Float64Array | number[];
  /** Drawn under the points; its box is the plotted area (points outside it are counted, not drawn). */
  field?: Field2D;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  arrows?: Arrow2D[];
}

/** Longest side of the plot area, in SVG units. */
const PLOT_SIDE = 520;

/** Finite points of a pair array, and how many pairs were skipped. */
function finitePoints(pairs: ArrayLike<number>, which: string): { xs: number[]; ys: number[]; skipped: number } {
  if (pairs.length % 2 !== 0) throw new RangeError(`${which} points must be x, y pairs; got an odd length ${pairs.length}`);
  const xs: number[] = [];
  const ys: number[] = [];
  let skipped = 0;
  for (let k = 0; k < pairs.length; k += 2) {
    const x = pairs[k];
    const y = pairs[k + 1];
    if (Number.isFinite(x) && Number.isFinite(y)) {
      xs.push(x);
      ys.push(y);
    } else skipped++;
  }
  return { xs, ys, skipped };
}

/** [min, max] of a non-empty array (no spread: arrays can be long). */
function extent(values: readonly number[]): [number, number] {
  let lo = values[0];
  let hi = values[0];
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** The box around all points, padded by 5 % (or ±1 around a single location; [−1, 1]² if empty). */
function pointsBox(sets: readonly { xs: number[]; ys: number[] }[]): { xMin: number; xMax: number; yMin: number; yMax: number } {
  const xs = sets.flatMap((s) => s.xs);
  const ys = sets.flatMap((s) => s.ys);
  if (xs.length === 0) return { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  const [xMin, xMax] = extent(xs);
  const [yMin, yMax] = extent(ys);
  const padX = xMax > xMin ? 0.05 * (xMax - xMin) : 1;
  const padY = yMax > yMin ? 0.05 * (yMax - yMin) : 1;
  return { xMin: xMin - padX, xMax: xMax + padX, yMin: yMin - padY, yMax: yMax + padY };
}

/**
 * The Vega-Lite spec of {@link scatter2dPng}. Real points are blue circles, fake points orange
 * triangles, drawn in that order; the legend gives their counts. Points with a non-finite
 * coordinate and points outside the field's box are counted in the subtitle.
 */
export function scatter2dSpec(input: Scatter2dInput): object {
  const real = finitePoints(input.real, 'real');
  const fake = finitePoints(input.fake, 'fake');
  const field = input.field;
  const summary = field && summarizeField(field);
  const box = field ?? pointsBox([real, fake]);
  const size = equalAspectSize(box, PLOT_SIDE);
  const xLabel = input.xLabel ?? 'x₁';
  const yLabel = input.yLabel ?? 'x₂';
  const notes: string[] = [];
  if (field && summary) notes.push(...fieldNotes(field, summary).map((n) => `${field.label}: ${n}`));

  const realKey = `real (n = ${real.xs.length.toLocaleString('en-US')})`;
  const fakeKey = `fake (n = ${fake.xs.length.toLocaleString('en-US')})`;
  const points: { x: number; y: number; kind: string }[] = [];
  let outside = 0;
  const inBox = (x: number, y: number) => x >= box.xMin && x <= box.xMax && y >= box.yMin && y <= box.yMax;
  for (const [set, key] of [[real, realKey], [fake, fakeKey]] as const) {
    for (let i = 0; i < set.xs.length; i++) {
      if (!inBox(set.xs[i], set.ys[i])) outside++;
      points.push({ x: set.xs[i], y: set.ys[i], kind: key });
    }
  }
  if (real.skipped + fake.skipped > 0) {
    notes.push(`${countOf(real.skipped + fake.skipped, 'point')} with a non-finite coordinate skipped (real ${real.skipped}, fake ${fake.skipped})`);
  }
  if (outside > 0) notes.push(`${countOf(outside, 'point')} outside the plotted box not shown`);

  const n = points.length;
  // Area in square SVG units: 14 for 5,000 points, up to 40 for a few hundred.
  const pointSize = Math.min(40, Math.max(10, 1000 / Math.sqrt(Math.max(1, n))));
  const position = boxPositionEncoding(box, xLabel, yLabel);
  const layers: object[] = field && summary ? fieldLayers(field, summary, size, { x: xLabel, y: yLabel }) : [];
  layers.push({
    data: { values: points },
    mark: { type: 'point', filled: true, clip: true, size: pointSize, opacity: 0.8, strokeWidth: 0 },
    encoding: {
      ...position,
      fill: { field: 'kind', type: 'nominal', title: null, scale: { domain: [realKey, fakeKey], range: [REAL_COLOR, FAKE_COLOR] }, legend: { symbolSize: 120, symbolStrokeWidth: 0 } },
      shape: { field: 'kind', type: 'nominal', title: null, scale: { domain: [realKey, fakeKey], range: ['circle', 'triangle-up'] } },
    },
  });
  layers.push(...arrowLayers(input.arrows ?? [], box, size, notes));
  if (points.length === 0 && !field) layers.push(noDataLayer(size));
  const title = titleWithNotes(input.title, notes);
  return { ...(title && { title }), ...size, layer: layers };
}

/** Layers drawing arrows (shaft and head, dark with a white halo); skipped arrows are noted. */
function arrowLayers(
  arrows: readonly Arrow2D[],
  box: { xMin: number; xMax: number; yMin: number; yMax: number },
  size: { width: number; height: number },
  notes: string[],
): object[] {
  if (arrows.length === 0) return [];
  const sx = size.width / (box.xMax - box.xMin);
  const sy = size.height / (box.yMax - box.yMin);
  const data: { x: number; y: number; x2: number; y2: number; angle: number }[] = [];
  let skipped = 0;
  for (const a of arrows) {
    if (![a.x, a.y, a.dx, a.dy].every(Number.isFinite)) {
      skipped++;
      continue;
    }
    // Vega rotates a symbol clockwise on screen; "triangle-up" rotated by θ points along
    // (sin θ, −cos θ) in screen coordinates (y down), which must be parallel to (dx·sx, −dy·sy).
    const angle = (Math.atan2(a.dx * sx, a.dy * sy) * 180) / Math.PI;
    data.push({ x: a.x, y: a.y, x2: a.x + a.dx, y2: a.y + a.dy, angle });
  }
  if (skipped > 0) notes.push(`${countOf(skipped, 'arrow')} with a non-finite component skipped`);
  const xy = { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } };
  const tip = { x: { field: 'x2', type: 'quantitative' }, y: { field: 'y2', type: 'quantitative' } };
  const shaft = (color: string, width: number) => ({
    data: { values: data },
    mark: { type: 'rule', clip: true, color, strokeWidth: width, strokeCap: 'round' },
    encoding: { ...xy, x2: { field: 'x2' }, y2: { field: 'y2' } },
  });
  const head = (color: string, headSize: number) => ({
    data: { values: data },
    mark: { type: 'point', shape: 'triangle-up', filled: true, clip: true, color, size: headSize, opacity: 1 },
    encoding: { ...tip, angle: { field: 'angle', type: 'quantitative', scale: null } },
  });
  return [shaft('white', 3), head('white', 70), shaft('#111111', 1.2), head('#111111', 30)];
}

/** Renders {@link scatter2dSpec} to PNG bytes. */
export async function scatter2dPng(input: Scatter2dInput): Promise<Buffer> {
  return renderVegaLite(scatter2dSpec(input));
}
