import { randomBytes } from 'node:crypto';
import type { QuietHours } from '../calendar/index.js';
import type { AuditRepository, ProgrammeRepository } from '../db/repositories.js';
import { STAFF_ROLES, type Actor } from '../db/types.js';
import { processConfig } from '../config.js';
import type { Core, Feature } from '../root.js';
import { DomainError } from '../errors.js';
import type { NoticeJobData, NoticeKind } from '../queues/index.js';
import {
  DEFAULT_DIGEST_AFTER,
  DEFAULT_QUIET_HOURS,
  NOTICE_URGENCY,
  alertSettingsProblems,
  normaliseAlertSettings,
  planNotice,
  type AlertSettings,
  type AlertSettingsInput,
} from './rules.js';
import { AlertSettingsStore, type AlertSettingsRecord } from './store.js';
import { resolveChannels, resolveRobots, robotView, type WecomRobotView } from '../notify/wecom/rules.js';

/** What the api answers for a programme's alert settings. */
export interface AlertSettingsView extends Omit<AlertSettings, 'wecomRobots'> {
  programmeId: string;
  /** WeCom robots with their keys masked (`****abcd`): a key is never answered */
  wecomRobots: WecomRobotView[];
  /** false: the programme has no settings; rooms/contacts are empty (the bot's env recipients apply) */
  configured: boolean;
  /** revision in force (0: none); a change must name it */
  rev: number;
  /** the window a programme's settings get when none is given */
  defaultQuietHours: QuietHours;
  urgentKinds: NoticeKind[];
  heldKinds: NoticeKind[];
  reason: string | null;
  updatedAt: Date | null;
  updatedBy: { id: string; name: string | null } | null;
}

export interface AlertSettingsChange extends AlertSettingsInput {
  /** the revision the change was made over (0 when the programme had none) */
  rev: number;
  reason: string;
}

const KINDS = Object.keys(NOTICE_URGENCY) as NoticeKind[];

/** Quiet hours in force for programmes without settings: HUOBAN_ALERT_QUIET_HOURS (unset: none), read once. */
export const fallbackQuietHours = (): QuietHours | null => processConfig().alertQuietHours;

