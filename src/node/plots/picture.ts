/**
 * A picture as data: which plot it is and exactly what it shows (points, curves, fields, panels with
 * their reference lines). Builders of run and theory pictures return one of these, tests read it,
 * and {@link renderPicture} draws it; the PNG is a function of this value alone.
 */
import { curvesPng, type CurvePanel, type CurvesOptions } from './curves.js';
import { density1dPng, type Density1dInput } from './density1d.js';
import type { Field2D } from './field.js';
import { heatmapsPng, type HeatmapsOptions } from './heatmaps.js';
import { imageGridPng, type ImageGridInput } from './image-grid.js';
import { scatter2dPng, type Scatter2dInput } from './scatter2d.js';

/** One picture's data, by kind of plot. */
export type Picture =
  | { readonly kind: 'images'; readonly input: ImageGridInput }
  | { readonly kind: 'scatter2d'; readonly input: Scatter2dInput }
  | { readonly kind: 'density1d'; readonly input: Density1dInput }
  | { readonly kind: 'heatmaps'; readonly fields: readonly Field2D[]; readonly options: HeatmapsOptions }
  | { readonly kind: 'curves'; readonly panels: readonly CurvePanel[]; readonly options: CurvesOptions };

/** The PNG bytes of `p`. */
export async function renderPicture(p: Picture): Promise<Buffer> {
  switch (p.kind) {
    case 'images':
      return imageGridPng(p.input);
    case 'scatter2d':
      return scatter2dPng(p.input);
    case 'density1d':
      return density1dPng(p.input);
    case 'heatmaps':
      return heatmapsPng(p.fields, p.options);
    case 'curves':
      return curvesPng(p.panels, p.options);
  }
}
