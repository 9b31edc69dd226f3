import { workingDayDeadline, type WorkCalendar } from '../calendar/index.js';
import type { Repositories } from '../db/repositories.js';
import type { Actor, PartnerRecord, ProgrammeRecord } from '../db/types.js';
import { formatBeijing } from '../notify/index.js';
import type { NoticeSink } from '../workflow/transitions.js';
import {
  parsePeriod,
  periodOf,
  renewalRecommendation,
  type ParsedPeriod,
  type ScorecardInput,
  type ScorecardResult,
} from '../rules/scorecard.js';
import type { CalendarSource } from '../calendar/source.js';
import { complaintUndecided, evaluateScorecard, scorecardComponents, type PendingComplaint } from './evaluate.js';
import { periodLabel, rectificationOpenedNotice, scorecardClosedNotice } from './notices.js';
import { ClosedComplaintFacts } from './closed-facts.js';
import { scoreClosedMessage } from '../subscriptions/messages.js';
import type { ScorecardRepositories } from './repositories.js';
import { copyProgrammeScorecardTables, validateProgrammeScorecardTables } from './tables.js';
import {
  scorecardBadRequest,
  scorecardConflict,
  scorecardNotFound,
  type ProgrammeScorecardTables,
  type RectificationRecord,
  type RectificationStatus,
  type ScorecardComponent,
  type ScorecardEntry,
  type ScorecardExportRow,
  type ScorecardSnapshotRecord,
  type ScorecardTablesRecord,
} from './types.js';

export interface ScorecardView {
  partnerId: string;
  partnerName: string;
  programmeId: string;
  period: string;
  status: 'open' | 'closed';
  closedAt: Date | null;
  /** FT-15: cooperation suspended */
  suspended: boolean;
  tablesVersion: number;
  /** what computeScorecard received (POST /scorecards/simulate gives the same result for it) */
  input: ScorecardInput;
  result: ScorecardResult;
  components: ScorecardComponent[];
  entries: ScorecardEntry[];
  /** open period only: ordinary complaints not decided yet, left out of the score */
  pending: PendingComplaint[];
  onboardingRated: boolean;
  history: { period: string; total: number; status: 'open' | 'closed' }[];
  next: {
    rectificationLine: number;
    /** total − rectification line (negative: below it) */
    distanceToRectification: number;
    rectificationRequired: boolean;
    /** FT-16 average of the closed half-years, null before the first close */
    renewalAverage: number | null;
    renewalAverageThreshold: number;
    closedPeriods: number;
  };
  rectification: { id: string; status: RectificationStatus; deadline: Date } | null;
}

export interface ClosePeriodReport {
  period: string;
  newlyClosed: number;
  partners: {
    partnerId: string;
    partnerName: string;
    total: number;
    rectificationRequired: boolean;
    newlyClosed: boolean;
    snapshotId: string;
    rectificationId: string | null;
  }[];
}

const round1 = (v: number) => Math.round(v * 10) / 10 + 0;
const MAX_LISTED = 20;

/**
 * FT-12, FT-12a, FT-14: programme tables, the live provisional score and the period close. Process-independent
 * (api and worker alike); refusals are `DomainError`s (core/src/errors.ts).
 */
export class ScorecardService {
  /** the live view's complaints, the closed ones kept by this process (closed-facts.ts) */
  private readonly liveComplaints: ClosedComplaintFacts;

  constructor(
    private readonly repos: Pick<
      ScorecardRepositories,
      'tables' | 'inputs' | 'escalations' | 'snapshots' | 'rectifications' | 'complaints'
    >,
    private readonly core: Pick<Repositories, 'programmes' | 'partners' | 'audit'>,
    private readonly calendar: CalendarSource,
    private readonly notifier: NoticeSink,
  ) {
    this.liveComplaints = new ClosedComplaintFacts(repos.complaints);
  }

  // ---------------------------------------------------------------- tables

  async tables(programmeId: string): Promise<ScorecardTablesRecord> {
    const programme = await this.scorecardProgramme(programmeId);
    return this.repos.tables.inForce(programme.id);
  }

