import { request } from './request';
import type { Partner } from './types';

/** Staff only: partners whose code or name matches `q` (all when empty). */
export function listPartners(q?: string): Promise<Partner[]> {
  return request<Partner[]>({ path: '/partners', query: { q: q?.trim() } });
}
