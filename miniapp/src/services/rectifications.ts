import { api } from './request';
import type { Rectification, RectificationStatus, StaffRectification } from './types';

/** FT-14: the signed-in partner's own rectification cases. */
export async function listRectifications(): Promise<Rectification[]> {
  return (await api.get('/api/v1/rectifications')).items;
}

/** FT-14: submits (or resubmits) the plan and its evidence, text or links. */
export function submitRectification(id: string, plan: string, evidence: string[]): Promise<Rectification> {
  return api.post('/api/v1/rectifications/{id}/submissions', { path: { id }, body: { plan, evidence } });
}

/** Staff: every partner's cases, by status (default all). */
export async function listStaffRectifications(status?: RectificationStatus): Promise<StaffRectification[]> {
  return (await api.get('/api/v1/rectifications', { query: { status } })).items;
}

/** Staff: FT-14 pass or fail a case with the reason (a second decision is 409). */
export function decideRectification(
  id: string,
  decision: 'pass' | 'fail',
  reason: string,
): Promise<StaffRectification> {
  return api.post('/api/v1/rectifications/{id}/decide', { path: { id }, body: { decision, reason } });
}
