/**
 * 1-D view of a GAN: curves on a shared x grid (e.g. the densities p_r and p_g on the left axis,
 * D(x) and D*(x) on the right axis) over optional normalized histograms of samples.
 */
import { noDataLayer } from './no-data.js';
import { renderVegaLite } from './render.js';
import { seriesColors } from './theme.js';
import { countOf, titleWithNotes } from './title.js';

/** One curve: y against x (same length), on the left (default) or right y axis. */
export interface Curve1D {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  axis?: 'left' | 'right';
  dashed?: boolean;
  /** CSS colour; default: the palette colour of its position among all curves and histograms. */
  color?: string;
}

/** Samples drawn as a histogram scaled to a density (bar areas sum to the in-range fraction). */
export interface Histogram1D {
  name: string;
  samples: ArrayLike<number>;
  /** Number of equal-width bins over the plotted x range (default ≈ √n, between 10 and 60). */
  bins?: number;
  /** CSS colour; default as for curves. */
  color?: string;
}

/** Input of {@link density1dPng}. */
export interface Density1dInput {
  curves: Curve1D[];
  histograms?: Histogram1D[];
  title?: string;
  xLabel?: string;
  /** Left axis title (default "density"). */
  leftLabel?: string;
  /** Right axis title (default "value"). */
  rightLabel?: string;
}

const WIDTH = 760;
const HEIGHT = 380;
const DASH = [7, 4];
const SOLID = [1, 0];

/**
 * The Vega-Lite spec of {@link density1dPng}. The x range is that of the curves' x values (of
 * the samples when there are no curves). Histograms are densities: count / (n · bin width), n
 * counting every finite sample, so samples outside the range lower the bars and are noted.
 * The left axis starts at 0; the right axis is [0, 1] when every right-axis value lies in it
 * (probabilities such as D(x)). Non-finite points are skipped (lines break) and noted.
 */
