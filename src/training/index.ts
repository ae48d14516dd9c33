export * from './config.js';
export * from './noise.js';
export * from './optimizers.js';
export * from './records.js';
export * from './trainer.js';
export * from './adam-op.js';
export * from './global-norm.js';