  /** Stores the tables as a new version (closed snapshots keep the version they used). Same tables → no change. */
  async putTables(programmeId: string, body: unknown, actor: Actor, now: Date): Promise<ScorecardTablesRecord> {
    const programme = await this.scorecardProgramme(programmeId);
    const errors = validateProgrammeScorecardTables(body);
    if (errors.length) throw scorecardBadRequest(...errors);
    const tables = copyProgrammeScorecardTables(body as ProgrammeScorecardTables);
    const before = await this.repos.tables.inForce(programme.id);
    if (JSON.stringify(before.tables) === JSON.stringify(tables)) return before;
    const stored = await this.repos.tables.append(programme.id, before.version + 1, tables, actor, now);
    if (!stored) throw scorecardConflict('考核表刚被他人修改，请刷新后重试');
    await this.core.audit.append({
      actor,
      action: 'scorecard.tables_updated',
      entity: 'programme',
      entityId: programme.id,
      before: { version: before.version, tables: before.tables },
      after: { version: stored.version, tables: stored.tables },
      at: now,
    });
    return stored;
  }

  // ---------------------------------------------------------------- live view

  /** FT-12: the partner's score for the period: frozen when closed, else live from the stored facts. */
  async view(partnerId: string, period: string | undefined, now: Date): Promise<ScorecardView> {
    const partner = await this.core.partners.get(partnerId);
    if (!partner) throw scorecardNotFound('伙伴不存在');
    const name = period ?? periodOf(now);
    // one round for what the partner's programme id decides (the tables are not needed by a closed period's view:
    // one small read spent there, one round saved on every open one, the partner home's)
    const [programme, closed, rectification, inForce] = await Promise.all([
      this.scorecardProgramme(partner.programmeId),
      this.repos.snapshots.forPartner(partner.id),
      this.repos.rectifications.byPeriod(partner.id, name),
      this.repos.tables.inForce(partner.programmeId),
    ]);
    const p = this.period(name);
    const snapshot = closed.find((s) => s.period === name) ?? null;
    let tablesVersion: number;
    let tables: ProgrammeScorecardTables;
    let body: Pick<ScorecardView, 'input' | 'result' | 'components' | 'entries' | 'pending' | 'onboardingRated'>;
    if (snapshot) {
      ({ tablesVersion, tables } = snapshot);
      body = {
        input: snapshot.input,
        result: snapshot.result,
        components: scorecardComponents(snapshot.result, tables),
        entries: snapshot.entries,
        pending: [],
        onboardingRated: snapshot.input.onboarding > 0,
      };
    } else {
      ({ version: tablesVersion, tables } = inForce);
      const cal = await this.calendar.get(now.getTime());
      const ev = await this.evaluate(partner, programme, name, p, tables, cal, now, this.liveComplaints);
      const { input, result, components, entries, pending, onboardingRated } = ev;
      body = { input, result, components, entries, pending, onboardingRated };
    }
    const history: ScorecardView['history'] = closed.map((s) => ({
      period: s.period,
      total: s.result.total,
      status: 'closed',
    }));
    if (!snapshot && p.start.getTime() <= now.getTime())
      history.push({ period: name, total: body.result.total, status: 'open' });
    history.sort((a, b) => a.period.localeCompare(b.period));
    const renewal = renewalRecommendation(
      { scores: closed.map((s) => s.result.total), certificatesValid: true, meetsQualification: true },
      tables,
    );
    return {
      partnerId: partner.id,
      partnerName: partner.name,
      programmeId: programme.id,
      period: name,
      status: snapshot ? 'closed' : 'open',
      closedAt: snapshot?.closedAt ?? null,
      suspended: partner.status === 'suspended',
      tablesVersion,
      ...body,
      history,
      next: {
        rectificationLine: tables.rectificationThreshold,
        distanceToRectification: round1(body.result.total - tables.rectificationThreshold),
        rectificationRequired: body.result.rectificationRequired,
        renewalAverage: renewal.average === null ? null : Math.round(renewal.average * 100) / 100,
        renewalAverageThreshold: tables.renewalAverageThreshold,
        closedPeriods: closed.length,
      },
      rectification: rectification
        ? { id: rectification.id, status: rectification.status, deadline: rectification.deadline }
        : null,
    };
  }

  /** Staff board: every partner of the scorecard programmes for one period. */
  async board(period: string | undefined, now: Date) {
    const name = period ?? periodOf(now);
    this.period(name);
    const items = [];
    for (const programme of await this.scorecardProgrammes()) {
      for (const partner of await this.core.partners.list({ programmeId: programme.id })) {
        const v = await this.view(partner.id, name, now);
        items.push({
          partnerId: v.partnerId,
          partnerName: v.partnerName,
          status: v.status,
          total: v.result.total,
          rectificationRequired: v.result.rectificationRequired,
          suspended: v.suspended,
          pending: v.pending.length,
        });
      }
    }
    return { period: name, items };
  }