export function density1dSpec(input: Density1dInput): object {
  const histograms = input.histograms ?? [];
  const colors = seriesColors([...input.curves.map((c) => c.name), ...histograms.map((h) => h.name)]);
  const colorOf = (item: { name: string; color?: string }) => item.color ?? colors.get(item.name) ?? '#000000';
  const notes: string[] = [];

  // Curves → rows, with null y where a value is not finite (Vega-Lite breaks the line there).
  const left: { x: number; y: number | null; name: string }[] = [];
  const right: { x: number; y: number | null; name: string }[] = [];
  let xMin = Infinity;
  let xMax = -Infinity;
  let rightInUnit = true;
  for (const c of input.curves) {
    if (c.x.length !== c.y.length) throw new RangeError(`curve "${c.name}" has ${c.x.length} x values but ${c.y.length} y values`);
    const rows = c.axis === 'right' ? right : left;
    let skipped = 0;
    for (let i = 0; i < c.x.length; i++) {
      const x = c.x[i];
      const y = c.y[i];
      if (!Number.isFinite(x)) {
        skipped++;
        continue;
      }
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
      if (!Number.isFinite(y)) skipped++;
      else if (c.axis === 'right' && (y < 0 || y > 1)) rightInUnit = false;
      rows.push({ x, y: Number.isFinite(y) ? y : null, name: c.name });
    }
    if (skipped > 0) notes.push(`${c.name}: ${countOf(skipped, 'non-finite point')} skipped`);
  }
  if (xMin > xMax) {
    for (const h of histograms) {
      for (let i = 0; i < h.samples.length; i++) {
        const s = h.samples[i];
        if (Number.isFinite(s)) {
          if (s < xMin) xMin = s;
          if (s > xMax) xMax = s;
        }
      }
    }
  }
  if (xMin > xMax) [xMin, xMax] = [0, 1];
  else if (xMin === xMax) [xMin, xMax] = [xMin - 1, xMax + 1];

  const bars = histograms.flatMap((h) => histogramBars(h, xMin, xMax, notes));
  const hasLeft = left.length > 0 || bars.length > 0;
  const hasRight = right.length > 0;

  const x = { field: 'x', type: 'quantitative', title: input.xLabel ?? 'x', scale: { domain: [xMin, xMax], nice: false, zero: false } };
  const curveNames = input.curves.map((c) => c.name).filter((n, i, all) => all.indexOf(n) === i);
  const curveNamed = (name: string) => input.curves.find((c) => c.name === name)!;
  const rightNames = input.curves.filter((c) => c.axis === 'right').map((c) => c.name);
  // With two y axes, the legend says which curves belong to the right one.
  const legendLabel = hasLeft && hasRight ? `indexof(${JSON.stringify(rightNames)}, datum.label) >= 0 ? datum.label + ' (right axis)' : datum.label` : 'datum.label';
  const curveLayer = (rows: object[], y: object) => ({
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 2, clip: true },
    encoding: {
      x,
      y,
      color: {
        field: 'name',
        type: 'nominal',
        title: null,
        scale: { domain: curveNames, range: curveNames.map((n) => colorOf(curveNamed(n))) },
        legend: { symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolSize: 260, labelExpr: legendLabel },
      },
      strokeDash: { field: 'name', type: 'nominal', title: null, scale: { domain: curveNames, range: curveNames.map((n) => (curveNamed(n).dashed ? DASH : SOLID)) } },
    },
  });
  const leftY = { field: 'y', type: 'quantitative', title: input.leftLabel ?? 'density', scale: { zero: true } };

  const leftLayers: object[] = [];
  if (bars.length > 0) {
    const names = histograms.map((h) => h.name).filter((n, i, all) => all.indexOf(n) === i);
    leftLayers.push({
      data: { values: bars },
      mark: { type: 'rect', opacity: 0.35, clip: true },
      encoding: {
        x: { ...x, field: 'x0' },
        x2: { field: 'x1' },
        y: { ...leftY, field: 'density' },
        y2: { datum: 0 },
        // A channel and field of their own, so that Vega-Lite keeps this legend apart from the curves'.
        fill: {
          field: 'sample',
          type: 'nominal',
          title: 'samples',
          scale: { domain: names, range: names.map((n) => colorOf(histograms.find((h) => h.name === n)!)) },
          legend: { symbolType: 'square', symbolOpacity: 0.5 },
        },
      },
    });
  }
  if (left.length > 0) leftLayers.push(curveLayer(left, leftY));
  const rightLayer = hasRight
    ? curveLayer(right, {
        field: 'y',
        type: 'quantitative',
        title: input.rightLabel ?? 'value',
        scale: rightInUnit ? { domain: [0, 1], nice: false } : { zero: false },
        axis: { orient: 'right', grid: !hasLeft },
      })
    : undefined;

  const title = titleWithNotes(input.title, notes);
  const layers: object[] = [];
  if (leftLayers.length > 0) layers.push(leftLayers.length === 1 ? leftLayers[0] : { layer: leftLayers });
  if (rightLayer) layers.push(rightLayer);
  if (layers.length === 0) layers.push(noDataLayer({ width: WIDTH, height: HEIGHT }));
  return {
    ...(title && { title }),
    width: WIDTH,
    height: HEIGHT,
    layer: layers,
    resolve: { scale: { y: 'independent' } },
  };
}

/** Histogram bars as densities over [xMin, xMax]; notes out-of-range and non-finite samples. */
function histogramBars(
  h: Histogram1D,
  xMin: number,
  xMax: number,
  notes: string[],
): { x0: number; x1: number; density: number; sample: string }[] {
  let finite = 0;
  for (let i = 0; i < h.samples.length; i++) if (Number.isFinite(h.samples[i])) finite++;
  const nonFinite = h.samples.length - finite;
  const bins = h.bins ?? Math.min(60, Math.max(10, Math.round(Math.sqrt(finite))));
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`histogram "${h.name}" bins must be a positive integer, got ${bins}`);
  const width = (xMax - xMin) / bins;
  const counts = new Float64Array(bins);
  let outside = 0;
  for (let i = 0; i < h.samples.length; i++) {
    const s = h.samples[i];
    if (!Number.isFinite(s)) continue;
    if (s < xMin || s > xMax) {
      outside++;
      continue;
    }
    counts[Math.min(bins - 1, Math.floor((s - xMin) / width))]++;
  }
  if (nonFinite > 0) notes.push(`${h.name}: ${countOf(nonFinite, 'non-finite sample')} skipped`);
  if (outside > 0) notes.push(`${h.name}: ${countOf(outside, 'sample')} of ${finite.toLocaleString('en-US')} outside the plotted range`);
  if (finite === 0) return [];
  return Array.from(counts, (c, b) => ({ x0: xMin + b * width, x1: xMin + (b + 1) * width, density: c / (finite * width), sample: h.name }));
}

/** Renders {@link density1dSpec} to PNG bytes. */
export async function density1dPng(input: Density1dInput): Promise<Buffer> {
  return renderVegaLite(density1dSpec(input));
}
