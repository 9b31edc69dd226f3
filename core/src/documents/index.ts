export * from './rules.js';
export * from './store.js';
export * from './service.js';
