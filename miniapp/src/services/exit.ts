import { request } from './request';

import type { components } from '@huoban/contracts';

type Schemas = components['schemas'];

/** FT-17 / FT-18 exit cases as the api returns them (`GET /exit/cases/:id`): aliases of the contract's types. */
export type ExitBlocker = Schemas['ExitCaseBlocker'];
export type ExitStageView = Schemas['ExitCaseStage'];
export type ExitCase = Schemas['ExitCase'];
export type ExitPrecheck = Schemas['ExitPrecheck'];
export type ExitRequest = Schemas['ExitRequestDto'];

export const exitPrecheck = () => request<ExitPrecheck>({ path: '/exit/precheck' });
export const myExitCases = () => request<Schemas['ExitCaseMine']>({ path: '/exit/cases/mine' });
export const fileExit = (body: ExitRequest) => request<ExitCase>({ path: '/exit/requests', method: 'POST', body });
export const withdrawExit = (id: string) =>
  request<ExitCase>({ path: `/exit/cases/${encodeURIComponent(id)}/withdraw`, method: 'POST', body: {} });

/** Staff: the 退出审批 queue (open cases, the earliest next due first). */
export const exitQueue = async () => (await request<Schemas['ExitCaseList']>({ path: '/exit/cases' })).items;
export const exitCase = (id: string) => request<ExitCase>({ path: `/exit/cases/${encodeURIComponent(id)}` });
export type StaffExitAction = 'precheck' | 'start-approval' | 'approve' | 'reject' | 'terminate';
export const exitAct = (id: string, action: StaffExitAction, reason?: string) =>
  request<ExitCase>({
    path: `/exit/cases/${encodeURIComponent(id)}/${action}`,
    method: 'POST',
    body: reason === undefined ? {} : { reason },
  });
