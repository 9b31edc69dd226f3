/** FT-17, FT-18, FT-14, MG-11: the exit of a partner (cases, triggers, deadlines, effects of termination). */
export * from './rules.js';
export * from './schemas.js';
export * from './repository.js';
export * from './notices.js';
export * from './service.js';
export * from './report.js';
export * from './timers.js';
export * from './handler.js';
