export * from './presets.js';
export * from './run-bench.js';
export * from './uniform-table.js';
export * from './modes-benchmark.js';
export * from './seed-training.js';
export * from './stacked-benchmark.js';
