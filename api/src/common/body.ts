import type { NextFunction, Request, Response } from 'express';
import { JSON_MAX_DEPTH, findForbiddenKey, jsonDepthExceeds } from '@huoban/core';

/** A JSON body refused before it is parsed or transformed; the ErrorFilter maps `type` to a 400. */
export class BodyRefused extends Error {
  readonly status = 400;
  constructor(
    readonly type: 'entity.too.deep' | 'entity.forbidden.key',
    message: string,
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

/** Refuses parsed bodies holding prototype keys or `$`-operator keys (before any DTO or merge sees them). */
export function refuseForbiddenKeys(req: Request, _res: Response, next: NextFunction): void {
  const key = req.body !== undefined ? findForbiddenKey(req.body) : null;
  next(key === null ? undefined : new BodyRefused('entity.forbidden.key', `请求体不能包含字段 ${key}`));
}
