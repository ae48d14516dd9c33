export { modeMetrics, type ModeMetrics } from './modes.js';
