export * from './job-id.js';
export * from './measure-run.js';
export * from './run-job.js';
export * from './run-store.js';
export * from './local-sweep.js';
export * from './redis-connection.js';
export * from './sweep-queue.js';
export * from './sweep-worker.js';
