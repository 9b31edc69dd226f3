import { request } from './request';
import type { ExitCase, ExitCaseList, ExitPrecheck, ExitRequest, MyExitCases } from './types';

/** FT-17 / FT-18 exit cases (the types live with the others in ./types). */
export type { ExitBlocker, ExitCase, ExitPrecheck, ExitRequest, ExitStageView } from './types';

export const exitPrecheck = () => request<ExitPrecheck>({ path: '/exit/precheck' });
export const myExitCases = () => request<MyExitCases>({ path: '/exit/cases/mine' });
export const fileExit = (body: ExitRequest) => request<ExitCase>({ path: '/exit/requests', method: 'POST', body });
export const withdrawExit = (id: string) =>
  request<ExitCase>({ path: `/exit/cases/${encodeURIComponent(id)}/withdraw`, method: 'POST', body: {} });

/** Staff: the 退出审批 queue (open cases, the earliest next due first). */
export const exitQueue = async () => (await request<ExitCaseList>({ path: '/exit/cases' })).items;
/** Staff, #18 the console's 退出案例 table: a page of every case (`all`) or of one status, by application date. */
export const exitCases = (query: { status: string; page: number; pageSize: number; order: 'asc' | 'desc' }) =>
  request<ExitCaseList>({ path: '/exit/cases', query });
export type StaffExitAction = 'precheck' | 'start-approval' | 'approve' | 'reject' | 'terminate';
/** `partnerAgreed`: a termination before the agreed end date, with the partner's agreement (FT-17.3). */
export const exitAct = (id: string, action: StaffExitAction, reason?: string, partnerAgreed?: string) =>
  request<ExitCase>({
    path: `/exit/cases/${encodeURIComponent(id)}/${action}`,
    method: 'POST',
    body: { ...(reason !== undefined && { reason }), ...(partnerAgreed !== undefined && { partnerAgreed }) },
  });
