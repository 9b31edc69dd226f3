import type { JobsOptions, Queue } from 'bullmq';
import { queueOf } from '../queues/factory.js';
import type { Redis } from 'ioredis';
import { shanghaiDate, shanghaiMidnight, type WorkCalendar } from '../calendar/index.js';
import { isDuplicateKey } from '../db/connection.js';
import { SYSTEM_ACTOR } from '../db/types.js';
import { formatBeijing } from '../notify/index.js';
import type { NoticeJobData } from '../queues/index.js';
import type { NoticeSink } from '../workflow/transitions.js';
import { intakeTimeline } from './rules.js';
import type { IntakeCaller } from './context.js';
import type { IntakeService } from './service.js';
import type { ApplicationRecord, ApplicationStatus } from './types.js';

/** The queue of intake deadline wake-ups (MongoDB holds the due instants; jobs only wake the worker). */
export const INTAKE_QUEUE = 'intake';
export type IntakeStage = 'pre_review' | 'evaluation' | 'decision';
export type IntakeTimerKind = 'warn' | 'overdue';
export interface IntakeTimerJob {
  applicationId: string;
  stage: IntakeStage;
  kind: IntakeTimerKind;
  /** the due instant (ISO) the job was scheduled against; a moved deadline makes it stale */
  dueAt: string;
}

/** Deterministic job id (no `:`): `intake-<applicationId>-<stage>-<kind>`; also the notice id. */
export const intakeJobId = (applicationId: string, stage: IntakeStage, kind: IntakeTimerKind) =>
  `intake-${applicationId}-${stage}-${kind}`;

export const INTAKE_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** `boundedMs`: the api's bound on each Redis call (see `queueOf`); the worker's queue waits for Redis instead. */
export function createIntakeQueue(connection: Redis, prefix: string, boundedMs?: number): Queue<IntakeTimerJob> {
  return queueOf<IntakeTimerJob>(
    INTAKE_QUEUE,
    { connection, prefix, defaultJobOptions: INTAKE_JOB_OPTIONS },
    boundedMs,
  );
}

const STAGES: {
  stage: IntakeStage;
  field: 'preReviewDueAt' | 'evaluationDueAt' | 'decisionDueAt';
  statuses: ApplicationStatus[];
  label: string;
}[] = [
  { stage: 'pre_review', field: 'preReviewDueAt', statuses: ['submitted'], label: '预审' },
  { stage: 'evaluation', field: 'evaluationDueAt', statuses: ['pre_review_passed', 'evaluation'], label: '评估复核' },
  {
    stage: 'decision',
    field: 'decisionDueAt',
    statuses: ['pre_review_passed', 'evaluation', 'evaluated'],
    label: '结果确认',
  },
];
const ACTIVE: ApplicationStatus[] = ['submitted', 'pre_review_passed', 'evaluation', 'evaluated'];

/** **default** warning instant: the start (00:00 Beijing) of the due day. */
export const warningAt = (dueAt: Date): Date => shanghaiMidnight(shanghaiDate(dueAt));
/** 00:00 Beijing of the day after `at`'s: the warning of a deadline is due at `at` exactly when the deadline is before it. */
const nextMidnight = (at: Date): Date => new Date(warningAt(at).getTime() + 86_400_000);

/** The sweeper's own document in `intake_timer_marks` (a timer's mark is its job id, `intake-…`). */
const SWEEP_MARK = 'sweep';
/** Each due read of the sweeper takes at most this many applications; a busier window is halved (the rest next run). */
export const SWEEP_BATCH = 500;
/** The read of applications changed since the last run reaches back this far (the api's clock writes `updatedAt`). */
const SWEEP_OVERLAP_MS = 5 * 60_000;

export interface IntakeSweepReport {
  closed: number;
  /** applications read: every active one on a full run, else only those with a timer due since the last run */
  checked: number;
  full: boolean;
  recomputed: number;
  fired: number;
  scheduled: number;
}

export interface TimerPlan {
  stage: IntakeStage;
  kind: IntakeTimerKind;
  at: Date;
  dueAt: Date;
}

/** The timers an application in its current status still has (FT-7, FT-8, FT-9). */
export function timerPlan(app: ApplicationRecord): TimerPlan[] {
  const out: TimerPlan[] = [];
  for (const s of STAGES) {
    const dueAt = app[s.field];
    if (!dueAt || !s.statuses.includes(app.status)) continue;
    out.push({ stage: s.stage, kind: 'warn', at: warningAt(dueAt), dueAt });
    out.push({ stage: s.stage, kind: 'overdue', at: new Date(dueAt.getTime() + 1), dueAt });
  }
  return out;
}

const SYSTEM: IntakeCaller = { actor: SYSTEM_ACTOR, role: 'admin', userId: 'worker', name: '系统' };

