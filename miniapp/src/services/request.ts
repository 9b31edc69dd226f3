import Taro from '@tarojs/taro';
import type { paths } from '@huoban/contracts';
import { createApiClient, type ApiRequest } from '@huoban/core/client';
import { ROUTES } from '@/routes';
import { ApiError, FALLBACK_MESSAGE, toApiError } from './api-error';

export { ApiError } from './api-error';

/** Api base URL, fixed at build time from TARO_APP_API (see config/index.ts). */
export const API_BASE = (process.env.TARO_APP_API || 'http://127.0.0.1:3000/api/v1').replace(/\/+$/, '');

export const TOKEN_KEY = 'token';
export const ME_KEY = 'me';

/** The mini-program's own options of an api call (besides path parameters, query and body). */
export interface CallOptions {
  /** Send the stored token (default true). */
  auth?: boolean;
  /**
   * POST only: the `Idempotency-Key` of this action. Default: a new key per call, kept for the call's own retries
   * (a lost answer or a 503 is retried with the same key, so the api creates the record once).
   */
  idempotencyKey?: string;
}

/** A random key for one create action (`Idempotency-Key`). */
export function newIdempotencyKey(): string {
  const rnd = () =>
    Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return `${Date.now().toString(36)}-${rnd()}${rnd()}${rnd()}`;
}

/** Retries of a POST whose answer was lost or was a 503, with the same key. */
const POST_RETRIES = [1000, 3000];
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

let redirecting = false;

/** Forgets the session and returns to login (once, however many calls fail together). */
export function sessionExpired(): void {
  Taro.removeStorageSync(TOKEN_KEY);
  Taro.removeStorageSync(ME_KEY);
  if (redirecting) return;
  redirecting = true;
  Taro.reLaunch({ url: ROUTES.login }).finally(() => {
    redirecting = false;
  });
}

/** The stored bearer token header ({} when signed out). */
export function authHeader(): Record<string, string> {
  const token = Taro.getStorageSync(TOKEN_KEY) as string;
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** The transport of the api client: Taro.request (weapp has no fetch). Resolves with the parsed JSON body. */
async function send(req: ApiRequest<CallOptions>): Promise<unknown> {
  const { method, url, body, options } = req;
  const token = options.auth === false ? '' : (Taro.getStorageSync(TOKEN_KEY) as string);
  const header: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) header['Content-Type'] = 'application/json';
  if (token) header.Authorization = `Bearer ${token}`;
  // every create carries a key: a retry (ours below, or the api's replay) never creates twice
  if (method === 'POST') header['Idempotency-Key'] = options.idempotencyKey ?? newIdempotencyKey();

  let res: Taro.request.SuccessCallbackResult | undefined;
  for (let attempt = 0; ; attempt++) {
    const retry = method === 'POST' && attempt < POST_RETRIES.length;
    try {
      res = await Taro.request({
        url,
        method,
        header,
        data: body as Taro.request.Option['data'],
        dataType: 'json',
        timeout: 15000,
      });
    } catch {
      if (!retry) throw new ApiError(0, FALLBACK_MESSAGE[0]);
      await pause(POST_RETRIES[attempt]);
      continue;
    }
    if (res.statusCode === 503 && retry) {
      await pause(POST_RETRIES[attempt]);
      continue;
    }
    break;
  }

  const status = res.statusCode;
  if (status >= 200 && status < 300) return res.data;
  // A 401 on a signed-in call means the token is gone or expired; a 401 from a login form is just a wrong password.
  if (status === 401 && token) sessionExpired();
  throw toApiError(status, res.data);
}

/**
 * The one way to call the api: typed by the api's OpenAPI document (`@huoban/contracts`), so only its paths are
 * accepted and a body that does not match its DTO fails to compile. `api.post('/api/v1/complaints', { body })`
 * resolves with the documented answer; rejects with ApiError (Chinese message, field messages in `fields`).
 */
export const api = createApiClient<paths, CallOptions>({ baseUrl: API_BASE, pathPrefix: '/api/v1', transport: send });
