import { DomainError, isDomainError } from '../errors.js';
import ExcelJS from 'exceljs';
import { looksLikeText } from '../validation/upload.js';
import { decodeText } from './encoding.js';

/** A spreadsheet's first sheet as text-ish cells: the header row and the data rows with their sheet row numbers. */
export interface SheetTable {
  headers: string[];
  /** `row` is the 1-based row number a user sees in Excel (the header is row 1). */
  rows: { row: number; cells: CellValue[] }[];
}
export type CellValue = string | number | Date | null;

/** An unusable file: a 400 with its reason; `isSheetError` tells it from other faults of a read. */
export const sheetError = (message: string) => DomainError.invalid(message, { source: 'sheet' });
export const isSheetError = (e: unknown): e is DomainError =>
  isDomainError(e) && (e.details as { source?: unknown } | undefined)?.source === 'sheet';

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // a zip archive

/** `.xlsx` or `.csv`, told by the bytes first (a zip is a workbook; a CSV must be text), then by the name. */
export function sheetKind(fileName: string, bytes: Buffer): 'xlsx' | 'csv' | null {
  if (XLSX_MAGIC.every((b, i) => bytes[i] === b)) return 'xlsx';
  if (/\.xlsx$/i.test(fileName)) return null; // named a workbook but is not one
  if (/\.(csv|txt)$/i.test(fileName)) return looksLikeText(bytes) ? 'csv' : null;
  return null;
}

export async function readSheet(fileName: string, bytes: Buffer, maxRows: number): Promise<SheetTable> {
  const kind = sheetKind(fileName, bytes);
  if (!kind) throw sheetError('文件须为 Excel（.xlsx）或 CSV（.csv）');
  const table = kind === 'xlsx' ? await readXlsx(bytes) : readCsv(bytes, maxRows);
  if (table.headers.every((h) => h === '')) throw sheetError('文件没有表头行');
  if (table.rows.length === 0) throw sheetError('文件没有数据行');
  if (table.rows.length > maxRows) throw sheetError(`数据行不能超过 ${maxRows} 行（本文件 ${table.rows.length} 行）`);
  return table;
}

const blank = (cells: CellValue[]) => cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

async function readXlsx(bytes: Buffer): Promise<SheetTable> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw sheetError('无法读取 Excel 文件（文件已损坏或不是 .xlsx 格式）');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw sheetError('Excel 文件没有工作表');
  const width = ws.columnCount;
  const read = (r: number): CellValue[] =>
    Array.from({ length: width }, (_, i) => cellValue(ws.getRow(r).getCell(i + 1).value));
  const headers = read(1).map((c) => (c === null ? '' : String(c).trim()));
  const rows: SheetTable['rows'] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const cells = read(r);
    if (!blank(cells)) rows.push({ row: r, cells });
  }
  return { headers, rows };
}

/** Formulas count by their result, rich text by its text, hyperlinks by their text. */
function cellValue(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    if ('result' in v) return cellValue(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(v);
}

/** RFC 4180 CSV in UTF-8, UTF-16 or GBK/GB18030 (./encoding.ts): quoted fields, doubled quotes, CRLF or LF. */
export function readCsv(bytes: Buffer, maxRows = Infinity): SheetTable {
  const { text } = decodeText(bytes);
  if (text.includes('\uFFFD')) throw sheetError('无法识别 CSV 的文字编码（请另存为“CSV UTF-8”或 GBK 编码的 CSV）');
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      // one pass that stops at the row cap (header + maxRows, blank lines counted): no whole-file parse to refuse
      if (records.length > maxRows + 1) throw sheetError(`数据行不能超过 ${maxRows} 行`);
    } else field += ch;
  }
  if (quoted) throw sheetError('CSV 格式错误：引号未闭合');
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  const [head = [], ...data] = records;
  const rows: SheetTable['rows'] = [];
  data.forEach((cells, i) => {
    const values = cells.map((c) => (c.trim() === '' ? null : c.trim()));
    if (!blank(values)) rows.push({ row: i + 2, cells: values });
  });
  return { headers: head.map((h) => h.trim()), rows };
}

export interface XlsxColumn<T> {
  header: string;
  width?: number;
  /** Excel number format, e.g. '0.00%' or '0.0'. */
  format?: string;
  value: (row: T) => string | number | Date | null;
}

/** One sheet with a bold, frozen header row. */
export async function writeXlsx<T>(sheetName: string, columns: XlsxColumn<T>[], rows: T[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Huoban';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(10, c.header.length * 2 + 2) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(columns.map((c) => c.value(r)));
  columns.forEach((c, i) => {
    if (c.format) ws.getColumn(i + 1).numFmt = c.format;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
