import { CHANNEL_NAMES } from '@huoban/core/labels';
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

export const STATUS_LABEL: Record<ComplaintStatus, string> = {
  open: '待回复',
  replied: '待确认',
  closed: '已办结',
};

export const SLA_LABEL: Record<SlaState, string> = {
  running: '进行中',
  awaiting_confirmation: '待确认',
  met: '按时',
  breached: '已超时',
};

export const KIND_LABEL: Record<ComplaintKind, string> = {
  ordinary: '普通',
  escalated: '升级',
};

/** The channels' Chinese names: core's one list, which the complaints import also reads (browser-safe entry). */
export const CHANNEL_LABEL: Record<Channel, string> = CHANNEL_NAMES;

/** The channels in the order of the register form's picker (every channel of the contract, by CHANNEL_LABEL). */
export const CHANNELS = Object.keys(CHANNEL_LABEL) as Channel[];

export const VERDICT_LABEL: Record<ReplyVerdict, string> = {
  pending: '待确认',
  effective: '有效',
  rejected: '已驳回',
};

export const ROLE_LABEL: Record<Role, string> = {
  partner: '伙伴',
  staff: '运营人员',
  admin: '管理员',
  reviewer: '预审人员',
  committee: '部务会',
  applicant: '申请人',
};

/** What the signed-in name is, by role: a partner's and an applicant's name is their company's (#18: it read 姓名). */
export const ME_NAME_LABEL: Record<Role, string> = {
  partner: '企业名称',
  applicant: '申请人',
  staff: '姓名',
  admin: '姓名',
  reviewer: '姓名',
  committee: '姓名',
};

export const CREDIT_KIND_LABEL: Record<CreditEntryKind, string> = {
  initial: '初始积分',
  deduction: '扣分',
  rerate: '等级调整',
  bonus: '推广奖励',
  recovery: '自然恢复',
  aClassFail: 'A类评审未通过',
  aClassPass: 'A类评审通过',
  aClassLapse: 'A类资格取消',
  reversal: '申诉冲正',
  inherit: '积分继承',
  exit: '退出结算',
};

export const APPEAL_STATUS_LABEL: Record<AppealStatus, string> = {
  open: '申诉处理中',
  upheld: '申诉成立',
  rejected: '申诉驳回',
};

export const RECTIFICATION_STATUS_LABEL: Record<RectificationStatus, string> = {
  open: '待提交方案',
  submitted: '已提交，待审核',
  passed: '整改通过',
  failed: '整改未通过',
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
export function label<K extends string>(table: Record<K, string>, value: K | string): string {
  return (table as Record<string, string>)[value] ?? value;
}

/**
 * Who wrote a complaint reply, as a reader says it: the stored actor id (`partner-<id>`, a staff user's id) is
 * never shown; a partner's reply reads as the partner's name (#18: it showed `partner-6b16…`).
 */
export function replyAuthor(by: string, partnerName: string): string {
  if (by.startsWith('partner-')) return partnerName;
  if (/^[0-9a-f]{24}$/i.test(by) || /^[a-z]+-[0-9a-f]{6,}/i.test(by)) return '运营人员';
  return by;
}
