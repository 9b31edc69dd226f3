/**
 * Complaints import (issue #11 item 1; WT-4, FT-12, FT-13): existing complaints from other systems, with their
 * original `receivedAt`, from Excel or CSV, checked row by row like the monthly metrics import (the same sheet
 * reader and row report `{row, column, field, value, message}`): 400 for an unusable file or header, 422 with
 * every bad cell and nothing stored, the same bytes twice → the earlier import and nothing changes.
 *
 * Each row is registered through ComplaintService (deadline from core/calendar, SLA timers; one already past
 * due breaches at once through the SLA handler, exactly once as for any complaint). Every row has an
 * idempotency key — its 外部编号 within the programme, or the file's sha256 and the row number — claimed by an
 * insert under a unique index before the complaint is created under the claimed id: a re-import, a retry or an
 * interrupted import run again never creates a complaint twice.
 */
import { createHash } from 'node:crypto';
import { Schema, Types, type Connection, type Model } from 'mongoose';
import { isDuplicateKey } from '../db/connection.js';
import type {
  AuditRepository,
  ComplaintRepository,
  PartnerRepository,
  ProgrammeRepository,
} from '../db/repositories.js';
import {
  COMPLAINT_CHANNELS,
  type Actor,
  type Caller,
  type ComplaintChannel,
  type ComplaintKind,
  type PartnerStatus,
} from '../db/types.js';
import { DomainError } from '../errors.js';
import { mayFile } from '../partners/lifecycle.js';
import { SheetError, readSheet, type CellValue, type SheetTable } from '../metrics/sheet.js';
import type { RowError } from '../metrics/validate.js';
import { receivedAtProblem, type ComplaintService } from './service.js';

export const COMPLAINT_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
/** Each row is registered one by one (a deadline, a sequence number, timers): a few thousand take seconds. */
export const COMPLAINT_IMPORT_MAX_ROWS = 2000;

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

/** Chinese names of the channels (as the mini-program shows them) and their codes. */
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

/* ---------- storage: the imports and the row keys ---------- */

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;
type AnyModel = Model<any>;
const schema = (definition: Record<string, unknown>, options: Record<string, unknown>): Schema<any> =>
  new Schema<any>(definition as any, options);
const oid = (id: string) => new Types.ObjectId(id);

/** `applying` while its rows are registered (an interrupted one resumes when the same file comes again). */
export type ComplaintImportStatus = 'applying' | 'done';

export interface ComplaintImportRecord {
  id: string;
  programmeId: string;
  fileName: string;
  sha256: string;
  status: ComplaintImportStatus;
  total: number;
  /** complaints this import registered */
  created: number;
  /** rows whose 外部编号 an earlier import had registered already (left as they are) */
  existing: number;
  complaintIds: string[];
  createdAt: Date;
  createdBy: Omit<Actor, 'name'> & { name: string | null };
  finishedAt: Date | null;
}

const importSchema = schema(
  {
    programmeId: { type: Types.ObjectId, required: true },
    fileName: { type: String, required: true },
    sha256: { type: String, required: true },
    status: { type: String, required: true },
    total: { type: Number, required: true },
    created: { type: Number, default: 0 },
    existing: { type: Number, default: 0 },
    complaintIds: { type: [Types.ObjectId], default: [] },
    createdAt: { type: Date, required: true },
    createdBy: { type: { type: String }, id: String, role: String, name: String },
    finishedAt: { type: Date, default: null },
  },
  { collection: 'complaint_imports' },
);
importSchema.index({ programmeId: 1, sha256: 1 }, { unique: true });

