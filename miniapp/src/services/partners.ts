import { api } from './request';
import type { Partner } from './types';

/** Staff only: partners whose code or name matches `q` (all when empty). */
export function listPartners(q?: string): Promise<Partner[]> {
  return api.get('/api/v1/partners', { query: { q: q?.trim() } });
}