  /** One row per partner of the scorecard programmes (or one programme) for the period's export, by partner code. */
  async exportRows(period: string, programmeId: string | undefined, now: Date): Promise<ScorecardExportRow[]> {
    this.period(period);
    const programmes = programmeId ? [await this.scorecardProgramme(programmeId)] : await this.scorecardProgrammes();
    const rows: ScorecardExportRow[] = [];
    for (const programme of programmes) {
      const partners = await this.core.partners.list({ programmeId: programme.id });
      for (const partner of partners.sort((a, b) => a.code.localeCompare(b.code))) {
        const v = await this.view(partner.id, period, now);
        rows.push({
          partnerCode: partner.code,
          partnerName: partner.name,
          period,
          status: v.status,
          ...v.result,
          rectificationStatus: v.rectification?.status ?? null,
          suspended: v.suspended,
        });
      }
    }
    return rows;
  }

  // ---------------------------------------------------------------- close (FT-14)

  /**
   * Freezes one snapshot per partner of every scorecard programme taking part in the period (see `takesPart`) with the inputs, the tables in force and the result; opens a rectification case below the line.
   * 409 before the period has ended, or while an ordinary complaint of the period is undecided. Idempotent:
   * a repeat finds every snapshot and case in place and changes nothing.
   */
  async close(period: string, actor: Actor, now: Date): Promise<ClosePeriodReport> {
    const p = this.period(period);
    if (now.getTime() < p.end.getTime())
      throw scorecardConflict(`考核期 ${period} 尚未结束，${formatBeijing(p.end)}（北京时间）后方可结算`);
    const cal = await this.calendar.get(now.getTime());
    const work: { partner: PartnerRecord; programme: ProgrammeRecord; tables: ScorecardTablesRecord }[] = [];
    for (const programme of await this.scorecardProgrammes()) {
      const tables = await this.repos.tables.inForce(programme.id);
      for (const partner of await this.core.partners.list({ programmeId: programme.id })) {
        if (await this.takesPart(partner, period, p)) work.push({ partner, programme, tables });
      }
    }
    const blocking: string[] = [];
    for (const { partner } of work) {
      if (await this.repos.snapshots.get(partner.id, period)) continue;
      const complaints = await this.repos.complaints.received(partner.id, p.start, p.end);
      for (const c of complaints) if (complaintUndecided(c, now)) blocking.push(c.no);
    }
    if (blocking.length)
      throw scorecardConflict(
        `考核期内仍有 ${blocking.length} 宗普通投诉未有结论（未到期或回复待确认），请处理后再结算：${blocking.slice(0, MAX_LISTED).join('、')}`,
      );
    const report: ClosePeriodReport = { period, newlyClosed: 0, partners: [] };
    for (const w of work) {
      const one = await this.closePartner(w.partner, w.programme, w.tables, p, period, cal, actor, now);
      if (one.newlyClosed) report.newlyClosed++;
      report.partners.push(one);
    }
    return report;
  }

  private async closePartner(
    partner: PartnerRecord,
    programme: ProgrammeRecord,
    tables: ScorecardTablesRecord,
    p: ParsedPeriod,
    period: string,
    cal: WorkCalendar,
    actor: Actor,
    now: Date,
  ): Promise<ClosePeriodReport['partners'][number]> {
    let snapshot = await this.repos.snapshots.get(partner.id, period);
    let created = false;
    if (!snapshot) {
      // close first: from here on every input edit is refused, so what is read below is final
      await this.repos.inputs.close(partner.id, programme.id, period, now, actor);
      const ev = await this.evaluate(partner, programme, period, p, tables.tables, cal, now);
      ({ record: snapshot, created } = await this.repos.snapshots.insertOnce({
        partnerId: partner.id,
        programmeId: programme.id,
        period,
        partnerName: partner.name,
        tablesVersion: tables.version,
        tables: tables.tables,
        window: programme.complaintWindow,
        calendarVersion: cal.version,
        input: ev.input,
        result: ev.result,
        entries: ev.entries,
        closedAt: now,
        closedBy: actor,
      }));
      if (created) {
        await this.core.audit.append({
          actor,
          action: 'scorecard.period_closed',
          entity: 'scorecard_snapshot',
          entityId: snapshot.id,
          after: { partnerId: partner.id, period, total: snapshot.result.total, tablesVersion: tables.version },
          at: now,
        });
        await this.notifier.notify(scorecardClosedNotice(snapshot, now));
        // FT-12/FT-14: the partner's 订阅消息 with the score
        await this.notifier.message?.(
          scoreClosedMessage({
            key: `scorecard-${snapshot.partnerId}-${period}-closed`,
            partnerId: snapshot.partnerId,
            period: `${periodLabel(period)}考核`,
            score: snapshot.result.total,
            note: snapshot.result.rectificationRequired ? '低于60分，需整改（FT-14）' : '考核结果已冻结',
          }),
        );
      }
    }
    const rectification = snapshot.result.rectificationRequired
      ? await this.openRectification(snapshot, cal, actor, now)
      : null;
    return {
      partnerId: partner.id,
      partnerName: partner.name,
      total: snapshot.result.total,
      rectificationRequired: snapshot.result.rectificationRequired,
      newlyClosed: created,
      snapshotId: snapshot.id,
      rectificationId: rectification?.id ?? null,
    };
  }