/**
 * Intake deadline timers, modelled on the complaint SLA timers: deterministic job ids, the worker reloads and
 * acts only if the stage is still due against the same instant, a mark per fired timer makes it once, and a
 * sweeper repairs lost timers, recomputes deadlines after a calendar change and closes batch recruitments at
 * their deadline.
 */
export class IntakeTimers {
  constructor(
    private readonly intake: IntakeService,
    private readonly notifier: NoticeSink,
    private readonly queue?: Queue<IntakeTimerJob>,
  ) {}

  /** Puts (or replaces stale) wake-ups of one application; due ones are left to `fire`/the sweeper. */
  async schedule(app: ApplicationRecord, now = new Date()): Promise<number> {
    if (!this.queue) return 0;
    let added = 0;
    for (const p of timerPlan(app)) {
      const jobId = intakeJobId(app.id, p.stage, p.kind);
      if (await this.intake.m.TimerMark.exists({ _id: jobId })) continue;
      const dueAt = p.dueAt.toISOString();
      const existing = await this.queue.getJob(jobId);
      if (existing) {
        if (existing.data.dueAt === dueAt && !(await existing.isFailed())) continue;
        await existing.remove().catch(() => undefined);
      }
      await this.queue.add(
        `${p.stage}-${p.kind}`,
        { applicationId: app.id, stage: p.stage, kind: p.kind, dueAt },
        { jobId, delay: Math.max(0, p.at.getTime() - now.getTime()) },
      );
      added++;
    }
    return added;
  }

  /** A wake-up: acts only when the application is still in that stage with that due instant, once. */
  async fire(job: IntakeTimerJob, now = new Date()): Promise<'sent' | 'stale' | 'early' | 'done'> {
    const app = await this.intake.repo.application(job.applicationId);
    if (!app) return 'stale';
    const plan = timerPlan(app).find((p) => p.stage === job.stage && p.kind === job.kind);
    if (!plan || plan.dueAt.toISOString() !== job.dueAt) return 'stale';
    if (now.getTime() < plan.at.getTime()) return 'early';
    const key = intakeJobId(app.id, job.stage, job.kind);
    if (await this.intake.m.TimerMark.exists({ _id: key })) return 'done';
    const label = STAGES.find((s) => s.stage === job.stage)!.label;
    const notice: NoticeJobData = {
      noticeId: key,
      kind: job.kind === 'overdue' ? 'sla-breach' : 'sla-warning',
      audience: 'staff',
      programmeId: app.programmeId,
      text: [
        job.kind === 'overdue' ? `【引入${label}超期】` : `【引入${label}今日到期】`,
        `申请企业：${app.company.name}`,
        `${label}截止：${formatBeijing(plan.dueAt)}（北京时间）`,
        job.kind === 'overdue' ? `已超过${label}时限，请尽快处理。` : '请在今日内完成。',
      ].join('\n'),
      ref: { entity: 'application', id: app.id },
      createdAt: now.toISOString(),
    };
    await this.notifier.notify(notice); // deterministic id: a repeat is a no-op
    if (job.stage === 'decision' && job.kind === 'overdue') await this.lateNotice(app);
    try {
      await this.intake.m.TimerMark.create({ _id: key, applicationId: app.id, at: now });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      return 'done';
    }
    await this.intake.auditSystem(
      `application.${job.stage}_${job.kind}`,
      'application',
      app.id,
      { dueAt: job.dueAt },
      now,
    );
    return 'sent';
  }

  /** FT-9: a late result → a formal notice letter to the applicant's contact (recorded once) and a message. */
  private async lateNotice(app: ApplicationRecord): Promise<void> {
    const contact = app.company.contacts[0];
    const text = [
      `${contact?.name ?? app.company.name}：`,
      `贵司（${app.company.name}，统一社会信用代码 ${app.creditCode}）提交的行业拓展服务商引入申请，`,
      `原定于${formatBeijing(app.decisionDueAt!).slice(0, 10)}前完成结果确认。因评审工作安排，结果确认将有所延迟，`,
      '我们将在确认后第一时间通知贵司。特此函告。',
      '',
      '行业运营事业部',
    ].join('\n');
    await this.intake.messages.formalLetter(
      `intake-${app.id}-late-letter`,
      app.id,
      contact?.email ?? contact?.phone ?? app.company.name,
      text,
    );
    await this.intake.messages.send({
      key: `intake-${app.id}-late`,
      applicationId: app.id,
      openId: app.applicantOpenId,
      company: app.company.name,
      outcome: '延迟',
      note: '结果确认延迟，请留意通知',
      text: '结果确认延迟，我们将另行通知',
    });
  }

