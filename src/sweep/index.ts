export * from './measure-names.js';
export * from './sweep-file.js';
export * from './sweep-jobs.js';
export * from './sweep-table.js';
