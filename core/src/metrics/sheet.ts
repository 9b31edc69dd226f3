import { sheetError } from './sheet-error.js';
import ExcelJS from 'exceljs';
import { looksLikeText } from '../validation/upload.js';
import { csvRecords } from './csv.js';
import { decodeChunks } from './encoding.js';

/** A spreadsheet's first sheet as text-ish cells: the header row and the data rows with their sheet row numbers. */
export interface SheetTable {
  headers: string[];
  /** `row` is the 1-based row number a user sees in Excel (the header is row 1). */
  rows: { row: number; cells: CellValue[] }[];
}
export type CellValue = string | number | Date | null;

export { isSheetError, sheetError } from './sheet-error.js';

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

/** The decoded pieces of a text file; a character no encoding explains refuses the file where it is met. */
function* checkedText(bytes: Buffer): Generator<string> {
  for (const text of decodeChunks(bytes)) {
    if (text.includes('\uFFFD')) throw sheetError('无法识别 CSV 的文字编码（请另存为“CSV UTF-8”或 GBK 编码的 CSV）');
    yield text;
  }
}

/**
 * RFC 4180 CSV in UTF-8, UTF-16 or GBK/GB18030 (./encoding.ts), decoded and parsed as a stream (./csv.ts): the
 * reading stops at the row cap (header + maxRows, blank lines counted) without decoding the rest of the file.
 */
export function readCsv(bytes: Buffer, maxRows = Infinity): SheetTable {
  let headers: string[] | undefined;
  const rows: SheetTable['rows'] = [];
  let n = 0;
  for (const cells of csvRecords(checkedText(bytes))) {
    n++;
    if (n > maxRows + 1) throw sheetError(`数据行不能超过 ${maxRows} 行`);
    if (headers === undefined) {
      headers = cells.map((h) => h.trim());
      continue;
    }
    const values = cells.map((c) => (c.trim() === '' ? null : c.trim()));
    if (!blank(values)) rows.push({ row: n, cells: values });
  }
  return { headers: headers ?? [], rows };
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
