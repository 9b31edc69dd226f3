/**
 * Complaints import, the row checks (WT-4, FT-12, FT-13): the header mapped by its Chinese column names, then every
 * row checked (partner of the programme and allowed to file, kind, channel, summary, 受理时间 in Beijing time within
 * the last year, 外部编号 unique in the file), every bad cell reported as `{row, column, field, value, message}`.
 */
import { COMPLAINT_CHANNELS, type ComplaintChannel, type ComplaintKind, type PartnerStatus } from '../db/types.js';
import { CHANNEL_NAMES } from '../labels/index.js';
import { mayFile } from '../partners/lifecycle.js';
import type { CellValue, SheetTable } from '../metrics/sheet.js';
import type { RowError } from '../metrics/validate.js';
import { receivedAtProblem } from './rules.js';

export { CHANNEL_NAMES };

export type ComplaintImportField = 'partnerCode' | 'kind' | 'channel' | 'summary' | 'receivedAt' | 'externalNo';
export type ComplaintRowError = Omit<RowError, 'field'> & { field: ComplaintImportField | null };

export const COMPLAINT_IMPORT_COLUMNS: Record<
  ComplaintImportField,
  { label: string; aliases: string[]; required: boolean }
> = {
  partnerCode: { label: '伙伴编码', aliases: ['伙伴编码', '伙伴代码', '渠道编码', 'partnercode'], required: true },
  kind: { label: '投诉类型', aliases: ['投诉类型', '类型', 'kind'], required: true },
  channel: { label: '渠道', aliases: ['渠道', '投诉渠道', '来源渠道', 'channel'], required: true },
  summary: { label: '摘要', aliases: ['摘要', '投诉摘要', '投诉内容', '内容', 'summary'], required: true },
  receivedAt: { label: '受理时间', aliases: ['受理时间', '接收时间', '投诉时间', 'receivedat'], required: true },
  externalNo: { label: '外部编号', aliases: ['外部编号', '工单号', '原工单号', 'externalno'], required: false },
};
const FIELDS = Object.keys(COMPLAINT_IMPORT_COLUMNS) as ComplaintImportField[];

const KIND_NAMES: Record<string, ComplaintKind> = {
  普通: 'ordinary',
  普通投诉: 'ordinary',
  ordinary: 'ordinary',
  升级: 'escalated',
  升级投诉: 'escalated',
  escalated: 'escalated',
};

const normalise = (h: string) => h.toLowerCase().replace(/[\s_\-()（）[\]【】]/g, '');
const CHANNELS = new Map<string, ComplaintChannel>(
  COMPLAINT_CHANNELS.flatMap((c) => [
    [normalise(c), c],
    [normalise(CHANNEL_NAMES[c]), c],
  ]),
);

export interface ComplaintImportRow {
  row: number;
  partnerId: string;
  partnerCode: string;
  kind: ComplaintKind;
  channel: ComplaintChannel;
  summary: string;
  receivedAt: Date;
  externalNo: string | null;
}

export interface ComplaintImportContext {
  /** the programme's partners by code */
  partners: Map<string, { id: string; status: string }>;
  now: Date;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // China keeps UTC+8 all year
const TIME_FORMS =
  /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2}))?秒?)?$/;

/**
 * 受理时间 as an instant: text in Beijing time (2026-11-30 09:15, 2026/11/30 9:15:00, 2026年11月30日 9:15), ISO 8601
 * with an offset, or an Excel date-time (ExcelJS reads its wall clock as UTC: it is Beijing time).
 */
export function parseReceivedAt(v: CellValue): Date | undefined {
  if (v === null) return undefined;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : new Date(v.getTime() - SHANGHAI_OFFSET_MS);
  if (typeof v === 'number') return undefined;
  const s = v.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const m = TIME_FORMS.exec(s);
  if (!m || m[4] === undefined) return undefined; // a time of day is required: the clock starts there
  const [y, mo, d, h, mi, se] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return undefined;
  const t = Date.UTC(y, mo - 1, d, h, mi, se);
  if (new Date(t).getUTCDate() !== d) return undefined; // 2026-02-30
  return new Date(t - SHANGHAI_OFFSET_MS);
}

