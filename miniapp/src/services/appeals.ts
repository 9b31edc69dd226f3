import { request } from './request';
import type { Appeal, AppealStatus, StaffAppeal } from './types';

/** A partner appeals one of its own appealable credit deductions (409 when one is already open). */
export function createAppeal(entryId: string, reason: string): Promise<Appeal> {
  return request<Appeal>({ path: '/appeals', method: 'POST', body: { entryId, reason } });
}

/** The signed-in partner's own appeals. */
export async function listAppeals(): Promise<Appeal[]> {
  const res = await request<{ items: Appeal[] } | Appeal[]>({ path: '/appeals' });
  return Array.isArray(res) ? res : res.items;
}

/** Staff: every partner's appeals, by status (default all). */
export async function listStaffAppeals(status?: AppealStatus): Promise<StaffAppeal[]> {
  const res = await request<{ items: StaffAppeal[] }>({ path: '/appeals', query: { status } });
  return res.items;
}

/** Staff: uphold (a reversing entry is booked) or reject an open appeal, with the reason; 409 once decided otherwise. */
export function decideAppeal(id: string, decision: 'uphold' | 'reject', reason: string): Promise<StaffAppeal> {
  return request<StaffAppeal>({
    path: `/appeals/${encodeURIComponent(id)}/decide`,
    method: 'POST',
    body: { decision, reason },
  });
}
