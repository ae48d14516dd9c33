export * from './config.js';
export * from './noise.js';
export * from './optimizers.js';
export * from './records.js';
export * from './trainer.js';
