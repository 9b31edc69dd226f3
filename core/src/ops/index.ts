export * from './queue-stats.js';
export * from './heartbeat.js';
export * from './http.js';
export * from './backup.js';
export * from './log.js';
export * from './backfill.js';
export * from './search-keys.js';
export * from './migrations.js';
