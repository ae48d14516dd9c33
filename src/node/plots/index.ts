export { renderVegaLite, renderVega, vegaToSvg, svgToPng, type RenderOptions } from './render.js';
export { fieldCellCenters, type Field2D } from './field.js';
export { curvesPng, curvesSpec, type CurveSeries, type CurvePanel, type CurvesOptions } from './curves.js';
export { scatter2dPng, scatter2dSpec, type Scatter2dInput, type Arrow2D } from './scatter2d.js';
export { heatmapsPng, heatmapsSpec, type HeatmapsOptions } from './heatmaps.js';
export { density1dPng, density1dSpec, type Curve1D, type Histogram1D, type Density1dInput } from './density1d.js';
export { REAL_COLOR, FAKE_COLOR, NAN_COLOR, FIELD_SCHEME } from './theme.js';
export * from './image-grid.js';
export { renderPicture, type Picture } from './picture.js';
