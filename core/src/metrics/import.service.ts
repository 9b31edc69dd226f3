import { createHash } from 'node:crypto';
import { creditMonthOf } from '../credit/months.js';
import type { AuditRepository, PartnerRepository, ProgrammeRepository } from '../db/repositories.js';
import type { Actor } from '../db/types.js';
import type { ScorecardInputService } from '../scorecards/inputs.service.js';
import type { ScorecardRepositories } from '../scorecards/repositories.js';
import { ScorecardError } from '../scorecards/types.js';
import { SheetError, readSheet } from './sheet.js';
import type { MetricsImportRecord, MetricsRepository, MonthlyMetricRecord } from './store.js';
import { validateMetrics, type MetricRow, type RowError } from './validate.js';

export const METRICS_MAX_BYTES = 5 * 1024 * 1024;
export const METRICS_MAX_ROWS = 20_000;
const CHUNK = 200;

/** A refused upload: 400 (the file itself), 404 (unknown programme or import), 422 (rows, listed one by one). */
export class MetricsImportError extends Error {
  constructor(
    readonly status: 400 | 404 | 422,
    message: string,
    readonly rows: RowError[] = [],
  ) {
    super(message);
  }
}

export interface MetricsImportDeps {
  metrics: MetricsRepository;
  programmes: Pick<ProgrammeRepository, 'get'>;
  partners: Pick<PartnerRepository, 'list'>;
  audit: Pick<AuditRepository, 'append'>;
  scorecardInputs: Pick<ScorecardRepositories['inputs'], 'closedPeriods'>;
  scorecards: Pick<ScorecardInputService, 'setSuccessRate'>;
}

/**
 * Monthly metrics import (issue #3 item 7). The whole file is checked before anything is stored; an accepted
 * file's rows are stored with the import, then its effects are applied in the background with visible progress
 * (FT-12a success rates into the partners' scorecard inputs), and one last write marks the import done, which
 * is when its figures start to count. Every step is idempotent, so an import interrupted by a restart is
 * finished by `resume()`; the same file twice changes nothing the second time.
 */
export class MetricsImportService {
  private readonly running = new Map<string, Promise<MetricsImportRecord | null>>();

