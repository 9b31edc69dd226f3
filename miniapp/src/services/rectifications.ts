import { request } from './request';
import type { Rectification } from './types';

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