  /** FT-14: one case per partner and period; the deadline counts working days (WT-2) from the close. */
  private async openRectification(
    s: ScorecardSnapshotRecord,
    cal: WorkCalendar,
    actor: Actor,
    now: Date,
  ): Promise<RectificationRecord> {
    const { dueAt, provisional } = workingDayDeadline(s.closedAt, s.tables.rectificationWorkingDays, cal);
    const { record, created } = await this.repos.rectifications.openOnce({
      partnerId: s.partnerId,
      programmeId: s.programmeId,
      period: s.period,
      snapshotId: s.id,
      total: s.result.total,
      threshold: s.tables.rectificationThreshold,
      openedAt: s.closedAt,
      deadline: dueAt,
      deadlineProvisional: provisional,
      status: 'open',
      submissions: [],
      decision: null,
      terminationRecommended: false,
    });
    if (created) {
      await this.core.audit.append({
        actor,
        action: 'rectification.opened',
        entity: 'rectification',
        entityId: record.id,
        reason: `FT-14：${s.period} 得分 ${s.result.total} 分，低于 ${s.tables.rectificationThreshold} 分`,
        after: { partnerId: s.partnerId, period: s.period, deadline: dueAt, status: 'open' },
        at: now,
      });
      await this.notifier.notify(rectificationOpenedNotice(record, s.partnerName, now));
    }
    return record;
  }

  // ---------------------------------------------------------------- shared

  private async evaluate(
    partner: PartnerRecord,
    programme: ProgrammeRecord,
    period: string,
    p: ParsedPeriod,
    tables: ProgrammeScorecardTables,
    cal: WorkCalendar,
    now: Date,
    complaintsOf: Pick<ScorecardRepositories['complaints'], 'received'> = this.repos.complaints,
  ) {
    const [inputs, complaints] = await Promise.all([
      this.repos.inputs.scored(partner.id, period),
      complaintsOf.received(partner.id, p.start, p.end),
    ]);
    const flags = await this.repos.escalations.forComplaints(
      complaints.filter((c) => c.kind === 'escalated').map((c) => c.id),
    );
    const ev = evaluateScorecard({ period, inputs, complaints, flags, now }, tables, programme.complaintWindow, cal);
    return { ...ev, onboardingRated: inputs?.onboarding != null };
  }

  /** A partner takes part in a period it existed in, or for which anything is recorded (inputs, complaints). */
  private async takesPart(partner: PartnerRecord, period: string, p: ParsedPeriod): Promise<boolean> {
    if (partner.createdAt.getTime() < p.end.getTime()) return true;
    if (await this.repos.inputs.get(partner.id, period)) return true;
    return (await this.repos.complaints.received(partner.id, p.start, p.end)).length > 0;
  }

  private period(name: string): ParsedPeriod {
    const p = parsePeriod(name);
    if (!p) throw scorecardBadRequest('period: 须为半年度，如 2026H2');
    return p;
  }

  private async scorecardProgramme(programmeId: string): Promise<ProgrammeRecord> {
    const programme = await this.core.programmes.get(programmeId);
    if (!programme) throw scorecardNotFound('计划不存在');
    if (programme.rulebook !== 'scorecard') throw scorecardConflict('该计划不使用半年度考核（scorecard）规则');
    return programme;
  }

  private async scorecardProgrammes(): Promise<ProgrammeRecord[]> {
    return (await this.core.programmes.list()).filter((p) => p.rulebook === 'scorecard');
  }
}
