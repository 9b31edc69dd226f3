import type { components } from '@huoban/contracts';

/**
 * The part of the api's ComplaintView the bot shows: picked from the type generated from the api's OpenAPI
 * document (`@huoban/contracts`, types only), so a change of the api the bot does not follow fails `tsc`.
 * `workingMsLeft` is the working time left at `serverNow`, in ms.
 */
type ApiComplaintView = components['schemas']['ComplaintView'];
export type ComplaintView = Pick<
  ApiComplaintView,
  'id' | 'no' | 'partnerName' | 'kind' | 'dueAt' | 'status' | 'slaState' | 'workingMsLeft'
> &
  Partial<Pick<ApiComplaintView, 'serverNow'>>;

export interface ApiClientConfig {
  apiUrl: string;
  serviceKey?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** GET {apiUrl}/api/v1/complaints/due-today as the bot (x-service-key). */
export function httpFetchDueToday(cfg: ApiClientConfig): () => Promise<ComplaintView[]> {
  const doFetch = cfg.fetch ?? fetch;
  return async () => {
    const res = await doFetch(`${cfg.apiUrl}/api/v1/complaints/due-today`, {
      headers: { accept: 'application/json', ...(cfg.serviceKey ? { 'x-service-key': cfg.serviceKey } : {}) },
      signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000),
    });
    if (!res.ok) throw new Error(`due-today: api answered ${res.status}`);
    const body = (await res.json()) as Partial<components['schemas']['ComplaintList']>;
    if (!Array.isArray(body.items)) throw new Error('due-today: api answer has no items');
    return body.items;
  };
}
