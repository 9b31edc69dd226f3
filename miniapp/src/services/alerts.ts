import type { components } from '@huoban/contracts';
import { request } from './request';

type Schemas = components['schemas'];

/** GET/PUT /programmes/{id}/alert-settings: a programme's alert recipients and quiet hours. */
export type AlertSettings = Schemas['AlertSettingsView'];
/** PUT body (admins only). */
export type AlertSettingsChange = Schemas['AlertSettingsDto'];
export type NoticeKind = AlertSettings['urgentKinds'][number];

/** What each notice kind is, for the page's 紧急 / 非紧急 lists. */
export const NOTICE_KIND_LABEL: Record<NoticeKind, string> = {
  'sla-breach': '投诉超时',
  'partner-suspended': '暂停合作',
  'exit-deadline': '退出办理时限',
  'sla-warning': '投诉时限预警',
  'exit-warning': '退出今日到期提醒',
  recruitment: '招募公告',
  digest: '每日汇总',
  generic: '其他工作通知',
};

const path = (programmeId: string) => `/programmes/${encodeURIComponent(programmeId)}/alert-settings`;

export const getAlertSettings = (programmeId: string) => request<AlertSettings>({ path: path(programmeId) });

export const saveAlertSettings = (programmeId: string, body: AlertSettingsChange) =>
  request<AlertSettings>({ path: path(programmeId), method: 'PUT', body });
