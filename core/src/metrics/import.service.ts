import { createHash } from 'node:crypto';
import { creditMonthOf } from '../credit/months.js';
import type { AuditRepository, PartnerRepository, ProgrammeRepository } from '../db/repositories.js';
import type { Actor } from '../db/types.js';
import type { ScorecardInputService } from '../scorecards/inputs.service.js';
import { connectScorecards } from '../scorecards/feature.js';
import type { Core, Feature, ScheduleRun } from '../root.js';
import { QueueName } from '../queues/index.js';
import { MetricsImportHandler } from './handler.js';
import type { ScorecardRepositories } from '../scorecards/repositories.js';
import { DomainError, isDomainError } from '../errors.js';
import { isSheetError, readSheet } from './sheet.js';
import { MetricsRepository, metricsModels, type MetricsImportRecord, type MonthlyMetricRecord } from './store.js';
import type { MetricsImportWake } from './wake.js';
import { validateMetrics, type MetricRow, type RowError } from './validate.js';

export const METRICS_MAX_BYTES = 5 * 1024 * 1024;
export const METRICS_MAX_ROWS = 20_000;
const CHUNK = 200;
/** An upload still storing its rows after this long was interrupted (20,000 rows store in seconds). */
export const METRICS_STALE_MS = 10 * 60_000;

/**
 * A refused upload: 400 (the file itself, with header problems listed), 404 (unknown programme), 422 (rows,
 * listed one by one).
 */
/** A refused upload: the one DomainError; `details` carries the report (`rows` for 422, `errors` for 400). */
const refused = (status: 400 | 404 | 422, message: string, rows: RowError[] = []) =>
  new DomainError(
    status === 404 ? 'not_found' : status === 422 ? 'unprocessable' : 'invalid',
    message,
    status === 422 ? { rows } : rows.length ? { errors: rows } : undefined,
  );

export interface MetricsImportDeps {
  metrics: MetricsRepository;
  programmes: Pick<ProgrammeRepository, 'get'>;
  partners: Pick<PartnerRepository, 'list'>;
  audit: Pick<AuditRepository, 'append' | 'appendMany'>;
  scorecardInputs: Pick<ScorecardRepositories['inputs'], 'closedPeriods'>;
  scorecards: Pick<ScorecardInputService, 'setSuccessRate'>;
  /** Asks the worker to apply a committed import (a wake-up: the import document holds the truth). */
  wake: MetricsImportWake;
}

/** A figure in force, with the partner's name. */
export interface MonthlyMetricView extends MonthlyMetricRecord {
  partnerName: string;
}

/**
 * Monthly metrics import (issue #3 item 7). The whole file is checked before anything is stored (two queries:
 * the programme's partners and its closed scorecard periods). An accepted file's rows are stored under the
 * import, then one write commits the import: from then on, for each partner and month, the row of the newest
 * committed import is in force. Its effects (FT-12a success rates into the scorecard inputs) are applied
 * afterwards by the worker with visible progress; they are idempotent and resume where they stopped. The same
 * file twice changes nothing the second time.
 */
export class MetricsImportService {
  constructor(
    private readonly deps: MetricsImportDeps,
    private readonly now: () => Date = () => new Date(),
    /** Rows applied between two progress writes. */
    private readonly chunk = CHUNK,
  ) {}

  /** Checks, stores and commits an upload, then wakes the worker; `created: false` returns the earlier import of the same bytes. */
  async accept(
    programmeId: string,
    file: { name: string; bytes: Buffer },
    actor: Actor,
  ): Promise<{ created: boolean; record: MetricsImportRecord }> {
    // the size cap before anything else (the api's upload stops reading at it too: 413)
    if (file.bytes.length > METRICS_MAX_BYTES)
      throw new DomainError('too_large', `文件不能超过 ${METRICS_MAX_BYTES / 1024 / 1024} MB`);
    const programme = await this.deps.programmes.get(programmeId);
    if (!programme) throw refused(404, '计划不存在');
    if (file.bytes.length === 0) throw refused(400, '文件为空');
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const earlier = await this.deps.metrics.bySha(programme.id, sha256);
    if (earlier && !(await this.failIfStale(earlier, actor))) return { created: false, record: earlier };

    let table;
    try {
      table = await readSheet(file.name, file.bytes, METRICS_MAX_ROWS);
    } catch (e) {
      if (isSheetError(e)) throw refused(400, e.message);
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
    // the header is row 1: a header problem makes the file itself unusable
    if (errors.some((e) => e.row === 1)) throw refused(400, '表头不符合模板，未导入任何数据', errors);
    if (errors.length) {
      const [first] = errors;
      const column = first.column ? `“${first.column}”` : '';
      throw refused(
        422,
        `第 ${first.row} 行${column}：${first.message}；共 ${errors.length} 处错误，未导入任何数据`,
        errors,
      );
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
      after: {
        programmeId: programme.id,
        fileName: file.name,
        sha256,
        total: record.total,
        months: record.months,
        summary: record.summary,
      },
      at: now,
    });
    await this.deps.wake(record.id);
    return { created: true, record };
  }

