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
