/** Node-only helpers of tsgan: backend choice, data files, run folders, checkpoints, reporters, plots. */
export * from './atomic-write.js';
export * from './backend.js';
export * from './checkpoint.js';
export * from './data-source.js';
export * from './load-run.js';
export * from './run-folder.js';
export * from './run-plots.js';
export * from './train-run.js';
export * from './reporters/reporter.js';
export * from './reporters/progress.js';
export * from './reporters/jsonl.js';
export * from './plots/index.js';
export * from './idx-files.js';
export * from './classifier-cache.js';
export type { FileInfo, FileLayer } from './file-layer.js';
export * from './memory-budget.js';
