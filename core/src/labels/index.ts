/**
 * Chinese display names shared by the server and the mini-program (WT-4 complaint channels). Pure and
 * browser-safe (type imports only): the mini-program imports it as `@huoban/core/labels`.
 */
import type { ComplaintChannel } from '../db/types.js';
import type { NoticeKind } from '../queues/index.js';

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
