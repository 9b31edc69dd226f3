export * from './schemas.js';
export * from './transitions.js';
