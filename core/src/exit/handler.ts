import type { Connection } from 'mongoose';
import { DEFAULT_CREDIT_TABLES } from '../rules/credit-model.js';
import { MetricsRepository, metricsModels } from '../metrics/store.js';
import { SYSTEM_ACTOR, type PartnerRecord } from '../db/types.js';
import { badCreditNameKey } from '../credit/settlement-repositories.js';
import { creditModels } from '../credit/schemas.js';
import { scorecardModels } from '../scorecards/schemas.js';
import { shanghaiDate } from '../calendar/days.js';
import type { CalendarSource } from '../calendar/source.js';
import type { NoticeSink } from '../workflow/transitions.js';
import {
  addMonthsClamped,
  endOnReached,
  exitTimerId,
  noCustomersCheck,
  pendingStages,
  type ExitAlertKind,
} from './rules.js';
import { exitDeadlineNotice } from './notices.js';
import { exitTimerPlan, type ExitJobData, type ExitTimerScheduler } from './timers.js';
import type { ExitCaseRecord } from './repository.js';
import type { ExitService } from './service.js';
import type { OpenCaseInput } from './cases.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;

/** The two FT-2.1 / FT-17.5 lists as staff know them. */
const DISHONEST_LIST_NAMES: Record<string, string> = {
  serious_illegal: '严重违法失信企业名单',
  dishonest_debtor: '失信被执行人',
};

export interface ExitTriggerReport {
  opened: { caseId: string; partnerId: string; trigger: string }[];
  /** FT-17.1: partners due for the zero-customer check whose months have no imported figure */
  missing: { partnerId: string; months: string[] }[];
}

/**
 * FT-17 automatic triggers and FT-18 deadline timers. Triggers open a case in `precheck` with its evidence, once per
 * trigger key (a re-run opens nothing), and alert staff; they never terminate anyone. Timers alert staff once per
 * stage and kind; the sweeper repairs them from MongoDB.
 */
export class ExitHandler {
  constructor(
    private readonly conn: Connection,
    private readonly exit: ExitService,
    private readonly scheduler: Pick<ExitTimerScheduler, 'schedule'>,
    private readonly notifier: NoticeSink,
    private readonly calendar: CalendarSource,
  ) {}

  /** The daily scan of every automatic trigger (idempotent). */
  async triggers(now: Date): Promise<ExitTriggerReport> {
    const report: ExitTriggerReport = { opened: [], missing: [] };
    const partners = (await this.exit.partners.list()).filter((p) => p.status !== 'exited');
    const byId = new Map(partners.map((p) => [p.id, p]));
    const open = async (
      p: PartnerRecord | undefined,
      input: Omit<OpenCaseInput, 'partnerId'> & { triggerKey: string },
    ) => {
      if (!p) return;
      const c = await this.exit.openByTrigger({ ...input, partnerId: p.id }, SYSTEM_ACTOR, now);
      if (c) report.opened.push({ caseId: c.id, partnerId: p.id, trigger: c.trigger });
    };

    // FT-17.1: six months after signing (the contract's signing day, else the partner's creation), no customers
    const metrics = new MetricsRepository(await metricsModels(this.conn));
    const today = shanghaiDate(now);
    for (const p of partners) {
      const contract = await this.exit.scorecards.contracts.get(p.id);
      const signedOn = contract?.signedAt ?? shanghaiDate(p.createdAt);
      if (today < addMonthsClamped(signedOn, 6)) continue;
      const months = noCustomersCheck(signedOn, today, new Map()).months;
      const rows = (await metrics.inForce(p.programmeId, months)).filter((r) => r.partnerId === p.id);
      const figures = new Map(rows.map((r) => [r.month, r.customers]));
      const check = noCustomersCheck(signedOn, today, figures);
      if (check.missing.length) report.missing.push({ partnerId: p.id, months: check.missing });
      if (check.triggered)
        await open(p, {
          trigger: 'no_customers',
          triggerKey: `FT-17.1-${p.id}`,
          reason: `签约（${signedOn}）满六个月，累计行业客户数为 0（${check.months[0]}至${check.months.at(-1)}）`,
          evidence: {
            signedOn,
            months: check.months,
            rows: rows.map((r) => ({ month: r.month, customers: r.customers, importId: r.importId })),
            total: 0,
          },
        });
    }

    // FT-17.2: a level I customer-information security incident in the scorecard inputs
    const sc = scorecardModels(this.conn);
    const incidents: Doc[] = await sc.InputItem.find({ kind: 'security_incident', 'value.level': 'I' }).lean();
    for (const d of incidents)
      await open(byId.get(String(d.partnerId)), {
        trigger: 'security_incident',
        triggerKey: `FT-17.2-${d._id}`,
        reason: `发生 I 级客户信息安全事件：${d.value?.description ?? ''}`,
        evidence: {
          inputId: String(d._id),
          period: d.period,
          level: 'I',
          description: d.value?.description,
          occurredAt: d.value?.occurredAt,
        },
      });

    // FT-14: a failed rectification recommends termination
    for (const r of await this.exit.scorecards.rectifications.list({ status: 'failed' }))
      if (r.terminationRecommended)
        await open(byId.get(r.partnerId), {
          trigger: 'rectification_failed',
          triggerKey: `FT-14-${r.id}`,
          reason: `${r.period} 整改未通过（得分 ${r.total}，低于 ${r.threshold}）`,
          evidence: { rectificationId: r.id, period: r.period, total: r.total, decision: r.decision },
        });

    // MG-11: a major violation registered in the credit ledger
    const cm = await creditModels(this.conn);
    const violations: Doc[] = await cm.Event.find({
      status: 'active',
      'event.type': 'deduction',
      'event.category': 'violation',
    }).lean();
    for (const v of violations) {
      const p = byId.get(String(v.partnerId));
      if (!p) continue;
      const tables = (await this.exit.credit.tables.latest(p.programmeId))?.tables ?? DEFAULT_CREDIT_TABLES;
      const item = tables.violationCatalogue.find((i) => i.code === v.code);
      if (item?.severity !== 'major') continue;
      await open(p, {
        trigger: 'major_violation',
        triggerKey: `MG-11-${v._id}`,
        reason: `重大违约：${item.name}（${v.month}）`,
        evidence: { creditEventId: String(v._id), month: v.month, code: v.code, name: item.name, points: item.points },
      });
    }

    // FT-17.5: admin-maintained dishonest lists, when the intake has imported them
    const exists = (await this.conn.db!.listCollections({ name: 'dishonest_list_entries' }).toArray()).length > 0;
    if (exists) {
      const byName = new Map(partners.map((p) => [badCreditNameKey(p.name), p]));
      const entries: Doc[] = await this.conn.db!.collection('dishonest_list_entries').find({}).limit(10_000).toArray();
      for (const e of entries) {
        const p =
          (e.partnerId && byId.get(String(e.partnerId))) ||
          byName.get(badCreditNameKey(String(e.companyName ?? e.name ?? '')));
        if (!p) continue;
        await open(p, {
          trigger: 'dishonest_list',
          triggerKey: `FT-17.5-${e._id}`,
          reason: `命中失信名单：${DISHONEST_LIST_NAMES[String(e.list)] ?? '严重违法失信企业名单/失信被执行人'}`,
          evidence: {
            entryId: String(e._id),
            list: e.list ?? e.listName ?? null,
            companyName: e.companyName ?? e.name ?? null,
          },
        });
      }
    }
    return report;
  }

