/**
 * Chinese display names shared by the server and the mini-program (WT-4 complaint channels, the statuses the api
 * documents as enums). Pure and browser-safe (type imports only): the mini-program imports it as
 * `@huoban/core/labels`. Each status table is keyed by core's status type, so a new status without its Chinese name
 * fails to compile.
 */
import type { CreditAppealStatus, LedgerEntryKind } from '../credit/types.js';
import type { ComplaintChannel, ComplaintKind, ComplaintStatus, ReplyVerdict, Role } from '../db/types.js';
import type { LetterStatus } from '../intake/rules.js';
import type { ApplicationStatus, RecruitmentStatus } from '../intake/types.js';
import type { NoticeKind } from '../queues/index.js';
import type { SlaState } from '../complaints/sla-rules.js';
import type { RectificationStatus } from '../scorecards/types.js';

/** Chinese names of the complaint channels (as the mini-program shows them and the complaints import reads them). */
export const CHANNEL_NAMES: Record<ComplaintChannel, string> = {
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

/**
 * Chinese names of the actions on an application's, recruitment's or meeting's visible history (`history[].action`),
 * as staff and applicants read them (the mini-program's history lines; never the internal code).
 */
export const INTAKE_HISTORY_ACTIONS: Record<string, string> = {
  created: '创建申请',
  draft_saved: '保存草稿',
  submitted: '提交申请',
  rejected_by_checks: '未通过自动核验',
  revised: '修改申请（生成新版本）',
  evidence_uploaded: '上传证明材料',
  evidence_deleted: '删除证明材料',
  pre_review_passed: '预审通过',
  pre_review_failed: '预审未通过',
  evaluation_started: '组建评估小组，开始评估',
  conflict_declared: '评估小组成员声明利益冲突，已退出评估小组',
  panel_completed: '补充评估小组成员',
  vote_pass: '评估意见：通过',
  vote_fail: '评估意见：不通过',
  evaluated: '评估完成',
  evaluation_failed: '评估未通过',
  approved: '部务会决策：拟引入',
  declined: '部务会决策：未入选',
  minutes_attached: '上传会议纪要',
  publicized: '发布公示',
  signing: '开始签约',
  signing_failed: '签约未完成',
  signing_resumed: '继续签约',
  signed: '已签约',
  letter_issued: '签发授权书',
  published: '发布招募',
  closed: '招募截止',
  archived: '归档',
  void: '作废',
};

/** One history line's action in Chinese; an unknown code reads as 其他操作 (a code never reaches a user). */
export function intakeHistoryAction(action: string): string {
  const code = action.includes('.') ? action.slice(action.lastIndexOf('.') + 1) : action;
  return INTAKE_HISTORY_ACTIONS[code] ?? '其他操作';
}

/** What each notice kind is (the 告警设置 page's 紧急 / 非紧急 lists, the bot's digests). */
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

// ---------------------------------------------------------------- statuses (the api's enums)

export const COMPLAINT_STATUS_LABEL: Record<ComplaintStatus, string> = {
  open: '待回复',
  replied: '待确认',
  closed: '已办结',
};

export const SLA_STATE_LABEL: Record<SlaState, string> = {
  running: '进行中',
  awaiting_confirmation: '待确认',
  met: '按时',
  breached: '已超时',
};

export const COMPLAINT_KIND_LABEL: Record<ComplaintKind, string> = {
  ordinary: '普通',
  escalated: '升级',
};

export const REPLY_VERDICT_LABEL: Record<ReplyVerdict, string> = {
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

/** MG credit ledger lines (`kind`). */
export const CREDIT_ENTRY_KIND_LABEL: Record<LedgerEntryKind, string> = {
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

export const APPEAL_STATUS_LABEL: Record<CreditAppealStatus, string> = {
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

export const APPLICATION_STATUS_LABEL: Record<ApplicationStatus, string> = {
  draft: '草稿',
  submitted: '待预审',
  rejected: '未通过自动核验',
  pre_review_failed: '预审未通过',
  pre_review_passed: '待评估',
  evaluation: '评估中',
  evaluation_failed: '评估未通过',
  evaluated: '待结果确认',
  approved: '拟引入',
  declined: '未入选',
  signing: '签约中',
  signed: '已签约',
};

export const LETTER_STATUS_LABEL: Record<LetterStatus, string> = {
  valid: '有效',
  suspended: '已暂停',
  revoked: '已撤销',
  expired: '已过期',
};

export const RECRUITMENT_STATUS_LABEL: Record<RecruitmentStatus, string> = {
  draft: '草稿',
  published: '招募中',
  closed: '已截止',
  archived: '已归档',
};

/** A status's Chinese name; a value the table does not know yet reads as itself. */
export function labelOf<K extends string>(table: Record<K, string>, value: K | string): string {
  return (table as Record<string, string>)[value] ?? value;
}
