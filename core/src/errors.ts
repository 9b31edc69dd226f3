/**
 * The one domain error of core and the api. Services throw it with a code; the api's single filter maps the code
 * to an HTTP status (invalid 400, unauthorized 401, forbidden 403, not_found 404, conflict 409, too_large 413,
 * unprocessable 422, too_many 429, unavailable 503). `message` is Chinese, for users; `details` name fields
 * (`{ field }`, `{ fields }`), list blockers or rows, or hold the messages of a 400 (a list of strings).
 */
export type DomainErrorCode =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unprocessable'
  | 'too_many'
  | 'unavailable';

export const DOMAIN_ERROR_STATUS: Record<DomainErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unprocessable: 422,
  too_many: 429,
  unavailable: 503,
};

export class DomainError extends Error {
  /** the HTTP status of the code (a plain field: body-parser and http-errors may set it again, to the same value) */
  readonly status: number;
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
    this.status = DOMAIN_ERROR_STATUS[code];
  }
  static invalid(message: string, details?: unknown) {
    return new DomainError('invalid', message, details);
  }
  /** A 400 listing its messages (the validation pipe's shape); `fields` keys them by field path when given. */
  static invalidList(messages: string[], fields?: Record<string, string[]>) {
    return new DomainError('invalid', messages.join('；'), fields ? { fields } : messages);
  }
  static unauthorized(message: string) {
    return new DomainError('unauthorized', message);
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
  static unavailable(message: string, details?: unknown) {
    return new DomainError('unavailable', message, details);
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

/** The messages of a 400 that lists them (`DomainError.invalidList`, the rule engines' input errors); else null. */
export function invalidMessages(e: unknown): string[] | null {
  if (!isDomainError(e) || e.code !== 'invalid' || !Array.isArray(e.details)) return null;
  return e.details.every((d) => typeof d === 'string') ? (e.details as string[]) : null;
}