  /**
   * A timer woke: alert once if its stage is still pending with the same due instant; `effective`: the agreed end
   * date has come and the termination is applied (FT-17.3: never before it).
   */
  async timer(
    job: Extract<ExitJobData, { type: 'timer' }>,
    now: Date,
  ): Promise<'sent' | 'stale' | 'early' | 'done' | 'terminated'> {
    const c = await this.exit.cases.get(job.caseId);
    if (!c) return 'stale';
    const t = exitTimerPlan(c).find((x) => x.stage === job.stage && x.kind === job.kind);
    if (!t || t.dueAt.toISOString() !== job.dueAt) return 'stale';
    if (t.at.getTime() > now.getTime()) return 'early';
    if (t.kind === 'effective') return (await this.exit.terminateOnEndDate(c, now)) ? 'terminated' : 'done';
    return (await this.alert(c, t.stage, t.kind, t.dueAt, now)) ? 'sent' : 'done';
  }

  private async alert(
    c: ExitCaseRecord,
    stage: Parameters<typeof exitTimerId>[1],
    kind: ExitAlertKind,
    dueAt: Date,
    now: Date,
  ) {
    const id = exitTimerId(c.id, stage, kind);
    if (!(await this.exit.cases.claimAlert(id, c.id, now))) return false;
    await this.notifier.notify(exitDeadlineNotice(c, stage, kind, dueAt)); // deterministic id: a resend is a no-op
    await this.exit.cases.markAlertSent(id, now);
    return true;
  }

  /** Repairs from MongoDB: recomputed deadlines, due alerts sent in place, future timers (re)scheduled, effects finished. */
  async sweep(now: Date) {
    const cal = await this.calendar.get(now.getTime());
    const report = { checked: 0, recomputed: 0, alerted: 0, scheduled: 0, effects: 0, terminated: 0 };
    // open cases and terminated ones whose effects are still due: never the closed history
    const due = await Promise.all([
      this.exit.cases.list({ statusIn: ['requested', 'precheck', 'approval', 'approved'] }),
      this.exit.cases.list({ effectsDue: true }),
    ]);
    // the alerts already sent of every open case, read once (not two reads per past timer per case on every run)
    const sent = await this.exit.cases.alertsSent(
      due[0].flatMap((c) => exitTimerPlan(c).map((t) => exitTimerId(c.id, t.stage, t.kind))),
    );
    for (let c of due.flat()) {
      if (c.status === 'terminated') {
        if (!c.effectsAppliedAt) {
          await this.exit.applyEffects(c, SYSTEM_ACTOR, now).catch(() => undefined);
          report.effects++;
        }
        continue;
      }
      report.checked++;
      // FT-17.3: an approved case whose agreed end date has come is terminated now (a lost timer repaired)
      if (c.status === 'approved' && c.endOn && endOnReached(c, now)) {
        if (await this.exit.terminateOnEndDate(c, now).catch(() => null)) report.terminated++;
        continue;
      }
      const moved = await this.exit.recomputeDeadlines(c, cal, SYSTEM_ACTOR).catch(() => null);
      if (moved) {
        c = moved;
        report.recomputed++;
      }
      if (!pendingStages(c).length) continue;
      for (const t of exitTimerPlan(c))
        if (
          t.kind !== 'effective' &&
          t.at.getTime() <= now.getTime() &&
          !sent.has(exitTimerId(c.id, t.stage, t.kind)) &&
          (await this.alert(c, t.stage, t.kind, t.dueAt, now))
        )
          report.alerted++;
      // a timer sent since (by its own job) and scheduled again finds its alert claimed and sends nothing
      report.scheduled += await this.scheduler.schedule(c, now, async (id) => sent.has(id));
    }
    return report;
  }
}