  /**
   * Applies a committed import's effects, in the uploader's name, from where it stopped, saving progress every few rows, then marks it
   * done. Safe to run again (a retried job, a restart): unchanged figures write nothing. Only the figure in
   * force is applied: a row that a newer import has replaced is left to that import.
   */
  async apply(importId: string): Promise<MetricsImportRecord | null> {
    const record = await this.deps.metrics.get(importId);
    if (!record || record.status !== 'applying' || !record.committedAt) return record;
    const actor: Actor = { ...record.createdBy, name: record.createdBy.name ?? undefined };
    const programme = await this.deps.programmes.get(record.programmeId);
    const rows = await this.deps.metrics.rowsOf(importId);
    const inForce = new Map(
      (await this.deps.metrics.inForce(record.programmeId, record.months)).map((f) => [
        `${f.partnerId}/${f.month}`,
        f.importId,
      ]),
    );
    const skipped = [...record.skipped];
    for (let k = record.processed; k < rows.length; k += this.chunk) {
      if (programme?.rulebook === 'scorecard')
        for (const r of rows.slice(k, k + this.chunk))
          if (inForce.get(`${r.partnerId}/${r.month}`) === importId) await this.applySuccessRate(r, actor, skipped);
      await this.deps.metrics.progress(importId, Math.min(k + this.chunk, rows.length), skipped);
    }
    const done = await this.deps.metrics.finish(importId, this.now());
    await this.deps.audit.appendMany([
      {
        key: `metrics-import-applied-${importId}`,
        actor,
        action: 'metrics.import_applied',
        entity: 'metrics_import',
        entityId: importId,
        after: { total: record.total, skipped: skipped.length },
        at: this.now(),
      },
    ]);
    return done;
  }

  /**
   * After a restart: marks failed the uploads interrupted while storing their rows, and returns the committed
   * imports whose effects are not applied yet (the worker wakes itself for each).
   */
  async recover(actor: Actor): Promise<string[]> {
    for (const i of await this.deps.metrics.list({ status: 'applying', committed: false }))
      await this.failIfStale(i, actor);
    return (await this.deps.metrics.list({ status: 'applying', committed: true })).map((i) => i.id);
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

  /** The figures in force for one month, with the partners' names (one query for the names). */
  async month(programmeId: string, month: string): Promise<MonthlyMetricView[]> {
    const [figures, partners] = await Promise.all([
      this.deps.metrics.inForce(programmeId, [month]),
      this.deps.partners.list({ programmeId }),
    ]);
    const names = new Map(partners.map((p) => [p.id, p.name]));
    return figures.map((f) => ({ ...f, partnerName: names.get(f.partnerId) ?? '' }));
  }

  /** An upload that stopped while storing its rows never counted: it is marked failed and its file may come again. */
  private async failIfStale(i: MetricsImportRecord, actor: Actor): Promise<boolean> {
    const now = this.now();
    if (i.status !== 'applying' || i.committedAt || now.getTime() - i.createdAt.getTime() < METRICS_STALE_MS)
      return false;
    await this.deps.metrics.fail(i.id, now);
    await this.deps.audit.append({
      actor,
      action: 'metrics.import_failed',
      entity: 'metrics_import',
      entityId: i.id,
      reason: '上传中断，数据未全部保存，本次导入未生效，请重新上传',
      at: now,
    });
    return true;
  }

  /** FT-12a: the month's success rate into the scorecard inputs (unchanged figures write nothing). */
  private async applySuccessRate(r: MetricRow, actor: Actor, skipped: RowError[]): Promise<void> {
    if (r.successRate === null) return;
    try {
      await this.deps.scorecards.setSuccessRate(r.partnerId, r.month, r.successRate, actor, this.now());
    } catch (e) {
      if (!isDomainError(e) || e.code === 'invalid') throw e;
      // closed since the check (409), or the partner is gone (404): reported on the import, once
      if (skipped.some((s) => s.row === r.row)) return;
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

export type MetricsImportsFeature = Feature<
  MetricsImportService,
  { [QueueName.MetricsImports]: MetricsImportHandler; 'metrics-import-recover': ScheduleRun }
>;

/**
 * The import service on the composition root (api, worker and tests), with the worker's handlers: applying an import
 * on its wake-up, and resuming interrupted ones.
 */
export async function connectMetricsImports(
  core: Core,
  wake: MetricsImportWake,
  log?: (message: string) => void,
): Promise<MetricsImportsFeature> {
  const scorecards = await connectScorecards(core);
  const { programmes, partners, audit } = core.repos;
  const service = new MetricsImportService(
    {
      metrics: new MetricsRepository(await metricsModels(core.conn)),
      programmes,
      partners,
      audit,
      scorecardInputs: scorecards.repos.inputs,
      scorecards: scorecards.inputs,
      wake,
    },
    core.now,
  );
  const handler = new MetricsImportHandler(service, wake, log);
  return {
    service,
    handlers: { [QueueName.MetricsImports]: handler, 'metrics-import-recover': () => handler.recover() },
  };
}
