import { request } from './request';
import type { Rectification, RectificationStatus, StaffRectification } from './types';

const base = '/rectifications';

/** FT-14: the signed-in partner's own rectification cases. */
export async function listRectifications(): Promise<Rectification[]> {
  const res = await request<{ items: Rectification[] } | Rectification[]>({ path: base });
  return Array.isArray(res) ? res : res.items;
}

/** FT-14: submits (or resubmits) the plan and its evidence, text or links. */
export function submitRectification(id: string, plan: string, evidence: string[]): Promise<Rectification> {
  return request<Rectification>({
    path: `${base}/${encodeURIComponent(id)}/submissions`,
    method: 'POST',
    body: { plan, evidence },
  });
}

/** Staff: every partner's cases, by status (default all). */
export async function listStaffRectifications(status?: RectificationStatus): Promise<StaffRectification[]> {
  const res = await request<{ items: StaffRectification[] }>({ path: base, query: { status } });
  return res.items;
}

/** Staff: FT-14 pass or fail a case with the reason (a second decision is 409). */
export function decideRectification(
  id: string,
  decision: 'pass' | 'fail',
  reason: string,
): Promise<StaffRectification> {
  return request<StaffRectification>({
    path: `${base}/${encodeURIComponent(id)}/decide`,
    method: 'POST',
    body: { decision, reason },
  });
}
