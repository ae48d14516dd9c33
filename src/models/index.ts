export * from './activations.js';
export * from './mlp.js';
export * from './activation-second-derivative.js';
export * from './input-gradient.js';
export * from './batch-layout.js';
export * from './dense-ops.js';
export * from './weight-clipping.js';