/** Maps the header, then checks every row; all errors are collected, none stops the check. */
export function validateComplaintRows(
  table: SheetTable,
  ctx: ComplaintImportContext,
): { rows: ComplaintImportRow[]; errors: ComplaintRowError[] } {
  const errors: ComplaintRowError[] = [];
  const index = new Map<ComplaintImportField, number>();
  const header = (field: ComplaintImportField | null, value: string | null, message: string) =>
    errors.push({ row: 1, column: field ? COMPLAINT_IMPORT_COLUMNS[field].label : '', field, value, message });
  table.headers.forEach((h, i) => {
    const n = normalise(h);
    const field = FIELDS.find((f) => COMPLAINT_IMPORT_COLUMNS[f].aliases.some((a) => normalise(a) === n));
    if (!field) return;
    if (index.has(field))
      header(field, h, `列“${h}”重复（与第 ${index.get(field)! + 1} 列同为${COMPLAINT_IMPORT_COLUMNS[field].label}）`);
    else index.set(field, i);
  });
  for (const f of FIELDS)
    if (COMPLAINT_IMPORT_COLUMNS[f].required && !index.has(f))
      header(f, null, `缺少“${COMPLAINT_IMPORT_COLUMNS[f].label}”列`);
  if (errors.length) return { rows: [], errors };

  const rows: ComplaintImportRow[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const at = (f: ComplaintImportField): CellValue => (index.has(f) ? (cells[index.get(f)!] ?? null) : null);
    const text = (f: ComplaintImportField) => (at(f) === null ? '' : String(at(f)).trim());
    const before = errors.length;
    const fail = (f: ComplaintImportField, message: string) => {
      const v = at(f);
      errors.push({
        row,
        column: COMPLAINT_IMPORT_COLUMNS[f].label,
        field: f,
        value: v === null ? null : v instanceof Date ? v.toISOString() : String(v),
        message,
      });
    };

    const code = text('partnerCode');
    const partner = code ? ctx.partners.get(code) : undefined;
    if (!code) fail('partnerCode', '伙伴编码不能为空');
    else if (!partner) fail('partnerCode', `伙伴编码“${code}”不是本计划的伙伴`);
    else if (!mayFile(partner.status as PartnerStatus)) fail('partnerCode', `伙伴“${code}”已退出，不能再登记投诉`);

    const kind = KIND_NAMES[normalise(text('kind'))];
    if (!kind) fail('kind', '投诉类型须为“普通”或“升级”');
    const channel = CHANNELS.get(normalise(text('channel')));
    if (!channel) fail('channel', `渠道须为：${Object.values(CHANNEL_NAMES).join('、')}`);
    const summary = text('summary');
    if (!summary) fail('summary', '摘要不能为空');
    else if (summary.length > 2000) fail('summary', '摘要不能超过 2000 字');

    const receivedAt = parseReceivedAt(at('receivedAt'));
    if (!receivedAt)
      fail('receivedAt', '受理时间须为北京时间“YYYY-MM-DD HH:mm”（如 2026-11-30 09:15）或 Excel 日期时间');
    else {
      const problem = receivedAtProblem(receivedAt, ctx.now);
      if (problem) fail('receivedAt', problem.message.replace('receivedAt', '受理时间'));
    }

    const externalNo = text('externalNo') || null;
    if (externalNo && externalNo.length > 100) fail('externalNo', '外部编号不能超过 100 个字符');
    else if (externalNo) {
      if (seen.has(externalNo)) fail('externalNo', `与第 ${seen.get(externalNo)} 行的外部编号重复`);
      else seen.set(externalNo, row);
    }

    if (errors.length === before)
      rows.push({
        row,
        partnerId: partner!.id,
        partnerCode: code,
        kind: kind!,
        channel: channel!,
        summary,
        receivedAt: receivedAt!,
        externalNo,
      });
  }
  return { rows, errors };
}
