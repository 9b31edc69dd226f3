export * from './complaint-view.js';
export * from './due-today.js';
export * from './heartbeat.js';
export * from './recruitments.js';
export * from './exit-cases.js';
export * from './command.js';
