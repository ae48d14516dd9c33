export * from './activations.js';
export * from './mlp.js';
