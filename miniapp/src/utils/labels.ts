import type { Channel, ComplaintKind, ComplaintStatus, ReplyVerdict, Role, SlaState } from '../services/types';

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

export const CHANNEL_LABEL: Record<Channel, string> = {
  hotline_10086: '10086热线',
  service_hall: '营业厅',
  account_manager: '客户经理',
  hebao_app: '和包App',
  wechat: '微信',
  weibo: '微博',
  jutousu: '聚投诉',
  miit: '工信部',
  consumer_association: '消费者协会',
  petition: '信访',
  cmcc_hq: '中国移动总部',
  other: '其他',
};

export const VERDICT_LABEL: Record<ReplyVerdict, string> = {
  pending: '待确认',
  effective: '有效',
  rejected: '已驳回',
};

export const ROLE_LABEL: Record<Role, string> = {
  partner: '伙伴',
  staff: '运营人员',
  admin: '管理员',
};

/** Falls back to the raw value for anything the contract adds later. */
export function label<K extends string>(table: Record<K, string>, value: K | string): string {
  return (table as Record<string, string>)[value] ?? value;
}