/** One per imported row: its idempotency key and the complaint id claimed for it. */
const keySchema = schema(
  {
    key: { type: String, required: true, unique: true },
    complaintId: { type: Types.ObjectId, required: true },
    importId: { type: Types.ObjectId, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'complaint_import_keys' },
);

function toImport(d: Doc): ComplaintImportRecord {
  return {
    id: String(d._id),
    programmeId: String(d.programmeId),
    fileName: d.fileName,
    sha256: d.sha256,
    status: d.status,
    total: d.total,
    created: d.created ?? 0,
    existing: d.existing ?? 0,
    complaintIds: (d.complaintIds ?? []).map(String),
    createdAt: d.createdAt,
    createdBy: {
      type: d.createdBy?.type,
      id: d.createdBy?.id,
      role: d.createdBy?.role,
      name: d.createdBy?.name ?? null,
    },
    finishedAt: d.finishedAt ?? null,
  };
}

export class ComplaintImportRepository {
  constructor(private readonly m: { Import: AnyModel; Key: AnyModel }) {}

  async bySha(programmeId: string, sha256: string): Promise<ComplaintImportRecord | null> {
    const d = await this.m.Import.findOne({ programmeId: oid(programmeId), sha256 }).lean();
    return d ? toImport(d) : null;
  }
  async get(id: string): Promise<ComplaintImportRecord | null> {
    if (!Types.ObjectId.isValid(id) || String(new Types.ObjectId(id)) !== id) return null;
    const d = await this.m.Import.findOne({ _id: oid(id) }).lean();
    return d ? toImport(d) : null;
  }
  async list(programmeId?: string, limit = 50): Promise<ComplaintImportRecord[]> {
    const q = programmeId ? { programmeId: oid(programmeId) } : {};
    return (await this.m.Import.find(q).sort({ createdAt: -1 }).limit(limit).lean()).map(toImport);
  }
  /** null when the same file of the programme is stored already (unique index). */
  async create(
    i: Omit<ComplaintImportRecord, 'id' | 'created' | 'existing' | 'complaintIds' | 'finishedAt' | 'status'>,
  ) {
    try {
      const d = await this.m.Import.create({ ...i, programmeId: oid(i.programmeId), status: 'applying' });
      return toImport(d.toObject());
    } catch (e) {
      if (isDuplicateKey(e)) return null;
      throw e;
    }
  }
  async finish(id: string, r: { created: number; existing: number; complaintIds: string[] }, at: Date) {
    const d = await this.m.Import.findOneAndUpdate(
      { _id: oid(id) },
      { $set: { ...r, complaintIds: r.complaintIds.map(oid), status: 'done', finishedAt: at } },
      { new: true },
    ).lean();
    return toImport(d as Doc);
  }
  /** Claims `key` for a new complaint id; the earlier claim (its complaint id and import) when the key is taken. */
  async claim(key: string, importId: string, at: Date): Promise<{ complaintId: string; importId: string }> {
    const complaintId = new Types.ObjectId();
    try {
      await this.m.Key.create({ key, complaintId, importId: oid(importId), at });
      return { complaintId: String(complaintId), importId };
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const d = (await this.m.Key.findOne({ key }).lean()) as Doc;
      return { complaintId: String(d.complaintId), importId: String(d.importId) };
    }
  }
}

export async function complaintImportModels(conn: Connection) {
  const Import = conn.models.ComplaintImport ?? conn.model('ComplaintImport', importSchema);
  const Key = conn.models.ComplaintImportKey ?? conn.model('ComplaintImportKey', keySchema);
  await Promise.all([Import.createIndexes(), Key.createIndexes()]);
  return { Import, Key };
}

/* ---------- the use-case ---------- */

export interface ComplaintImportDeps {
  imports: ComplaintImportRepository;
  complaints: Pick<ComplaintRepository, 'get'>;
  programmes: Pick<ProgrammeRepository, 'get'>;
  partners: Pick<PartnerRepository, 'list'>;
  audit: Pick<AuditRepository, 'append'>;
  service: Pick<ComplaintService, 'registerImported'>;
  now?: () => Date;
}

const refused = (code: 'invalid' | 'not_found' | 'unprocessable', message: string, rows: ComplaintRowError[] = []) =>
  new DomainError(code, message, code === 'unprocessable' ? { rows } : rows.length ? { errors: rows } : undefined);

export class ComplaintImportService {
  private readonly now: () => Date;
  constructor(private readonly d: ComplaintImportDeps) {
    this.now = d.now ?? (() => new Date());
  }

  /** Checks the whole file, then registers its rows; `created: false` returns the earlier import of the same bytes. */
  async accept(
    programmeId: string,
    file: { name: string; bytes: Buffer },
    caller: Caller,
  ): Promise<{ created: boolean; record: ComplaintImportRecord }> {
    const programme = await this.d.programmes.get(programmeId);
    if (!programme) throw refused('not_found', '计划不存在');
    if (file.bytes.length === 0) throw refused('invalid', '文件为空');
    if (file.bytes.length > COMPLAINT_IMPORT_MAX_BYTES)
      throw refused('invalid', `文件不能超过 ${COMPLAINT_IMPORT_MAX_BYTES / 1024 / 1024} MB`);
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const earlier = await this.d.imports.bySha(programme.id, sha256);
    if (earlier?.status === 'done') return { created: false, record: earlier };

    let table;
    try {
      table = await readSheet(file.name, file.bytes, COMPLAINT_IMPORT_MAX_ROWS);
    } catch (e) {
      if (e instanceof SheetError) throw refused('invalid', e.message);
      throw e;
    }
    const now = this.now();
    const partners = await this.d.partners.list({ programmeId: programme.id });
    const { rows, errors } = validateComplaintRows(table, {
      partners: new Map(partners.map((p) => [p.code, { id: p.id, status: p.status }])),
      now,
    });
    if (errors.some((e) => e.row === 1)) throw refused('invalid', '表头不符合模板，未导入任何数据', errors);
    if (errors.length) {
      const [first] = errors;
      throw refused(
        'unprocessable',
        `第 ${first.row} 行“${first.column}”：${first.message}；共 ${errors.length} 处错误，未导入任何数据`,
        errors,
      );
    }

    const actor = caller.actor;
    // an interrupted import of the same file resumes under its own record (its row keys find what it stored)
    const record =
      earlier ??
      (await this.d.imports.create({
        programmeId: programme.id,
        fileName: file.name,
        sha256,
        total: rows.length,
        createdAt: now,
        createdBy: { ...actor, name: actor.name ?? null },
      }));
    if (!record) {
      // the same file arrived twice at once: the other upload registers it
      return { created: false, record: (await this.d.imports.bySha(programme.id, sha256))! };
    }
    const done = await this.apply(record, rows, caller);
    await this.d.audit.append({
      actor,
      action: 'complaint.import_accepted',
      entity: 'complaint_import',
      entityId: done.id,
      after: {
        programmeId: programme.id,
        fileName: file.name,
        sha256,
        total: done.total,
        created: done.created,
        existing: done.existing,
      },
      at: this.now(),
    });
    return { created: !earlier, record: done };
  }

  private async apply(record: ComplaintImportRecord, rows: ComplaintImportRow[], caller: Caller) {
    let existing = 0;
    const ids: string[] = [];
    for (const r of rows) {
      const key = r.externalNo
        ? `${record.programmeId}:ext:${r.externalNo}`
        : `${record.programmeId}:file:${record.sha256}:${r.row}`;
      const claim = await this.d.imports.claim(key, record.id, this.now());
      const ours = claim.importId === record.id;
      // a claimed key whose complaint exists was registered before: by another import, or by this one before a stop
      if (!(await this.d.complaints.get(claim.complaintId))) {
        try {
          await this.d.service.registerImported(
            { ...r, id: claim.complaintId, importId: claim.importId, externalNo: r.externalNo },
            caller,
          );
        } catch (e) {
          if (!isDuplicateKey(e)) throw e; // a concurrent run registered it under the same claimed id
        }
      }
      if (ours) ids.push(claim.complaintId);
      else existing++;
    }
    return this.d.imports.finish(record.id, { created: ids.length, existing, complaintIds: ids }, this.now());
  }

  get(id: string) {
    return this.d.imports.get(id);
  }
  list(programmeId?: string) {
    return this.d.imports.list(programmeId);
  }
}

/** The CSV template: the header and one example row (UTF-8 with a BOM, so Excel reads the Chinese). */
export const COMPLAINT_IMPORT_TEMPLATE =
  '\uFEFF伙伴编码,投诉类型,渠道,摘要,受理时间,外部编号\r\nP001,普通,10086热线,客户反映扣费未到账,2026-11-30 09:15,GD-2026-000123\r\n';
