/**
 * Node-only helpers of tsgan: backend choice, data files, run folders, checkpoints and locks, reporters,
 * plots, the theory reports, the web lab's server. Re-exports only (see README.md for the folders).
 */
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
export * from './image-metrics/shipped-classifier.js';
export type { FileInfo, FileLayer } from './files/file-layer.js';
export * from './run/run-lock.js';
export * from './run/run-options.js';
export * from './run/parent-watch.js';
export { checkSameRun } from './run/checkpoint-validation.js';
export { FileSystemError } from './files/file-system-error.js';
export { checkOutputFile } from './files/output-file.js';
export { makeFolder } from './files/make-folder.js';
export { MAX_STRING_LENGTH } from './data/points-file.js';
export * from './image-metrics/image-tracker.js';
export * from './backend/native/kernel-bench.js';
export * from './backend/memory-budget.js';
export { APP_DIR, DEFAULT_MAX_STREAMS, ServeError, startServer, type RunningServer, type ServeOptions } from './serve/index.js';
export { fmt, reportFolderProblem, writeTheoryReport, type TheoryReport } from './theory-reports/theory-report.js';
export { identityReport, identityRows, type IdentityReportInput } from './theory-reports/theory-identity-report.js';
export { optimalJson, optimalReport, type OptimalReportInput } from './theory-reports/theory-optimal-report.js';
export { disjointReport, example1Rows } from './theory-reports/theory-disjoint-report.js';
export { CHECKPOINT_ONLY_NOTE, trackReport, type CheckpointPicture, type TrackSource } from './theory-reports/theory-track-report.js';
export * from './sweep/index.js';
