import { api } from './request';
import type { Appeal, AppealStatus, StaffAppeal } from './types';

/** A partner appeals one of its own appealable credit deductions (409 when one is already open). */
export function createAppeal(entryId: string, reason: string): Promise<Appeal> {
  return api.post('/api/v1/appeals', { body: { entryId, reason } });
}

/** The signed-in partner's own appeals. */
export async function listAppeals(): Promise<Appeal[]> {
  return (await api.get('/api/v1/appeals')).items;
}

/** Staff: every partner's appeals, by status (default all). */
export async function listStaffAppeals(status?: AppealStatus): Promise<StaffAppeal[]> {
  return (await api.get('/api/v1/appeals', { query: { status } })).items;
}

/** Staff: uphold (a reversing entry is booked) or reject an open appeal, with the reason; 409 once decided otherwise. */
export function decideAppeal(id: string, decision: 'uphold' | 'reject', reason: string): Promise<StaffAppeal> {
  return api.post('/api/v1/appeals/{id}/decide', { path: { id }, body: { decision, reason } });
}
