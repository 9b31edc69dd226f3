import { periodOfMonth } from '../rules/scorecard.js';
import type { CellValue, SheetTable } from './sheet.js';

/** The monthly figures of one partner, as imported (issue #3 item 7). */
export interface MetricValues {
  /** Pre-settlement revenue in yuan (MG-4 ranks channels by it). */
  revenue: number | null;
  /** Transaction success rate as a share 0..1 (FT-12a deducts below the threshold). */
  successRate: number | null;
  customers: number | null;
}
export interface MetricRow extends MetricValues {
  row: number;
  partnerId: string;
  partnerCode: string;
  month: string;
}
export type MetricField = 'partnerCode' | 'month' | keyof MetricValues;
export interface RowError {
  /** Spreadsheet row number (header = 1); 1 for header problems. */
  row: number;
  /** The column as the user knows it (Chinese name). */
  column: string;
  field: MetricField | null;
  value: string | null;
  message: string;
}

export const METRIC_COLUMNS: Record<MetricField, { label: string; aliases: string[]; required: boolean }> = {
  partnerCode: {
    label: '伙伴编码',
    aliases: ['伙伴编码', '伙伴代码', '渠道编码', 'partnercode', 'code'],
    required: true,
  },
  month: { label: '月份', aliases: ['月份', '统计月份', 'month'], required: true },
  revenue: { label: '结算前收入', aliases: ['结算前收入', '结算前收入元', 'revenue'], required: false },
  successRate: { label: '交易成功率', aliases: ['交易成功率', 'successrate'], required: false },
  customers: { label: '客户数', aliases: ['客户数', '行业客户数', '用户数', 'customers'], required: false },
};
const FIELDS = Object.keys(METRIC_COLUMNS) as MetricField[];
const VALUE_FIELDS: (keyof MetricValues)[] = ['revenue', 'successRate', 'customers'];

/** Header text → field: case, blanks, brackets and units do not matter (`结算前收入（元）` = `revenue`). */
const normalise = (h: string) => h.toLowerCase().replace(/[\s_\-()（）[\]【】]/g, '');

export interface MetricContext {
  /** Partners of the programme by their code. */
  partners: Map<string, { id: string }>;
  /** `${partnerId}/${period}` of closed scorecard periods (success rates there are frozen). */
  closedPeriods: Set<string>;
  /** The current month in Asia/Shanghai, `YYYY-MM`: later months are refused. */
  currentMonth: string;
}

export interface MetricValidation {
  rows: MetricRow[];
  errors: RowError[];
}

