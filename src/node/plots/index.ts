export * from './render.js';
export * from './field.js';
export * from './heatmaps.js';
export * from './scatter2d.js';
export { REAL_COLOR, FAKE_COLOR, NAN_COLOR, FIELD_SCHEME } from './theme.js';
