import type { Connection } from 'mongoose';
import { processClock } from './clock.js';
import { coreConfig, type CoreConfig } from './config.js';
import { repositories, type Repositories } from './db/repositories.js';
import { models, type Models } from './db/schemas.js';
import { PartnerLifecycle } from './partners/service.js';
import { CalendarSource } from './calendar/source.js';
import { ComplaintCounters } from './complaints/counters.js';
import { Transitions, type NoticeSink } from './workflow/transitions.js';

/** What a process hands the composition root: its adapters over Redis and its settings. */
export interface CoreInfra {
  /** where notices go (the Notifier over the notices queue); omitted → none (tests that only seed) */
  notifier?: NoticeSink | null;
  /** the working calendar; default: the stored calendar, cached `calendarTtlMs` */
  calendar?: CalendarSource;
  calendarTtlMs?: number;
  /** "now"; default: the process's one clock (movable in test mode only) */
  now?: () => Date;
  /** the validated configuration; default: `coreConfig()` of the process environment */
  config?: CoreConfig;
}

/**
 * The shared pieces every feature is built on, built once per process by `connectCore`: the repositories of the core
 * collections, the one transition primitive, the partner lifecycle, the complaint counters, the notice sink, the calendar, the clock and the
 * configuration. Features are built from it by `connect<Feature>(core)`, each once (`feature`).
 */
export interface Core {
  conn: Connection;
  models: Models;
  repos: Repositories;
  transitions: Transitions;
  lifecycle: PartnerLifecycle;
  /** the per-partner monthly complaint counters (the SLA report and FT-15 read them; complaint steps add to them) */
  counters: ComplaintCounters;
  notifier: NoticeSink | null;
  calendar: CalendarSource;
  now: () => Date;
  config: CoreConfig;
  /** the feature `key`, built by `build` the first time it is asked for on this core */
  feature<T>(key: string, build: () => T): T;
}

/** The composition root: builds the shared pieces on one connection, once. */
export function connectCore(conn: Connection, infra: CoreInfra = {}): Core {
  const m = models(conn);
  const repos = repositories(m);
  const notifier = infra.notifier ?? null;
  const transitions = new Transitions(conn, repos.audit, notifier ?? undefined);
  const built = new Map<string, unknown>();
  return {
    conn,
    models: m,
    repos,
    transitions,
    lifecycle: new PartnerLifecycle(repos.partners, transitions, repos.contracts),
    counters: new ComplaintCounters(conn),
    notifier,
    calendar: infra.calendar ?? new CalendarSource(repos.calendar, infra.calendarTtlMs),
    now: infra.now ?? (() => processClock.now()),
    config: infra.config ?? coreConfig(),
    feature<T>(key: string, build: () => T): T {
      if (!built.has(key)) built.set(key, build());
      return built.get(key) as T;
    },
  };
}

/**
 * What every `connect<Feature>(core, opts?)` returns: the feature's use-cases (`service`, with the named parts other
 * features or the api read beside it) and the handlers the worker runs, keyed by the queue they consume (`sla`, `exit`,
 * …: an object the queue's processor calls) or by the scheduled task (`sla-sweep`, …: a run taking "now"); a feature
 * without any returns `handlers: {}`. The worker maps core's queue table to these and builds nothing itself.
 */
export interface Feature<S, H extends object = Record<never, never>> {
  service: S;
  handlers: H;
}

/** A scheduled task's run (a `schedules` job): "now" is the job's moment. */
export type ScheduleRun = (now: Date) => Promise<unknown>;

/** Staff notices of a feature built without a notifier go nowhere. */
export const NO_NOTICES: NoticeSink = { notify: async () => undefined };
