import type { NextFunction, Request, Response } from 'express';
import { JSON_MAX_DEPTH, findControlText, findForbiddenKey, jsonDepthExceeds } from '@huoban/core';

/** A JSON body refused before it is parsed or transformed; the ErrorFilter maps `type` to a 400. */
export class BodyRefused extends Error {
  readonly status = 400;
  constructor(
    readonly type: 'entity.too.deep' | 'entity.forbidden.key' | 'entity.control.text',
    message: string,
    /** the field the refusal is about (the response's `fields` key) */
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * body-parser `verify`: runs on the raw bytes before JSON.parse, so a body nested 20,000 levels deep never
 * reaches class-transformer (whose recursion overflowed the stack, issue #8).
 */
export function verifyJsonDepth(_req: unknown, _res: unknown, buf: Buffer): void {
  if (jsonDepthExceeds(buf, JSON_MAX_DEPTH))
    throw new BodyRefused('entity.too.deep', `请求体嵌套不能超过 ${JSON_MAX_DEPTH} 层`);
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
  if (key !== null) return next(new BodyRefused('entity.forbidden.key', `请求体不能包含字段 ${key}`));
  const at = findControlText(req.body);
  next(at === null ? undefined : new BodyRefused('entity.control.text', CONTROL_TEXT, at.replace(/\[(\d+)\]/g, '.$1')));
}
