/**
 * Training curves: one small panel per metric (losses, D(real) and D(fake), JS estimates …), all
 * panels on the same step axis. Each series keeps its colour in every panel it appears in.
 */
import { noDataPanel } from './no-data.js';
import { renderVegaLite } from './render.js';
import { REFERENCE_COLOR, seriesColors } from './theme.js';
import { countOf, titleWithNotes } from './title.js';

/** One line: values over training steps, optionally with a horizontal reference (e.g. −log 4). */
export interface CurveSeries {
  name: string;
  values: { step: number; value: number }[];
  /** Drawn as a dashed horizontal line labelled at its right end. */
  reference?: { label: string; value: number };
}

/** One panel: a title, its series, and how its y axis looks. */
export interface CurvePanel {
  title: string;
  series: CurveSeries[];
  yLabel?: string;
  /** Logarithmic y axis; values ≤ 0 are then skipped (and counted under the panel title). */
  logY?: boolean;
}

/** Options of {@link curvesPng}. */
export interface CurvesOptions {
  title?: string;
  /** Panels per row (default 1 for one panel, 2 for up to four, else 3). */
  columns?: number;
}

/** Panel widths (plot area, SVG units) by number of columns; about 1,100 units in all. */
const PANEL_WIDTH: Record<number, number> = { 1: 800, 2: 430, 3: 270 };
const PANEL_HEIGHT = 190;
/** Longest reference label, in SVG units (longer ones end in an ellipsis). */
const REFERENCE_LABEL_LIMIT = 120;

/**
 * The Vega-Lite spec of {@link curvesPng}: panels in a grid of `columns`, each a line per series
 * with its own legend, the x axis (step) spanning the same steps in every panel. Non-finite
 * values (and values ≤ 0 on a log axis) are skipped and counted under the panel title; a panel
 * with no value at all says "no data".
 */
export function curvesSpec(panels: readonly CurvePanel[], options: CurvesOptions = {}): object {
  const columns = Math.max(1, Math.floor(options.columns ?? (panels.length <= 1 ? 1 : panels.length <= 4 ? 2 : 3)));
  const width = PANEL_WIDTH[Math.min(columns, 3)] ?? 290;
  const colors = seriesColors(panels.flatMap((p) => p.series.map((s) => s.name)));

  let stepMin = Infinity;
  let stepMax = -Infinity;
  for (const p of panels) {
    for (const s of p.series) {
      for (const { step } of s.values) {
        if (Number.isFinite(step)) {
          if (step < stepMin) stepMin = step;
          if (step > stepMax) stepMax = step;
        }
      }
    }
  }
  if (stepMin > stepMax) [stepMin, stepMax] = [0, 1];
  else if (stepMin === stepMax) [stepMin, stepMax] = [stepMin - 1, stepMax + 1];

  const specs = panels.map((panel) => panelSpec(panel, { width, height: PANEL_HEIGHT }, [stepMin, stepMax], colors));
  const title = titleWithNotes(options.title, []);
  if (specs.length === 0) return { ...(title && { title }), ...noDataPanel({ width: 600, height: PANEL_HEIGHT }) };
  return {
    ...(title && { title: { ...title, anchor: 'middle' } }),
    columns,
    concat: specs,
    spacing: { row: 24, column: 36 },
    resolve: { scale: { color: 'independent', y: 'independent', x: 'independent' } },
  };
}

/** One panel: lines, dashed references with their labels, and notes about skipped values. */
function panelSpec(
  panel: CurvePanel,
  size: { width: number; height: number },
  steps: [number, number],
  colors: Map<string, string>,
): object {
  const logY = panel.logY === true;
  const rows: { step: number; value: number; series: string }[] = [];
  const references: { value: number; label: string }[] = [];
  let nonFinite = 0;
  let nonPositive = 0;
  for (const s of panel.series) {
    for (const { step, value } of s.values) {
      if (!Number.isFinite(step) || !Number.isFinite(value)) nonFinite++;
      else if (logY && value <= 0) nonPositive++;
      else rows.push({ step, value, series: s.name });
    }
    const ref = s.reference;
    if (ref !== undefined && Number.isFinite(ref.value) && !(logY && ref.value <= 0)) {
      if (!references.some((r) => r.value === ref.value && r.label === ref.label)) references.push({ ...ref });
    }
  }
  const notes: string[] = [];
  if (nonFinite > 0) notes.push(`${countOf(nonFinite, 'non-finite value')} skipped`);
  if (nonPositive > 0) notes.push(`${countOf(nonPositive, 'value')} ≤ 0 not shown (log scale)`);
  const title = titleWithNotes(panel.title, notes);
  if (rows.length === 0) return { ...noDataPanel(size), ...(title && { title }) };

  const names = panel.series.map((s) => s.name).filter((n, i, all) => all.indexOf(n) === i);
  const x = {
    field: 'step',
    type: 'quantitative',
    title: 'step',
    scale: { domain: steps, nice: false, zero: false },
    // SI prefixes (2k, 1.5M) but a plain 0 (d3's "~s" alone would print "0k").
    axis: { labelExpr: "datum.value === 0 ? '0' : format(datum.value, '~s')", tickCount: Math.max(3, Math.round(size.width / 90)) },
  };
  const yScale = logY ? { type: 'log' } : { zero: false };
  // References first, so a line that runs along one (modes captured at 100 %) is drawn over it, not hidden.
  const layers: object[] = [];
  if (references.length > 0) {
    layers.push(
      {
        data: { values: references },
        mark: { type: 'rule', strokeDash: [6, 4], color: REFERENCE_COLOR, strokeWidth: 1.2 },
        encoding: { y: { field: 'value', type: 'quantitative', title: panel.yLabel ?? null } },
      },
      {
        // Labels sit just right of the plot area, where no line can hide them.
        data: { values: references },
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 5, color: REFERENCE_COLOR, fontSize: 11, limit: REFERENCE_LABEL_LIMIT },
        encoding: { x: { value: size.width }, y: { field: 'value', type: 'quantitative', title: panel.yLabel ?? null }, text: { field: 'label' } },
      },
    );
  }
  layers.push(
    {
      data: { values: rows },
      mark: { type: 'line', strokeWidth: 1.6, clip: true, interpolate: 'linear' },
      encoding: {
        x,
        y: { field: 'value', type: 'quantitative', title: panel.yLabel ?? null, scale: yScale },
        color: {
          field: 'series',
          type: 'nominal',
          title: null,
          scale: { domain: names, range: names.map((n) => colors.get(n)) },
          legend: { orient: 'top', direction: 'horizontal', symbolType: 'stroke', symbolStrokeWidth: 2.5, columns: Math.min(names.length, Math.max(1, Math.floor(size.width / 140))), labelLimit: 200, offset: 6 },
        },
      },
    },
  );
  return { ...(title && { title }), ...size, layer: layers };
}

/** Renders {@link curvesSpec} to PNG bytes. */
export async function curvesPng(panels: readonly CurvePanel[], options: CurvesOptions = {}): Promise<Buffer> {
  return renderVegaLite(curvesSpec(panels, options));
}
