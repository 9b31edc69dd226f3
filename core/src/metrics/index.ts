/** Issue #3 item 7: monthly metrics (pre-settlement revenue, success rate, customers) imported from Excel or CSV. */
export * from './sheet.js';
export * from './encoding.js';
export * from './validate.js';
export * from './store.js';
export * from './import.service.js';
export * from './wake.js';
export * from './handler.js';
