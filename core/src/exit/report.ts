/** FT-18 report: the exit cases of a period, each step's dates and whether each deadline was met. */
import { formatBeijing } from '../notify/index.js';
import type { XlsxColumn } from '../metrics/sheet.js';
import type { ExitCaseRecord } from './repository.js';
import { EXIT_STATUS_LABEL, EXIT_TRIGGERS, exitStages, type ExitStage } from './rules.js';

const at = (d: Date | null) => (d ? formatBeijing(d) : '');
const metText = (c: ExitCaseRecord, stage: ExitStage, now: Date): string => {
  const s = exitStages(c).find((x) => x.stage === stage)!;
  if (!s.dueAt) return '';
  if (s.met === true) return '按时';
  if (s.met === false) return '超时';
  if (c.status === 'rejected' || c.status === 'withdrawn') return '不适用';
  return s.dueAt.getTime() < now.getTime() ? '超时未办' : '办理中';
};

export const exitExportColumns = (now: Date): XlsxColumn<ExitCaseRecord>[] => [
  { header: '伙伴', width: 24, value: (c) => c.partnerName },
  { header: '退出原因', width: 28, value: (c) => `${EXIT_TRIGGERS[c.trigger].label}（${c.rule}）` },
  { header: '状态', value: (c) => EXIT_STATUS_LABEL[c.status] },
  { header: '申请/立案时间', width: 18, value: (c) => at(c.appliedAt) },
  { header: '最早终止日期', width: 14, value: (c) => c.earliestEndOn },
  { header: '期望终止日期', width: 14, value: (c) => c.desiredEndOn ?? '' },
  { header: '启动审批截止', width: 18, value: (c) => at(c.approvalStartDueAt) },
  { header: '启动审批时间', width: 18, value: (c) => at(c.approvalStartedAt) },
  { header: '启动审批是否按时', value: (c) => metText(c, 'approval-start', now) },
  { header: '完成审批截止', width: 18, value: (c) => at(c.approvalDueAt) },
  { header: '审批决定时间', width: 18, value: (c) => at(c.decidedAt) },
  { header: '完成审批是否按时', value: (c) => metText(c, 'approval', now) },
  { header: '终止合同截止', width: 18, value: (c) => at(c.terminationDueAt) },
  { header: '终止合同时间', width: 18, value: (c) => at(c.terminatedAt) },
  { header: '终止合同是否按时', value: (c) => metText(c, 'termination', now) },
  { header: '审批意见', width: 24, value: (c) => c.decisionReason ?? '' },
  { header: '日历版本', value: (c) => c.calendarVersion + (c.provisional ? '（暂定）' : '') },
];
