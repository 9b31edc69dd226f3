// Pure helpers of the staff SLA pages (临期投诉, 投诉时效报表, 投诉导入); no Taro imports, so they run under jest.
import type { SlaReport } from '@/services/types';
import { PARTNER_CODE_COLUMN, type ImportColumn, type SheetKind } from './metrics-import';
import type { ChartPoint } from './score';
import { formatDuration } from './time';

/** Share within SLA as a percentage text ("87.5%"); "—" while nothing is decided. */
export function shareText(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 1000) / 10}%`;
}

/** Median working hours to an effective reply ("3.5 小时"); "—" without one. */
export function hoursText(ms: number | null): string {
  return ms === null ? '—' : `${Math.round((ms / 3_600_000) * 10) / 10} 小时`;
}

/** Working time left in the WT-3 window ("工作时间剩余 3小时12分"; "已到期" at zero). */
export function workingLeftText(ms: number): string {
  return ms > 0 ? `工作时间剩余 ${formatDuration(ms, false)}` : '已到期';
}

/**
 * The trend of a half-year: one bar per month whose share within SLA is decided (percent), in month order; the
 * current month is marked live. Months without a decided complaint have no bar.
 */
export function slaTrend(report: Pick<SlaReport, 'months'>, currentMonth: string): ChartPoint[] {
  return report.months
    .filter((m) => m.shareWithinSla !== null)
    .map((m) => ({
      key: m.month,
      label: `${Number(m.month.slice(5, 7))}月`,
      sub: `${m.complaints}件`,
      value: Math.round((m.shareWithinSla as number) * 1000) / 10,
      ...(m.month === currentMonth ? { current: true } : {}),
    }));
}

/** The columns the complaints import recognises, for the page's help text. */
export const COMPLAINT_IMPORT_COLUMNS: ImportColumn[] = [
  { ...PARTNER_CODE_COLUMN, note: '必填，本计划的伙伴' },
  { zh: '投诉类型', en: 'kind', note: '必填：普通 或 升级' },
  { zh: '渠道', en: 'channel', note: '必填，如 10086热线、营业厅、工信部' },
  { zh: '摘要', en: 'summary', note: '必填，不超过 2000 字' },
  { zh: '受理时间', en: 'receivedAt', note: '必填，北京时间，如 2026-11-30 09:15；一年以内，不能是将来' },
  { zh: '外部编号', en: 'externalNo', note: '选填，原系统工单号：再次导入同一编号不会重复登记' },
];

/** 投诉导入 */
export const COMPLAINT_SHEET: SheetKind = {
  prefix: 'cimport',
  fileLabel: '投诉文件（.xlsx 或 .csv，不超过 5 MB / 2,000 行）',
  columns: COMPLAINT_IMPORT_COLUMNS,
};
