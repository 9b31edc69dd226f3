import type { components, operations } from '@huoban/contracts';
import { api } from './request';
import type { Partner } from './types';

/** Staff only: partners whose code or name matches `q` (all when empty). */
export function listPartners(q?: string): Promise<Partner[]> {
  return api.get('/api/v1/partners', { query: { q: q?.trim() } });
}

/** #18 the console's 伙伴 table: filters, a name or code prefix, sort and page, by the api. */
export type PartnerTableQuery = NonNullable<operations['PartnersController_table']['parameters']['query']>;
export const partnerTable = (query: PartnerTableQuery): Promise<components['schemas']['PartnerTable']> =>
  api.get('/api/v1/partners/table', { query });
