import { request } from './request';

/** FT-17 / FT-18 exit cases as the api returns them (`GET /exit/cases/:id`). */
export interface ExitBlocker {
  kind: 'complaint' | 'appeal' | 'settlement' | 'rectification';
  id: string;
  label: string;
}
export interface ExitStageView {
  stage: 'approval-start' | 'approval' | 'termination';
  label: string;
  dueAt: string | null;
  doneAt: string | null;
  met: boolean | null;
}
export interface ExitCase {
  id: string;
  partnerId: string;
  partnerName: string;
  trigger: string;
  triggerLabel: string;
  rule: string;
  status: 'requested' | 'precheck' | 'approval' | 'approved' | 'rejected' | 'withdrawn' | 'terminated';
  statusLabel: string;
  open: boolean;
  reason: string;
  desiredEndOn: string | null;
  earliestEndOn: string;
  appliedAt: string;
  decisionReason: string | null;
  terminatedAt: string | null;
  approvalStartDueAt: string;
  approvalDueAt: string | null;
  terminationDueAt: string | null;
  stages: ExitStageView[];
  nextDue: { stage: string; label: string; dueAt: string } | null;
  blockers?: ExitBlocker[];
  mayWithdraw: boolean;
}
export interface ExitPrecheck {
  partnerStatus: string;
  blockers: ExitBlocker[];
  earliestEndOn: string;
  approvalStartDueAt: string;
  openCaseId: string | null;
  mayApply: boolean;
}

export const exitPrecheck = () => request<ExitPrecheck>({ path: '/exit/precheck' });
export const myExitCases = () =>
  request<{ partnerStatus: string | null; items: ExitCase[] }>({ path: '/exit/cases/mine' });
export const fileExit = (body: { reason: string; desiredEndOn: string; commitment: boolean }) =>
  request<ExitCase>({ path: '/exit/requests', method: 'POST', body });
export const withdrawExit = (id: string) =>
  request<ExitCase>({ path: `/exit/cases/${encodeURIComponent(id)}/withdraw`, method: 'POST', body: {} });

/** Staff: the 退出审批 queue (open cases, the earliest next due first). */
export const exitQueue = async () => (await request<{ items: ExitCase[] }>({ path: '/exit/cases' })).items;
export const exitCase = (id: string) => request<ExitCase>({ path: `/exit/cases/${encodeURIComponent(id)}` });
export type StaffExitAction = 'precheck' | 'start-approval' | 'approve' | 'reject' | 'terminate';
export const exitAct = (id: string, action: StaffExitAction, reason?: string) =>
  request<ExitCase>({
    path: `/exit/cases/${encodeURIComponent(id)}/${action}`,
    method: 'POST',
    body: reason === undefined ? {} : { reason },
  });