  /**
   * The sweeper (issue #16: it costs what is due, not what is stored): closes batch recruitments at their deadline,
   * then fires the timers that came due since its last run, read by each deadline's index range (warnings whose
   * 00:00 came, deadlines that passed), plus the applications changed since (their deadlines and timers checked).
   * Its mark (`intake_timer_marks` 'sweep') holds that instant and the calendar version: the first run, and the first
   * after a calendar change, read every active application instead (deadlines recomputed, timers repaired). A timer
   * lost from Redis is fired by the run after it came due.
   */
  async sweep(now = new Date()): Promise<IntakeSweepReport> {
    let closed = 0;
    for (const r of await this.intake.repo.recruitmentsPastDeadline(now)) {
      try {
        await this.intake.recruitments.close(r.id, r.rev, SYSTEM, '已到报名截止时间，系统自动截止');
        closed++;
      } catch (e) {
        if ((e as { code?: string }).code !== 'conflict') throw e;
      }
    }
    const cal = await this.intake.calendar();
    const mark = await this.intake.m.TimerMark.findById(SWEEP_MARK).lean<{ at: Date; calendarVersion?: string }>();
    const full = !mark || mark.calendarVersion !== cal.version;
    const { apps, upTo } = full
      ? { apps: await this.intake.repo.applications({ status: ACTIVE }), upTo: now }
      : await this.dueSince(new Date(Math.min(mark.at.getTime(), now.getTime())), now);
    const report: IntakeSweepReport = { closed, checked: apps.length, full, recomputed: 0, fired: 0, scheduled: 0 };
    for (const app of apps) await this.visit(app, cal, now, report);
    await this.intake.m.TimerMark.updateOne(
      { _id: SWEEP_MARK },
      { $set: { at: upTo, calendarVersion: cal.version } },
      { upsert: true },
    );
    return report;
  }

  /**
   * The active applications with a timer that came due in (since, upTo], and those changed after `since`; `upTo` is
   * `now`, or earlier when a read filled its batch (the window is halved until each read fits).
   */
  private async dueSince(since: Date, now: Date): Promise<{ apps: ApplicationRecord[]; upTo: Date }> {
    let upTo = now;
    for (;;) {
      const ranges: [Date, Date][] = [
        [since, upTo], // overdue (due + 1 ms) in (since, upTo]
        [nextMidnight(since), nextMidnight(upTo)], // warning (00:00 of the due day) in (since, upTo]
      ];
      const found = await Promise.all(
        STAGES.flatMap((s) =>
          ranges
            .filter(([from, to]) => from < to)
            .map(([from, to]) => this.intake.repo.applicationsDueIn(s.field, s.statuses, from, to, SWEEP_BATCH)),
        ),
      );
      const span = upTo.getTime() - since.getTime();
      if (span > 1 && found.some((f) => f.length >= SWEEP_BATCH)) {
        upTo = new Date(since.getTime() + Math.floor(span / 2));
        continue;
      }
      const changedAfter = new Date(since.getTime() - SWEEP_OVERLAP_MS);
      const changed = await this.intake.repo.applicationsChangedAfter(ACTIVE, changedAfter, SWEEP_BATCH);
      const apps = new Map([...found.flat(), ...changed].map((a) => [a.id, a]));
      return { apps: [...apps.values()], upTo };
    }
  }

  /** One application: its deadlines recomputed on a new calendar, its due timers fired, its later ones scheduled. */
  private async visit(stored: ApplicationRecord, cal: WorkCalendar, now: Date, report: IntakeSweepReport) {
    let app = stored;
    if (app.calendarVersion !== cal.version && app.submittedAt) {
      const r = await this.intake.repo.recruitment(app.recruitmentId);
      if (r) {
        const passedAt = app.preReview?.passed ? app.preReview.at : null;
        const t = intakeTimeline(
          r.mode === 'batch' && r.closesOn
            ? { mode: 'batch', closesOn: r.closesOn, preReviewPassedAt: passedAt }
            : { mode: 'monthly', submittedAt: app.submittedAt, preReviewPassedAt: passedAt },
          cal,
        );
        const set = {
          reviewOn: t.reviewOn,
          preReviewDueAt: t.preReviewDueAt,
          evaluationDueAt: t.evaluationDueAt,
          decisionDueAt: t.decisionDueAt,
          calendarVersion: cal.version,
          provisional: t.provisional,
        };
        await this.intake.repo.setDeadlines(app.id, set);
        app = { ...app, ...set };
        report.recomputed++;
      }
    }
    for (const p of timerPlan(app)) {
      if (p.at.getTime() > now.getTime()) continue;
      const job = { applicationId: app.id, stage: p.stage, kind: p.kind, dueAt: p.dueAt.toISOString() };
      if ((await this.fire(job, now)) === 'sent') report.fired++;
    }
    report.scheduled += await this.schedule(app, now);
  }
}
