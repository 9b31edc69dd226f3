// Pure helpers of the request wrapper (no Taro imports, so they run under node --test).
import { buildQuery, type QueryValue } from '@huoban/core/client';

/** Any failed call: `status` is the HTTP status (0 = no response), `message` is readable Chinese or the server's text. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's field messages when it sent a list (400 validation errors). */
    readonly details: string[] = [],
    /** The same messages by field path (`company.name`), when the server keyed them (`fields`). */
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const FALLBACK_MESSAGE: Record<number, string> = {
  0: '网络异常，请检查网络后重试',
  400: '提交的内容有误',
  401: '登录已失效，请重新登录',
  403: '没有权限执行此操作',
  404: '记录不存在或无权查看',
  409: '当前状态不允许此操作',
  413: '提交的内容过大',
};

export const NO_ROUTE_MESSAGE = '服务器暂不支持此功能（接口不存在），请联系管理员升级服务端';

export type Query = Record<string, QueryValue>;

/** "?a=1&b=x%20y" without empty values; "" when nothing is left (the api client's own, for page routes too). */
export { buildQuery };

/** Turns an error response (`{statusCode, error, message}`, message a string or a list) into an ApiError. */
export function toApiError(status: number, body: unknown): ApiError {
  const raw = body && typeof body === 'object' ? (body as { message?: unknown }).message : undefined;
  const details = Array.isArray(raw) ? raw.map(String) : [];
  let text = Array.isArray(raw) ? details.join('；') : typeof raw === 'string' ? raw : '';
  // the framework's own 404 for a route this server does not have (an older api): not readable to users
  if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE) /.test(text)) text = NO_ROUTE_MESSAGE;
  const fallback = status >= 500 ? `服务器错误（${status}），请稍后重试` : `请求失败（${status}）`;
  const keyed = body && typeof body === 'object' ? (body as { fields?: unknown }).fields : undefined;
  const fields = keyed && typeof keyed === 'object' ? (keyed as Record<string, string[]>) : {};
  return new ApiError(status, text || FALLBACK_MESSAGE[status] || fallback, details, fields);
}
