import type { paths } from '@huoban/contracts';
import { createApiClient, type ApiClient } from '@huoban/core/client';

export interface ApiClientConfig {
  /** HUOBAN_API_URL, without /api/v1 */
  apiUrl: string;
  /** sent as `x-service-key` (the staff commands); public reads go without */
  serviceKey?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * The bot's client of the api: core's one client typed by the api's OpenAPI document (`@huoban/contracts`), so
 * only the api's paths are accepted and the answers have the documented types; fetch is the transport, a non-2xx
 * answer throws (the command answers with its failure text).
 */
export function botApiClient(cfg: ApiClientConfig): ApiClient<paths> {
  const doFetch = cfg.fetch ?? fetch;
  return createApiClient<paths>({
    baseUrl: cfg.apiUrl,
    transport: async ({ method, path, url, body }) => {
      const res = await doFetch(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...(cfg.serviceKey && { 'x-service-key': cfg.serviceKey }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000),
      });
      if (!res.ok) throw new Error(`${method} ${path}: api answered ${res.status}`);
      return res.json();
    },
  });
}