export class AlertSettingsService {
  constructor(
    private readonly store: AlertSettingsStore,
    private readonly programmes: ProgrammeRepository,
    private readonly audit: AuditRepository,
    private readonly fallbackQuiet: QuietHours | null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async programme(id: string) {
    const p = await this.programmes.get(id);
    if (!p) throw DomainError.notFound('项目不存在');
    return p;
  }

  private view(programmeId: string, r: AlertSettingsRecord | null): AlertSettingsView {
    return {
      programmeId,
      configured: !!r,
      rev: r?.rev ?? 0,
      rooms: r?.rooms ?? [],
      contacts: r?.contacts ?? [],
      quietHours: r ? r.quietHours : this.fallbackQuiet,
      digestAfter: r?.digestAfter ?? DEFAULT_DIGEST_AFTER,
      channels: r?.channels ?? ['wechat'],
      wecomRobots: (r?.wecomRobots ?? []).map(robotView),
      defaultQuietHours: { ...DEFAULT_QUIET_HOURS },
      urgentKinds: KINDS.filter((k) => NOTICE_URGENCY[k] === 'urgent'),
      heldKinds: KINDS.filter((k) => NOTICE_URGENCY[k] === 'normal'),
      reason: r?.reason ?? null,
      updatedAt: r?.updatedAt ?? null,
      updatedBy: r ? { id: r.updatedBy.id, name: r.updatedBy.name ?? null } : null,
    };
  }

  /** Any staff member may read a programme's settings. */
  async get(programmeId: string, actor: Actor): Promise<AlertSettingsView> {
    if (!(STAFF_ROLES as readonly string[]).includes(actor.role ?? '')) throw DomainError.forbidden('仅限工作人员查看');
    await this.programme(programmeId);
    return this.view(programmeId, await this.store.current(programmeId));
  }

  /** Admins only; every change is a new revision and one audit entry (who, when, before, after, why). */
  async update(programmeId: string, change: AlertSettingsChange, actor: Actor): Promise<AlertSettingsView> {
    if (actor.role !== 'admin') throw DomainError.forbidden('仅管理员可修改告警设置');
    const basic = [
      ...alertSettingsProblems(change),
      ...(typeof change.reason === 'string' && change.reason.trim() ? [] : ['reason 不能为空']),
      ...(Number.isInteger(change.rev) && change.rev >= 0 ? [] : ['rev 须为非负整数']),
    ];
    if (basic.length) throw DomainError.invalid(basic.join('；'), basic);
    await this.programme(programmeId);
    const current = await this.store.current(programmeId);
    if ((current?.rev ?? 0) !== change.rev)
      throw DomainError.conflict('告警设置已被他人修改，请刷新后重试', { rev: current?.rev ?? 0 });
    // issue #19: robots resolved against the stored ones (a key kept, replaced or removed), then the channels
    const robots = resolveRobots(change.wecomRobots, current?.wecomRobots ?? [], () => randomBytes(4).toString('hex'));
    const keep = change.channels === undefined && change.wecomRobots === undefined ? current?.channels : undefined;
    const channels = resolveChannels(change.channels ?? keep, robots.robots);
    const problems = [...robots.problems, ...channels.problems];
    if (problems.length) throw DomainError.invalid(problems.join('；'), problems);
    const next: AlertSettingsRecord = {
      programmeId,
      rev: change.rev + 1,
      ...normaliseAlertSettings(change, { channels: channels.channels, wecomRobots: robots.robots }),
      reason: change.reason.trim(),
      updatedBy: actor,
      updatedAt: this.now(),
    };
    if (!(await this.store.insert(next)))
      throw DomainError.conflict('告警设置已被他人修改，请刷新后重试', { rev: change.rev + 1 });
    const settingsOf = (r: AlertSettingsRecord | null) =>
      r
        ? {
            rooms: r.rooms,
            contacts: r.contacts,
            quietHours: r.quietHours,
            digestAfter: r.digestAfter,
            rev: r.rev,
            // the audit trail names the robots and their masked keys, never a key
            ...(r.wecomRobots.length || r.channels.includes('wecom')
              ? { channels: r.channels, wecomRobots: r.wecomRobots.map(robotView) }
              : {}),
          }
        : null;
    await this.audit.append({
      actor,
      action: 'alert_settings.updated',
      entity: 'programme',
      entityId: programmeId,
      reason: next.reason,
      before: settingsOf(current),
      after: settingsOf(next),
      at: next.updatedAt,
    });
    return this.view(programmeId, next);
  }
}

/**
 * Used by the Notifier: stamps each notice with its programme's recipients and, when non-urgent inside the
 * quiet hours, the instant it may go out. Settings are read once per programme per `cacheMs` (a change takes
 * effect within that time in every process).
 */
export class AlertRouter {
  private readonly cache = new Map<string, { at: number; settings: AlertSettings | null }>();
  constructor(
    private readonly store: AlertSettingsStore,
    private readonly fallbackQuiet: QuietHours | null,
    private readonly cacheMs = 5_000,
  ) {}

  async plan(notices: NoticeJobData[], now = new Date()): Promise<NoticeJobData[]> {
    const t = Date.now();
    const stale = [...new Set(notices.map((n) => n.programmeId).filter((id): id is string => !!id))].filter((id) => {
      const c = this.cache.get(id);
      return !c || t - c.at >= this.cacheMs;
    });
    if (stale.length) {
      const found = await this.store.currentMany(stale);
      for (const id of stale) this.cache.set(id, { at: t, settings: found.get(id) ?? null });
    }
    return notices.map((n) =>
      planNotice(n, n.programmeId ? (this.cache.get(n.programmeId)?.settings ?? null) : null, this.fallbackQuiet, now),
    );
  }
}

/** 告警设置 (`service`) and the router the Notifier plans notices with; no queue handlers. */
export interface AlertsFeature extends Feature<AlertSettingsService> {
  store: AlertSettingsStore;
  router: AlertRouter;
}

/**
 * The alerts feature on the composition root; the quiet hours of programmes without settings are the core's
 * configuration (HUOBAN_ALERT_QUIET_HOURS). `cacheMs`: how long the router keeps a programme's settings.
 */
export function connectAlerts(core: Core, opts: { cacheMs?: number } = {}): AlertsFeature {
  const store = new AlertSettingsStore(core.conn);
  const fallback = core.config.alertQuietHours;
  const { programmes, audit } = core.repos;
  return {
    store,
    service: new AlertSettingsService(store, programmes, audit, fallback, core.now),
    router: new AlertRouter(store, fallback, opts.cacheMs),
    handlers: {},
  };
}
