import { ApiError, FALLBACK_MESSAGE } from '@/services/api-error';
import { fieldName, fieldOf, parseMessage, readableMessage } from './messages';

const GENERIC = '操作失败，请稍后重试';

/**
 * Readable Chinese for anything thrown by a service call (ApiError or otherwise): each of a 400's messages through
 * the message table (no field paths, rule codes or English), else the status's own text.
 */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const texts = (err.details.length ? err.details : [err.message]).map(readableMessage).filter(Boolean);
    return texts.length ? [...new Set(texts)].join('；') : (FALLBACK_MESSAGE[err.status] ?? GENERIC);
  }
  if (err && typeof err === 'object' && 'message' in err && typeof err.message === 'string' && err.message) {
    return readableMessage(err.message) || GENERIC;
  }
  return GENERIC;
}

/**
 * Splits validation messages by the form field they concern (`fieldOf`), as readable Chinese.
 * Messages naming none of `fields` are returned under `''`.
 */
export function splitFieldErrors(
  messages: string[],
  fields: readonly string[],
  aliases: Partial<Record<string, string>> = {},
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const message of messages) {
    const { path, text } = parseMessage(message);
    const field = fieldOf(path, fields, aliases) ?? '';
    const list = (out[field] ??= []);
    const shown = text || FALLBACK_MESSAGE[400];
    if (!list.includes(shown)) list.push(shown);
  }
  return out;
}

/** Readable messages of a 400 with a message list: by the field they name (of `fields`), the others apart. */
export interface ValidationErrors<F extends string> {
  byField: Partial<Record<F, string[]>>;
  other: string[];
}

/** `err`'s field messages when it is a 400 that sent a list (the api's validation), else null. */
export function validationErrors<F extends string>(
  err: unknown,
  fields: readonly F[],
  aliases: Partial<Record<string, F>> = {},
): ValidationErrors<F> | null {
  if (!(err instanceof ApiError) || err.status !== 400) return null;
  if (Object.keys(err.fields).length) return keyedErrors(err.fields, fields, aliases);
  // a single message may still name its field ("company.registeredOn: 请填写成立日期")
  const messages = err.details.length ? err.details : [err.message];
  const { '': other = [], ...byField } = splitFieldErrors(messages, fields, aliases);
  if (!err.details.length && !Object.keys(byField).length) return null;
  return { byField: byField as Partial<Record<F, string[]>>, other };
}

/** The api's `fields` (messages by field path, without the field's name) under the form's fields, as readable Chinese. */
function keyedErrors<F extends string>(
  keyed: Record<string, string[]>,
  fields: readonly F[],
  aliases: Partial<Record<string, F>>,
): ValidationErrors<F> {
  const byField: Partial<Record<F, string[]>> = {};
  const other: string[] = [];
  for (const [path, messages] of Object.entries(keyed)) {
    const field = fieldOf(path, fields, aliases);
    const list = field ? (byField[field] ??= []) : other;
    // beside its own field a message needs no subject; beside a field it is part of (quietHours.start under
    // quietHours) or apart from any, it is named in Chinese (never by its path)
    const part = fieldName(path);
    const subject = field ? (part && part !== fieldName(field) ? `${part}：` : '') : `${part || '此项'}：`;
    for (const m of messages) {
      const text = subject + (readableMessage(m) || FALLBACK_MESSAGE[400]);
      if (!list.includes(text)) list.push(text);
    }
  }
  return { byField, other };
}
