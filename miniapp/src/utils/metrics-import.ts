// Pure helpers of the monthly metrics import and the file downloads (no Taro imports, so they run under node --test).
import { toApiError } from '@/services/api-error';
import type { ImportRowError, MetricsImport } from '@/services/types';

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_EXTENSIONS = ['xlsx', 'csv'];

/** A column of an import's help text: its Chinese and English header and what it takes. */
export interface ImportColumn {
  zh: string;
  en: string;
  note: string;
}

/** The column every sheet import keys its rows by (the metrics and the complaints imports). */
export const PARTNER_CODE_COLUMN = { zh: '伙伴编码', en: 'partnerCode' } as const;

/** The columns the import recognises (Chinese or English header text), for the page's help text. */
export const IMPORT_COLUMNS: ImportColumn[] = [
  { ...PARTNER_CODE_COLUMN, note: '必填' },
  { zh: '月份', en: 'month', note: '必填，如 2026-07，不能是未来月份' },
  { zh: '结算前收入', en: 'revenue', note: '元，≥ 0，最多两位小数' },
  { zh: '交易成功率', en: 'successRate', note: '0–1 或百分数，如 99.85%' },
  { zh: '客户数', en: 'customers', note: '非负整数' },
];

/** What an import page says about its sheet: the element id prefix, the file field's label, the columns. */
export interface SheetKind {
  /** element ids start with it (E2E `#<prefix>-file-input`, `#<prefix>-submit`) */
  prefix: string;
  fileLabel: string;
  columns: ImportColumn[];
  /** a last help line under the columns */
  note?: string;
}

/** 月度数据导入 */
export const METRICS_SHEET: SheetKind = {
  prefix: 'import',
  fileLabel: '数据文件（.xlsx 或 .csv，不超过 5 MB / 20,000 行）',
  columns: IMPORT_COLUMNS,
  note: '每行至少填写收入、成功率、客户数之一；已结算考核期的交易成功率不能再导入。',
};

/** Why a chosen file cannot be uploaded ('' when it can): .xlsx or .csv, not empty, at most 5 MB. */
export function checkImportFile(name: string, size: number): string {
  const ext = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  if (!IMPORT_EXTENSIONS.includes(ext)) return '请选择 .xlsx 或 .csv 文件';
  if (size <= 0) return '文件是空的';
  if (size > IMPORT_MAX_BYTES) return '文件不能超过 5 MB';
  return '';
}

export type ImportOutcome<R = MetricsImport> =
  /** 202: accepted, being applied (201: registered at once, the complaints import) */
  | { kind: 'accepted'; record: R }
  /** 200: the same file was imported before; nothing changed */
  | { kind: 'duplicate'; record: R }
  /** 422: some rows are invalid; nothing was stored */
  | { kind: 'rejected'; message: string; rows: ImportRowError[] };

/** Reads the upload's response (the body may still be JSON text, as wx.uploadFile gives it); throws ApiError otherwise. */
export function readImportResponse<R = MetricsImport>(status: number, raw: unknown): ImportOutcome<R> {
  let body = raw;
  if (typeof raw === 'string') {
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
  }
  const obj = body && typeof body === 'object' ? (body as Record<string, unknown>) : null;
  if ((status === 200 || status === 201 || status === 202) && obj && typeof obj.id === 'string') {
    return { kind: status === 200 ? 'duplicate' : 'accepted', record: obj as unknown as R };
  }
  if (status === 422 && obj && Array.isArray(obj.rows)) {
    const rows = (obj.rows as ImportRowError[]).slice().sort((a, b) => a.row - b.row);
    const message = typeof obj.message === 'string' ? obj.message : `共 ${rows.length} 处错误，未导入任何数据`;
    return { kind: 'rejected', message, rows };
  }
  throw toApiError(status, body);
}

/** Progress of an import being applied: percent 0..100 and its Chinese text. */
export function importProgress(record: Pick<MetricsImport, 'status' | 'total' | 'processed'>): {
  percent: number;
  text: string;
  finished: boolean;
} {
  const { status, total, processed } = record;
  const percent = status === 'done' ? 100 : total > 0 ? Math.min(100, Math.floor((processed / total) * 100)) : 0;
  if (status === 'done') return { percent, text: `导入完成，共 ${total} 行`, finished: true };
  if (status === 'failed') return { percent, text: `导入失败（已处理 ${processed}/${total} 行）`, finished: true };
  return { percent, text: `正在导入 ${processed}/${total} 行（${percent}%）`, finished: false };
}

/**
 * The file name of an attachment from its Content-Disposition header: `filename*=UTF-8''<urlencoded>` first,
 * then `filename="…"`; `fallback` when neither is readable (e.g. the header is not exposed to the page).
 */
export function filenameFromDisposition(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]+)"|filename\s*=\s*([^;]+)/.exec(header);
  const name = (plain?.[1] ?? plain?.[2] ?? '').trim();
  return name || fallback;
}
