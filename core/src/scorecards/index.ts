/** FT-12, FT-12a, FT-14, FT-15, FT-16: the persisted semi-annual scorecard of the `scorecard` rulebook. */
export * from './types.js';
export * from './tables.js';
export * from './schemas.js';
export * from './repositories.js';
export * from './evaluate.js';
export * from './notices.js';
export * from './renewal.js';
export * from './scorecard.service.js';
export * from './inputs.service.js';
export * from './rectifications.js';
export * from './anomaly-watch.js';
export * from './renewal-reviews.js';
export * from './feature.js';
