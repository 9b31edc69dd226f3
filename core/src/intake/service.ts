import type { Connection } from 'mongoose';
import type { WorkCalendar } from '../calendar/index.js';
import { connectCredit } from '../credit/feature.js';
import { SYSTEM_ACTOR, type PartnerRecord } from '../db/types.js';
import type { Queue } from 'bullmq';
import { NO_NOTICES, type Core, type Feature, type ScheduleRun } from '../root.js';
import { INTAKE_QUEUE, IntakeTimers, type IntakeTimerJob } from './timers.js';
import { Applications } from './applications/applications.js';
import { Evidence } from './applications/evidence.js';
import { Checks } from './checks/checks.js';
import { IntakeContext, invalid, requireRole, type IntakeCaller, type IntakeDeps } from './context.js';
import { Recruitments } from './recruitments/recruitments.js';
import { Committee } from './review/committee.js';
import { Review } from './review/review.js';
import { intakeModels, type IntakeModels } from './schemas.js';
import { Letters } from './signing/letters.js';
import { PartnerProfiles } from './signing/profile.js';
import { Seal } from './signing/seal.js';
import { Signing } from './signing/signing.js';
import type { IntakeSettings } from './types.js';

/**
 * Intake (FT-1..FT-11), one use-case group per step of the flow: recruitments, applications with their evidence
 * and the FT-2.1 checks, pre-review and evaluation panel, committee decision with quota ranking, 公示 and
 * objections, signing and authorization letters. Every state change is one `IntakeContext.step` through
 * `Transitions.apply` (claimed under a unique key, audited, notified once).
 */
export class IntakeService {
  readonly recruitments: Recruitments;
  readonly applications: Applications;
  readonly evidence: Evidence;
  readonly checks: Checks;
  readonly review: Review;
  readonly committee: Committee;
  readonly signing: Signing;
  readonly letters: Letters;
  readonly seal: Seal;
  readonly profiles: PartnerProfiles;
  private readonly x: IntakeContext;

  constructor(conn: Connection, m: IntakeModels, deps: IntakeDeps) {
    const x = (this.x = new IntakeContext(conn, m, deps));
    this.recruitments = new Recruitments(x);
    this.checks = new Checks(x);
    this.applications = new Applications(x, this.checks);
    this.evidence = new Evidence(x);
    this.review = new Review(x);
    this.committee = new Committee(x);
    this.signing = new Signing(x);
    this.seal = new Seal(x);
    this.letters = new Letters(x, this.seal);
    this.profiles = new PartnerProfiles(x, this.letters);
  }

  get m() {
    return this.x.m;
  }
  get repo() {
    return this.x.repo;
  }
  get files() {
    return this.x.files;
  }
  get messages() {
    return this.x.messages;
  }

  settings(): Promise<IntakeSettings> {
    return this.x.settings();
  }

  async putSettings(patch: Partial<IntakeSettings>, c: IntakeCaller): Promise<IntakeSettings> {
    requireRole(c, ['admin'], '修改引入设置');
    const before = await this.x.settings();
    const next: IntakeSettings = { ...before, ...patch };
    const p = next.publicity;
    if (!p || !Number.isInteger(p.days) || p.days < 1 || p.days > 30 || !['calendar', 'working'].includes(p.unit))
      throw invalid('publicity: 公示天数为1–30的整数，单位为 calendar 或 working', ['publicity']);
    if (next.quorum.kind === 'min' && !(Number.isInteger(next.quorum.minPass) && next.quorum.minPass >= 1))
      throw invalid('quorum: minPass 须为正整数', ['quorum']);
    await this.x.repo.putSettings(next);
    await this.x.record(c, 'intake.settings_changed', 'intake_settings', 'default', { before, after: next });
    return next;
  }

  calendar(): Promise<WorkCalendar> {
    return this.x.deps.calendar.get();
  }

  async auditSystem(action: string, entity: string, entityId: string, after: unknown, at: Date): Promise<void> {
    await this.x.deps.audit.append({ actor: SYSTEM_ACTOR, action, entity, entityId, after, at });
  }

  /** The partner seen from intake. */
  partner(id: string): Promise<PartnerRecord | null> {
    return this.x.deps.partners.get(id);
  }
}

/** What intake takes besides the core: the `intake` queue its deadline timers go on; tests' stand-ins for the credit lookups. */
export type IntakeOptions = Partial<Pick<IntakeDeps, 'badCredit' | 'creditLedger'>> & { queue?: Queue<IntakeTimerJob> };

export type IntakeFeature = Feature<IntakeService, { [INTAKE_QUEUE]: IntakeTimers; 'intake-sweep': ScheduleRun }>;

/**
 * Builds the whole intake feature on the composition root (indexes first): api, worker and tests use this one entry.
 * Applicants' 订阅消息 go through the notifier's outbox (core/src/subscriptions), sent by the worker with consent.
 * Its handlers: the FT-7/8/9 deadline wake-ups (`intake`: the api schedules them, the worker fires them) and the
 * `intake-sweep` (FT-6 auto-close, lost timers).
 */
export async function connectIntake(core: Core, opts: IntakeOptions = {}): Promise<IntakeFeature> {
  const credit = await connectCredit(core);
  const { audit, partners, programmes } = core.repos;
  const { queue, ...deps } = opts;
  const service = new IntakeService(core.conn, await intakeModels(core.conn), {
    calendar: core.calendar,
    audit,
    notifier: core.notifier ?? undefined,
    transitions: core.transitions,
    partners,
    lifecycle: core.lifecycle,
    programmes,
    badCredit: credit.repos.badCredit,
    creditLedger: credit.ledger,
    publicUrl: core.config.publicUrl,
    now: core.now,
    ...deps,
  });
  const timers = new IntakeTimers(service, core.notifier ?? NO_NOTICES, queue);
  return { service, handlers: { [INTAKE_QUEUE]: timers, 'intake-sweep': (now) => timers.sweep(now) } };
}
