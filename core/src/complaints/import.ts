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
import { isDuplicateKey } from '../db/connection.js';
import type {
  AuditRepository,
  ComplaintRepository,
  PartnerRepository,
  ProgrammeRepository,
} from '../db/repositories.js';
import type { Caller } from '../db/types.js';
import { DomainError } from '../errors.js';
import { isSheetError, readSheet } from '../metrics/sheet.js';
import type { ComplaintImportRecord, ComplaintImportRepository } from './import-store.js';
import { validateComplaintRows, type ComplaintImportRow, type ComplaintRowError } from './import-rows.js';
import type { ComplaintService } from './service.js';

export * from './import-rows.js';
export * from './import-store.js';

/* ---------- the use-case ---------- */

export const COMPLAINT_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
/** Each row is registered one by one (a deadline, a sequence number, timers): a few thousand take seconds. */
export const COMPLAINT_IMPORT_MAX_ROWS = 2000;

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
    // the size cap before anything else (the api's upload stops reading at it too: 413)
    if (file.bytes.length > COMPLAINT_IMPORT_MAX_BYTES)
      throw new DomainError('too_large', `文件不能超过 ${COMPLAINT_IMPORT_MAX_BYTES / 1024 / 1024} MB`);
    const programme = await this.d.programmes.get(programmeId);
    if (!programme) throw refused('not_found', '计划不存在');
    if (file.bytes.length === 0) throw refused('invalid', '文件为空');
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const earlier = await this.d.imports.bySha(programme.id, sha256);
    if (earlier?.status === 'done') return { created: false, record: earlier };

    let table;
    try {
      table = await readSheet(file.name, file.bytes, COMPLAINT_IMPORT_MAX_ROWS);
    } catch (e) {
      if (isSheetError(e)) throw refused('invalid', e.message);
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
          // a concurrent run registered it under the same claimed id; any other duplicate is an error, never an id
          // answered for a complaint that is not stored
          if (!isDuplicateKey(e) || !(await this.d.complaints.get(claim.complaintId))) throw e;
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
