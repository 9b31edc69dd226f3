import type { components } from '@huoban/contracts';
import { NOTICE_KIND_LABEL as CORE_NOTICE_KIND_LABEL } from '@huoban/core/labels';
import { request } from './request';

type Schemas = components['schemas'];

/** GET/PUT /programmes/{id}/alert-settings: a programme's alert recipients and quiet hours. */
export type AlertSettings = Schemas['AlertSettingsView'];
/** PUT body (admins only). */
export type AlertSettingsChange = Schemas['AlertSettingsDto'];
export type NoticeKind = AlertSettings['urgentKinds'][number];
/** wechat: rooms and contacts (the bot); wecom: WeCom group robots (issue #19). */
export type AlertChannel = AlertSettings['channels'][number];

/** What each notice kind is, for the page's 紧急 / 非紧急 lists. */
export const NOTICE_KIND_LABEL: Record<NoticeKind, string> = CORE_NOTICE_KIND_LABEL;

const path = (programmeId: string) => `/programmes/${encodeURIComponent(programmeId)}/alert-settings`;

export const getAlertSettings = (programmeId: string) => request<AlertSettings>({ path: path(programmeId) });

export const saveAlertSettings = (programmeId: string, body: AlertSettingsChange) =>
  request<AlertSettings>({ path: path(programmeId), method: 'PUT', body });
