import {
  APPEAL_STATUS_LABEL as APPEAL_STATUS_NAMES,
  CHANNEL_NAMES,
  COMPLAINT_KIND_LABEL,
  COMPLAINT_STATUS_LABEL,
  CREDIT_ENTRY_KIND_LABEL,
  labelOf,
  RECTIFICATION_STATUS_LABEL as RECTIFICATION_STATUS_NAMES,
  REPLY_VERDICT_LABEL,
  ROLE_LABEL as ROLE_NAMES,
  SLA_STATE_LABEL,
} from '@huoban/core/labels';
import type {
  AppealStatus,
  Channel,
  ComplaintKind,
  ComplaintStatus,
  CreditEntryKind,
  RectificationStatus,
  ReplyVerdict,
  Role,
  SlaState,
} from '@/services/types';

// The names of statuses and kinds are core's one table (`@huoban/core/labels`), keyed by the statuses the api
// documents as enums; typed here by the contract's unions, so a value the api adds without a name fails `tsc`.
export const STATUS_LABEL: Record<ComplaintStatus, string> = COMPLAINT_STATUS_LABEL;
export const SLA_LABEL: Record<SlaState, string> = SLA_STATE_LABEL;
export const KIND_LABEL: Record<ComplaintKind, string> = COMPLAINT_KIND_LABEL;
export const VERDICT_LABEL: Record<ReplyVerdict, string> = REPLY_VERDICT_LABEL;
export const ROLE_LABEL: Record<Role, string> = ROLE_NAMES;
export const CREDIT_KIND_LABEL: Record<CreditEntryKind, string> = CREDIT_ENTRY_KIND_LABEL;
export const APPEAL_STATUS_LABEL: Record<AppealStatus, string> = APPEAL_STATUS_NAMES;
export const RECTIFICATION_STATUS_LABEL: Record<RectificationStatus, string> = RECTIFICATION_STATUS_NAMES;

/** The channels' Chinese names: core's one list, which the complaints import also reads (browser-safe entry). */
export const CHANNEL_LABEL: Record<Channel, string> = CHANNEL_NAMES;

/** The channels in the order of the register form's picker (every channel of the contract, by CHANNEL_LABEL). */
export const CHANNELS = Object.keys(CHANNEL_LABEL) as Channel[];

/** What the signed-in name is, by role: a partner's and an applicant's name is their company's (#18: it read 姓名). */
export const ME_NAME_LABEL: Record<Role, string> = {
  partner: '企业名称',
  applicant: '申请人',
  staff: '姓名',
  admin: '姓名',
  reviewer: '姓名',
  committee: '姓名',
};

/** Where a scorecard entry comes from (`source.entity`). */
export const SOURCE_LABEL: Record<string, string> = {
  complaint: '投诉',
  scorecard_inputs: '入网评分',
  security_incident: '信息安全事件',
  success_rate: '交易成功率',
  scorecard_tables: '考核规则（封顶/保底）',
};

/** Falls back to the raw value for anything the contract adds later. */
export const label = labelOf;

/**
 * Who wrote a complaint reply, as a reader says it: the stored actor id (`partner-<id>`, a staff user's id) is
 * never shown; a partner's reply reads as the partner's name (#18: it showed `partner-6b16…`).
 */
export function replyAuthor(by: string, partnerName: string): string {
  if (by.startsWith('partner-')) return partnerName;
  if (/^[0-9a-f]{24}$/i.test(by) || /^[a-z]+-[0-9a-f]{6,}/i.test(by)) return '运营人员';
  return by;
}
