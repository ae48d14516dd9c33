/** Node-only helpers of tsgan: backend choice, data files, run folders, checkpoints, reporters, plots. */
export * from './files/atomic-write.js';
export * from './backend/backend.js';
export * from './run/checkpoint.js';
export * from './data/data-source.js';
export * from './run/load-run.js';
export * from './run/run-folder.js';
export * from './run/run-plots.js';
export * from './run/train-run.js';
export * from './reporters/reporter.js';
export * from './reporters/progress.js';
export * from './reporters/jsonl.js';
export * from './plots/index.js';
export * from './data/idx-files.js';
export * from './image-metrics/classifier-cache.js';
export type { FileInfo, FileLayer } from './files/file-layer.js';