/** Maps the header, then checks every row; all errors are collected, none stops the check. */
export function validateMetrics(table: SheetTable, ctx: MetricContext): MetricValidation {
  const errors: RowError[] = [];
  const index = new Map<MetricField, number>();
  table.headers.forEach((h, i) => {
    const n = normalise(h);
    const field = FIELDS.find((f) => METRIC_COLUMNS[f].aliases.some((a) => normalise(a) === n));
    if (!field) return;
    if (index.has(field))
      errors.push(
        headerError(field, h, `列“${h}”重复（与第 ${index.get(field)! + 1} 列同为${METRIC_COLUMNS[field].label}）`),
      );
    else index.set(field, i);
  });
  for (const f of FIELDS)
    if (METRIC_COLUMNS[f].required && !index.has(f))
      errors.push(headerError(f, null, `缺少“${METRIC_COLUMNS[f].label}”列`));
  if (!VALUE_FIELDS.some((f) => index.has(f)))
    errors.push(headerError(null, null, '至少需要“结算前收入”“交易成功率”“客户数”中的一列'));
  if (errors.length) return { rows: [], errors };

  const rows: MetricRow[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const at = (f: MetricField): CellValue => (index.has(f) ? (cells[index.get(f)!] ?? null) : null);
    const fail = (f: MetricField | null, message: string) =>
      errors.push({ row, column: f ? METRIC_COLUMNS[f].label : '', field: f, value: f ? shown(at(f)) : null, message });
    const before = errors.length;

    const code = at('partnerCode') === null ? '' : String(at('partnerCode')).trim();
    const partner = code ? ctx.partners.get(code) : undefined;
    if (!code) fail('partnerCode', '伙伴编码不能为空');
    else if (!partner) fail('partnerCode', `伙伴编码“${code}”不是本计划的伙伴`);

    const month = parseMonth(at('month'));
    if (month === undefined) fail('month', '月份须为 YYYY-MM（如 2026-07），或 Excel 日期');
    else if (month > ctx.currentMonth) fail('month', `月份 ${month} 尚未到来`);

    const values: MetricValues = { revenue: null, successRate: null, customers: null };
    const revenue = parseNumber(at('revenue'));
    if (revenue === undefined || (revenue !== null && (revenue < 0 || !decimals(revenue, 2) || revenue > 1e13)))
      fail('revenue', '结算前收入须为不小于 0 的金额（元），最多两位小数');
    else values.revenue = revenue;
    const rate = parseRate(at('successRate'));
    if (rate === undefined) fail('successRate', '交易成功率须为 0～1 的小数（最多四位）或百分比（如 99.85%）');
    else values.successRate = rate;
    const customers = parseNumber(at('customers'));
    if (customers === undefined || (customers !== null && (customers < 0 || !Number.isInteger(customers))))
      fail('customers', '客户数须为不小于 0 的整数');
    else values.customers = customers;
    if (VALUE_FIELDS.every((f) => at(f) === null)) fail(null, '结算前收入、交易成功率、客户数至少填写一项');

    if (partner && month) {
      const key = `${code}/${month}`;
      if (seen.has(key)) fail('month', `与第 ${seen.get(key)} 行重复（同一伙伴同一月份只能出现一次）`);
      else seen.set(key, row);
      const period = periodOfMonth(month);
      if (values.successRate !== null && ctx.closedPeriods.has(`${partner.id}/${period}`))
        fail('successRate', `考核期 ${period} 已结算，交易成功率不能再修改`);
    }
    if (errors.length === before)
      rows.push({ row, partnerId: partner!.id, partnerCode: code, month: month!, ...values });
  }
  return { rows, errors };
}

const headerError = (field: MetricField | null, value: string | null, message: string): RowError => ({
  row: 1,
  column: field ? METRIC_COLUMNS[field].label : '',
  field,
  value,
  message,
});

const shown = (v: CellValue): string | null => (v === null ? null : v instanceof Date ? v.toISOString() : String(v));

/** At most `n` decimals, forgiving binary floating point (99.85 / 100). */
const decimals = (x: number, n: number) => Math.abs(x * 10 ** n - Math.round(x * 10 ** n)) < 1e-6;

/** null: empty; undefined: not a number. Thousands separators, a ¥ sign and blanks are accepted in text. */
function parseNumber(v: CellValue): number | null | undefined {
  if (v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (v instanceof Date) return undefined;
  const s = v.replace(/[\s,，¥￥]/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return undefined;
  return Number(s);
}

function parseRate(v: CellValue): number | null | undefined {
  if (v === null) return null;
  let x: number | null | undefined;
  if (typeof v === 'string' && /%\s*$/.test(v)) {
    const n = parseNumber(v.replace(/%\s*$/, ''));
    x = typeof n === 'number' ? Math.round(n * 1e8) / 1e10 : undefined;
  } else x = parseNumber(v);
  if (typeof x !== 'number' || x < 0 || x > 1 || !decimals(x, 4)) return undefined;
  return Math.round(x * 1e4) / 1e4;
}

const MONTH_FORMS = [
  /^(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?$/,
  /^(\d{4})年(\d{1,2})月(?:\d{1,2}日)?$/,
  /^(\d{4})(\d{2})$/,
];

/** `YYYY-MM` from text (2026-07, 2026/7, 2026-07-01, 2026年7月, 202607) or an Excel date (its calendar date). */
function parseMonth(v: CellValue): string | undefined {
  if (v === null) return undefined;
  let y: number;
  let m: number;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return undefined;
    [y, m] = [v.getUTCFullYear(), v.getUTCMonth() + 1];
  } else {
    const s = String(v).trim();
    const match = MONTH_FORMS.map((re) => re.exec(s)).find(Boolean);
    if (!match) return undefined;
    [y, m] = [Number(match[1]), Number(match[2])];
  }
  if (m < 1 || m > 12 || y < 2000 || y > 2100) return undefined;
  return `${y}-${String(m).padStart(2, '0')}`;
}
