import { api } from './request';
import type { ExitCase, ExitCaseList, ExitPrecheck, ExitRequest, MyExitCases } from './types';

/** FT-17 / FT-18 exit cases (the types live with the others in ./types). */
export type { ExitBlocker, ExitCase, ExitPrecheck, ExitRequest, ExitStageView } from './types';

export const exitPrecheck = (): Promise<ExitPrecheck> => api.get('/api/v1/exit/precheck');
export const myExitCases = (): Promise<MyExitCases> => api.get('/api/v1/exit/cases/mine');
export const fileExit = (body: ExitRequest): Promise<ExitCase> => api.post('/api/v1/exit/requests', { body });
export const withdrawExit = (id: string): Promise<ExitCase> =>
  api.post('/api/v1/exit/cases/{id}/withdraw', { path: { id }, body: {} });

/** Staff: the 退出审批 queue (open cases, the earliest next due first). */
export const exitQueue = async (): Promise<ExitCaseList['items']> => (await api.get('/api/v1/exit/cases')).items;
/** Staff, #18 the console's 退出案例 table: a page of every case (`all`) or of one status, by application date. */
export const exitCases = (query: {
  status: 'all' | ExitCase['status'];
  page: number;
  pageSize: number;
  order: 'asc' | 'desc';
}): Promise<ExitCaseList> => api.get('/api/v1/exit/cases', { query });
export type StaffExitAction = 'precheck' | 'start-approval' | 'approve' | 'reject' | 'terminate';
/** `partnerAgreed`: a termination before the agreed end date, with the partner's agreement (FT-17.3). */
export function exitAct(
  id: string,
  action: StaffExitAction,
  reason?: string,
  partnerAgreed?: string,
): Promise<ExitCase> {
  const path = { id };
  switch (action) {
    case 'precheck':
      return api.post('/api/v1/exit/cases/{id}/precheck', { path });
    case 'start-approval':
      return api.post('/api/v1/exit/cases/{id}/start-approval', { path });
    case 'approve':
      return api.post('/api/v1/exit/cases/{id}/approve', { path, body: { reason: reason ?? '' } });
    case 'reject':
      return api.post('/api/v1/exit/cases/{id}/reject', { path, body: { reason: reason ?? '' } });
    case 'terminate':
      return api.post('/api/v1/exit/cases/{id}/terminate', { path, body: { reason, partnerAgreed } });
  }
}
