export * from './presets.js';
export * from './run-bench.js';
export * from './uniform-table.js';
export * from './modes-benchmark.js';
