/**
 * tsgan's library entry: pure, backend-agnostic (the host picks the TF.js backend), no file system,
 * console or DOM. Layers, each importing only those before it:
 * random → theory → data → models → objectives → training → metrics → experiments (the theory
 * checked on trained networks).
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
