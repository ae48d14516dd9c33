export { modeMetrics, type ModeMetrics } from './modes.js';
export * from './image/index.js';
export { evaluateSamples, type EvalRecord } from './evaluate.js';
