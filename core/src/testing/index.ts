export * from './daemons.js';
export * from './fake-wecom.js';
