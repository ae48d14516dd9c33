/**
 * tsgan's library entry: pure, backend-agnostic (the host picks the TF.js backend), no file system,
 * console or DOM. Layers, each importing only those before it:
 * text → random → theory → data → ops → models → objectives → training → metrics → experiments (the
 * theory checked on trained networks) → bench (the benchmarks of `tsgan bench` and `tsgan benchmark`) → sweep (sweep files, their jobs and
 * tables: `tsgan sweep`).
 * `text` (string helpers) and `ops` (tsgan's fused TF.js kernels: their names and reference ops, which
 * models and training use) have no export of their own here. Above the library: src/node (`tsgan/node`),
 * then src/cli; test/repo/architecture.test.ts holds every import to this order.
 * Node-only helpers (backend choice, run folders, plots, checkpoints) are in `tsgan/node`.
 */
export * from './random/index.js';
export * from './theory/index.js';
export * from './data/index.js';
export * from './models/index.js';
export * from './objectives/index.js';
export * from './training/index.js';
export * from './training/softmax-cross-entropy.js';
export * from './training/classifier-training.js';
export * from './metrics/index.js';
export * from './experiments/index.js';
export * from './bench/index.js';
export * from './sweep/index.js';
