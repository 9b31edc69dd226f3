import type { NextFunction, Request, Response } from 'express';
import { DomainError, JSON_MAX_DEPTH, findControlText, findForbiddenKey, jsonDepthExceeds } from '@huoban/core';

/** A JSON body refused before it is parsed or transformed: a 400, keyed by the field it is about when there is one. */
const refused = (message: string, field?: string) =>
  field === undefined ? DomainError.invalid(message) : DomainError.invalidList([message], { [field]: [message] });

/**
 * body-parser `verify`: runs on the raw bytes before JSON.parse, so a body nested 20,000 levels deep never
 * reaches class-transformer (whose recursion overflowed the stack, issue #8).
 */
export function verifyJsonDepth(_req: unknown, _res: unknown, buf: Buffer): void {
  if (jsonDepthExceeds(buf, JSON_MAX_DEPTH)) throw refused(`请求体嵌套不能超过 ${JSON_MAX_DEPTH} 层`);
}

/** The message of a text refused for its control or bidi-override characters (the field is the response's key). */
export const CONTROL_TEXT = '不能包含控制字符（如 NUL）或文字方向控制字符';

/**
 * Refuses parsed bodies holding prototype keys or `$`-operator keys, and any text with control or bidi-override
 * characters (names, titles, free text: one policy for every DTO), before any DTO or merge sees them.
 */
export function refuseForbiddenKeys(req: Request, _res: Response, next: NextFunction): void {
  if (req.body === undefined) return next();
  const key = findForbiddenKey(req.body);
  if (key !== null) return next(refused(`请求体不能包含字段 ${key}`));
  const at = findControlText(req.body);
  next(at === null ? undefined : refused(CONTROL_TEXT, at.replace(/\[(\d+)\]/g, '.$1')));
}
