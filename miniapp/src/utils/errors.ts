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

/** Readable messages of a 400 with a message list: by the field they name (of `fields`), the others apart. */
export interface ValidationErrors<F extends string> {
  byField: Partial<Record<F, string[]>>;
  other: string[];
}

/** One api message about a field path ('' = none); `bare` when its text does not name the field (the keyed form). */
interface PathMessage {
  path: string;
  text: string;
  bare: boolean;
}

/**
 * `err`'s field messages when it is a 400 that sent a list (the api's validation), else null: the api's `fields`
 * (messages by path, without the field's name) or else its messages read for the path they start with
 * ("company.registeredOn: 请填写成立日期"), each under the form field it concerns, as readable Chinese.
 */
export function validationErrors<F extends string>(
  err: unknown,
  fields: readonly F[],
  aliases: Partial<Record<string, F>> = {},
): ValidationErrors<F> | null {
  if (!(err instanceof ApiError) || err.status !== 400) return null;
  const keyed = Object.entries(err.fields);
  const messages: PathMessage[] = keyed.length
    ? keyed.flatMap(([path, list]) => list.map((m) => ({ path, text: readableMessage(m), bare: true })))
    : (err.details.length ? err.details : [err.message]).map((m) => ({ ...parseMessage(m), bare: false }));
  const out = placeMessages(messages, fields, aliases);
  // a single message that names no field is the page's message, not a form's
  if (!keyed.length && !err.details.length && !Object.keys(out.byField).length) return null;
  return out;
}

/**
 * The one mapping of messages to a form's fields. A bare message beside its own field needs no subject; beside a
 * field it is part of (quietHours.start under quietHours) or apart from any, it is named in Chinese (never by path).
 */
function placeMessages<F extends string>(
  messages: PathMessage[],
  fields: readonly F[],
  aliases: Partial<Record<string, F>>,
): ValidationErrors<F> {
  const byField: Partial<Record<F, string[]>> = {};
  const other: string[] = [];
  for (const { path, text, bare } of messages) {
    const field = fieldOf(path, fields, aliases);
    const list = field ? (byField[field] ??= []) : other;
    const part = fieldName(path);
    const subject = !bare ? '' : field ? (part && part !== fieldName(field) ? `${part}：` : '') : `${part || '此项'}：`;
    const shown = subject + (text || FALLBACK_MESSAGE[400]);
    if (!list.includes(shown)) list.push(shown);
  }
  return { byField, other };
}
