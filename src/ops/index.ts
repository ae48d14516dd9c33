export * from './fused-kernels.js';
