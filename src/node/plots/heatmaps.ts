/**
 * Several scalar fields side by side, each with its own colour legend: e.g. the trained
 * discriminator D, the optimal D* = p_r / (p_r + p_g) and |D − D*| on the same box.
 */
import { fieldLayers, equalAspectSize } from './field-layer.js';
import { fieldNotes, summarizeField, type Field2D } from './field.js';
import { noDataPanel } from './no-data.js';
import { renderVegaLite } from './render.js';
import { titleWithNotes } from './title.js';

/** Options of {@link heatmapsPng}. */
export interface HeatmapsOptions {
  title?: string;
  /** Axis titles shared by every panel (default "x" and "y"). */
  xLabel?: string;
  yLabel?: string;
  /** Panels per row (default: all in one row up to 3). */
  columns?: number;
}

/**
 * The Vega-Lite spec of {@link heatmapsPng}: one panel per field (titled by its label, y up, equal
 * units on both axes), colour scales independent. NaN cells are grey, ±∞ cells are not drawn;
 * both are counted under the panel's title.
 */
export function heatmapsSpec(fields: readonly Field2D[], options: HeatmapsOptions = {}): object {
  const columns = options.columns ?? Math.min(3, Math.max(1, fields.length));
  const maxSide = fields.length <= 1 ? 520 : columns === 2 ? 400 : 320;
  const panels = fields.map((field) => {
    const summary = summarizeField(field);
    const size = equalAspectSize(field, maxSide);
    const notes = fieldNotes(field, summary);
    return {
      title: titleWithNotes(field.label, notes),
      ...size,
      layer: fieldLayers(field, summary, size, { x: options.xLabel ?? 'x', y: options.yLabel ?? 'y' }),
    };
  });
  const title = titleWithNotes(options.title, []);
  if (panels.length === 0) return { ...(title && { title }), ...noDataPanel({ width: 400, height: 300 }) };
  return {
    ...(title && { title: { ...title, anchor: 'middle' } }),
    columns,
    concat: panels,
    resolve: { scale: { color: 'independent', x: 'independent', y: 'independent' } },
  };
}

/** Renders {@link heatmapsSpec} to PNG bytes. */
export async function heatmapsPng(fields: readonly Field2D[], options: HeatmapsOptions = {}): Promise<Buffer> {
  return renderVegaLite(heatmapsSpec(fields, options));
}
