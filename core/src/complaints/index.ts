export * from './service.js';
export * from './sla.js';
export * from './sweep.js';
export * from './report.js';
export * from './import.js';
export * from './queries.js';
export * from './rules.js';
export * from './counters.js';
