import { request } from './request';
import type { Appeal } from './types';

/** A partner appeals one of its own appealable credit deductions (409 when one is already open). */
export function createAppeal(entryId: string, reason: string): Promise<Appeal> {
  return request<Appeal>({ path: '/appeals', method: 'POST', body: { entryId, reason } });
}

/** The signed-in partner's own appeals. */
export async function listAppeals(): Promise<Appeal[]> {
  const res = await request<{ items: Appeal[] } | Appeal[]>({ path: '/appeals' });
  return Array.isArray(res) ? res : res.items;
}
