export { modeMetrics, type ModeMetrics } from './modes.js';
export * from './image/index.js';
