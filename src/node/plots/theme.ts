/**
 * The look shared by every plot: one font (DejaVu Sans), white background, readable sizes, and the
 * colours that mean the same thing in every figure (real vs fake, the field's colour scheme).
 */
import type { Config } from 'vega-lite';
import { FONT_FAMILY } from './fonts.js';

/** Colour of real samples (a blue), used by every plot that shows real data. */
export const REAL_COLOR = '#2166ac';
/** Colour of generated (fake) samples (an orange-red), used by every plot that shows fake data. */
export const FAKE_COLOR = '#e6550d';
/** Colour of cells whose value is NaN. */
export const NAN_COLOR = '#c8c8c8';
/** Colour of reference lines (e.g. −log 4) and their labels. */
export const REFERENCE_COLOR = '#555555';
/** Perceptually uniform scheme of scalar fields such as D(x) ∈ [0, 1]. */
export const FIELD_SCHEME = 'viridis';

/**
 * Colours of named series (Tableau 10). Names that mean real or fake data get {@link REAL_COLOR}
 * or {@link FAKE_COLOR} so that, e.g., "p_r" and "D(real)" match the scatter plots.
 */
export const SERIES_COLORS: readonly string[] = [
  '#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
];

/** A colour for each name: the i-th distinct name gets the i-th palette colour (cycling). */
export function seriesColors(names: readonly string[]): Map<string, string> {
  const colors = new Map<string, string>();
  for (const name of names) {
    if (!colors.has(name)) colors.set(name, SERIES_COLORS[colors.size % SERIES_COLORS.length]);
  }
  return colors;
}

/** Vega-Lite `config` applied under every spec rendered by this module (a spec's own config wins). */
export const THEME_CONFIG: Config = {
  background: 'white',
  font: FONT_FAMILY,
  padding: 16,
  title: { fontSize: 17, fontWeight: 'bold', subtitleFontSize: 12, subtitleColor: '#555555', subtitlePadding: 4, offset: 12, color: '#111111' },
  axis: {
    labelFontSize: 12,
    labelColor: '#333333',
    titleFontSize: 13,
    titleFontWeight: 'normal',
    titleColor: '#111111',
    titlePadding: 8,
    gridColor: '#e8e8e8',
    domainColor: '#888888',
    tickColor: '#888888',
  },
  legend: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'bold', titleColor: '#111111', labelColor: '#333333', labelLimit: 260, titleLimit: 260 },
  header: { labelFontSize: 13, titleFontSize: 13 },
  view: { stroke: '#bbbbbb' },
  concat: { spacing: 28 },
};
