export * from './objective.js';
export * from './log-prob.js';
export * from './minimax.js';
export * from './non-saturating.js';
export * from './least-squares.js';
export * from './hinge.js';
export * from './registry.js';
export * from './penalties.js';
