import { ApiError } from '@/services/api-error';

/** Readable text for anything thrown by a service call (ApiError or otherwise). */
export function errorText(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err && typeof err.message === 'string' && err.message) {
    return err.message;
  }
  return '操作失败，请稍后重试';
}

/**
 * Splits validation messages ("receivedAt must be an ISO 8601 date string") by the field they start with.
 * Messages naming none of `fields` are returned under `''`.
 */
export function splitFieldErrors(messages: string[], fields: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const message of messages) {
    const field = fields.find((f) => message === f || message.startsWith(`${f} `) || message.startsWith(`${f}.`)) ?? '';
    (out[field] ??= []).push(message);
  }
  return out;
}

/** Readable messages of a 400 with a message list: by the field they name (of `fields`), the others apart. */
export interface ValidationErrors<F extends string> {
  byField: Partial<Record<F, string[]>>;
  other: string[];
}

/** `err`'s field messages when it is a 400 that sent a list (the api's validation), else null. */
export function validationErrors<F extends string>(err: unknown, fields: readonly F[]): ValidationErrors<F> | null {
  if (!(err instanceof ApiError) || err.status !== 400 || !err.details.length) return null;
  if (Object.keys(err.fields).length) return keyedErrors(err.fields, fields);
  const { '': other = [], ...byField } = splitFieldErrors(err.details, fields);
  return { byField: byField as Partial<Record<F, string[]>>, other };
}

/** The api's `fields` (messages by field path, without the field's name) grouped under the form's fields. */
function keyedErrors<F extends string>(keyed: Record<string, string[]>, fields: readonly F[]): ValidationErrors<F> {
  const byField: Partial<Record<F, string[]>> = {};
  const other: string[] = [];
  for (const [path, messages] of Object.entries(keyed)) {
    const field = fields.find((f) => path === f || path.startsWith(`${f}.`));
    if (field) (byField[field] ??= []).push(...messages);
    else other.push(...messages.map((m) => `${path}：${m}`));
  }
  return { byField, other };
}
