/** The persisted Migu credit ledger (seed 002): accounts, entries, month closes, settlement, bad-credit list, appeals. */
export * from './types.js';
export * from './months.js';
export * from './schemas.js';
export * from './repositories.js';
export * from './tables.js';
export * from './settlement.js';
export {
  creditCloseEntryKey,
  creditEntriesScore,
  creditEntryFields,
  creditOpenMonth,
  creditReversalKey,
} from './entries.js';
export * from './ledger.js';
export * from './month-close.js';
export * from './close-handler.js';
export * from './feature.js';
export * from './views.js';
export * from './accounts.js';
export * from './appeals.js';
export * from './table-admin.js';
export * from './rankings.js';
