/** Intake (FT-1..FT-11): recruitment → pre-review → evaluation → result confirmation → signing → letter. */
export * from './rules.js';
export * from './types.js';
export * from './schemas.js';
export * from './repository.js';
export * from './files.js';
export * from './messages.js';
export * from './letter-pdf.js';
export * from './service.js';
export * from './timers.js';
