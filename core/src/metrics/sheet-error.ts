import { DomainError, isDomainError } from '../errors.js';

/** An unusable file: a 400 with its reason; `isSheetError` tells it from other faults of a read. */
export const sheetError = (message: string) => DomainError.invalid(message, { source: 'sheet' });
export const isSheetError = (e: unknown): e is DomainError =>
  isDomainError(e) && (e.details as { source?: unknown } | undefined)?.source === 'sheet';