  constructor(
    private readonly deps: MetricsImportDeps,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Checks and stores an upload; `created: false` returns the earlier import of the same bytes. */
  async accept(
    programmeId: string,
    file: { name: string; bytes: Buffer },
    actor: Actor,
  ): Promise<{ created: boolean; record: MetricsImportRecord }> {
    const programme = await this.deps.programmes.get(programmeId);
    if (!programme) throw new MetricsImportError(404, '计划不存在');
    if (file.bytes.length === 0) throw new MetricsImportError(400, '文件为空');
    if (file.bytes.length > METRICS_MAX_BYTES)
      throw new MetricsImportError(400, `文件不能超过 ${METRICS_MAX_BYTES / 1024 / 1024} MB`);
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const earlier = await this.deps.metrics.bySha(programme.id, sha256);
    if (earlier) return { created: false, record: earlier };

    let table;
    try {
      table = await readSheet(file.name, file.bytes, METRICS_MAX_ROWS);
    } catch (e) {
      if (e instanceof SheetError) throw new MetricsImportError(400, e.message);
      throw e;
    }
    const now = this.now();
    const [partners, closedPeriods] = await Promise.all([
      this.deps.partners.list({ programmeId: programme.id }),
      programme.rulebook === 'scorecard'
        ? this.deps.scorecardInputs.closedPeriods(programme.id)
        : Promise.resolve(new Set<string>()),
    ]);
    const { rows, errors } = validateMetrics(table, {
      partners: new Map(partners.map((p) => [p.code, { id: p.id }])),
      closedPeriods,
      currentMonth: creditMonthOf(now),
    });
    if (errors.length) {
      const lines = new Set(errors.map((e) => e.row)).size;
      throw new MetricsImportError(422, `共 ${lines} 行 ${errors.length} 处错误，未导入任何数据`, errors);
    }

    const record = await this.deps.metrics.create({
      programmeId: programme.id,
      fileName: file.name,
      sha256,
      rows,
      actor,
      at: now,
    });
    if (!record) {
      // the same file arrived twice at once: the other upload stored it
      return { created: false, record: (await this.deps.metrics.bySha(programme.id, sha256))! };
    }
    await this.deps.audit.append({
      actor,
      action: 'metrics.import_accepted',
      entity: 'metrics_import',
      entityId: record.id,
      after: { programmeId: programme.id, fileName: file.name, sha256, rows: record.total, months: record.months },
      at: now,
    });
    return { created: true, record };
  }

  /** Applies an accepted import to the end (at most one run per import in this process). */
  apply(importId: string, actor: Actor): Promise<MetricsImportRecord | null> {
    let run = this.running.get(importId);
    if (!run) {
      run = this.run(importId, actor).finally(() => this.running.delete(importId));
      this.running.set(importId, run);
    }
    return run;
  }

  /** Finishes imports a restart interrupted; one whose rows were not all stored is discarded (it never counted). */
  async resume(actor: Actor): Promise<number> {
    const open = await this.deps.metrics.list({ status: 'applying' });
    for (const i of open) await this.apply(i.id, actor);
    return open.length;
  }

  get(id: string): Promise<MetricsImportRecord | null> {
    return this.deps.metrics.get(id);
  }

  list(programmeId?: string): Promise<MetricsImportRecord[]> {
    return this.deps.metrics.list({ programmeId });
  }

  inForce(programmeId: string, months: string[]): Promise<MonthlyMetricRecord[]> {
    return this.deps.metrics.inForce(programmeId, months);
  }

  private async run(importId: string, actor: Actor): Promise<MetricsImportRecord | null> {
    const record = await this.deps.metrics.get(importId);
    if (!record || record.status === 'done') return record;
    const rows = await this.deps.metrics.rowsOf(importId);
    if (rows.length !== record.total) {
      await this.deps.metrics.discard(importId);
      await this.deps.audit.append({
        actor,
        action: 'metrics.import_discarded',
        entity: 'metrics_import',
        entityId: importId,
        reason: `导入中断：仅保存了 ${rows.length}/${record.total} 行，已作废，请重新上传`,
        at: this.now(),
      });
      return null;
    }
    const programme = await this.deps.programmes.get(record.programmeId);
    const skipped: RowError[] = [];
    for (let k = 0; k < rows.length; k += CHUNK) {
      if (programme?.rulebook === 'scorecard')
        for (const r of rows.slice(k, k + CHUNK)) await this.applySuccessRate(r, actor, skipped);
      await this.deps.metrics.progress(importId, Math.min(k + CHUNK, rows.length), skipped);
    }
    const done = await this.deps.metrics.finish(importId, this.now());
    await this.deps.audit.append({
      actor,
      action: 'metrics.import_applied',
      entity: 'metrics_import',
      entityId: importId,
      after: { rows: record.total, skipped: skipped.length, summary: record.summary },
      at: this.now(),
    });
    return done;
  }

  /** FT-12a: the month's success rate into the scorecard inputs (unchanged figures write nothing). */
  private async applySuccessRate(r: MetricRow, actor: Actor, skipped: RowError[]): Promise<void> {
    if (r.successRate === null) return;
    try {
      await this.deps.scorecards.setSuccessRate(r.partnerId, r.month, r.successRate, actor, this.now());
    } catch (e) {
      if (!(e instanceof ScorecardError) || e.status === 400) throw e;
      // closed or moved since the check (409), or the partner is gone (404): reported on the import
      skipped.push({
        row: r.row,
        column: '交易成功率',
        field: 'successRate',
        value: String(r.successRate),
        message: e.message,
      });
    }
  }
}
