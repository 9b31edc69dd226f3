import type { components } from '@huoban/contracts';
import { NOTICE_KIND_LABEL as CORE_NOTICE_KIND_LABEL } from '@huoban/core/labels';
import { api } from './request';

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

export const getAlertSettings = (programmeId: string): Promise<AlertSettings> =>
  api.get('/api/v1/programmes/{id}/alert-settings', { path: { id: programmeId } });

export const saveAlertSettings = (programmeId: string, body: AlertSettingsChange): Promise<AlertSettings> =>
  api.put('/api/v1/programmes/{id}/alert-settings', { path: { id: programmeId }, body });
