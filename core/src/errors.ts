/**
 * The one domain error. Services throw it with a code; the api's single filter maps the code to an HTTP status
 * (invalid 400, forbidden 403, not_found 404, conflict 409, too_large 413, unprocessable 422,
 * unavailable 503). `message` is Chinese, for users; `details` name fields or list blockers.
 */
export type DomainErrorCode =
  'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'unprocessable' | 'unavailable';

export const DOMAIN_ERROR_STATUS: Record<DomainErrorCode, number> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unprocessable: 422,
  unavailable: 503,
};

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
  get status(): number {
    return DOMAIN_ERROR_STATUS[this.code];
  }
  static invalid(message: string, details?: unknown) {
    return new DomainError('invalid', message, details);
  }
  static notFound(message: string) {
    return new DomainError('not_found', message);
  }
  static conflict(message: string, details?: unknown) {
    return new DomainError('conflict', message, details);
  }
  static forbidden(message: string) {
    return new DomainError('forbidden', message);
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
