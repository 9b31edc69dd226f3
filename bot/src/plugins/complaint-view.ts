import type { components } from '@huoban/contracts';
import { botApiClient, type ApiClientConfig } from '../api-client.js';

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

/** GET {apiUrl}/api/v1/complaints/due-today as the bot (x-service-key). */
export function httpFetchDueToday(cfg: ApiClientConfig): () => Promise<ComplaintView[]> {
  const api = botApiClient(cfg);
  return async () => {
    const body: Partial<components['schemas']['ComplaintList']> = await api.get('/api/v1/complaints/due-today');
    if (!Array.isArray(body.items)) throw new Error('due-today: api answer has no items');
    return body.items;
  };
}
