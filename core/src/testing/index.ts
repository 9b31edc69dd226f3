export * from './daemons.js';
