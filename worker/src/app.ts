import { Worker, type Processor, type Queue, type WorkerOptions as BullWorkerOptions } from 'bullmq';
import {
  NoticeRecovery,
  Notifier,
  QueueName,
  connectComplaints,
  connectIntake,
  connectMetricsImports,
  metricsImportWake,
  connectMongo,
  backfillDueFlags,
  backfillSearchKeys,
  migrateContracts,
  runMigrationOnce,
  MIGRATION,
  INTAKE_QUEUE,
  QUEUES,
  createQueues,
  outboxModel,
  type ExitJobData,
  type IntakeTimerJob,
  type QueueMap,
  connectCredit,
  connectDocuments,
  connectScorecards,
  redisConnection,
  EXIT_QUEUE,
  connectExit,
  type CoreConfig,
  type CoreEnv,
  coreConfig,
  connectCore,
  type ScheduleTimes,
  optionalPort,
  WECOM_QUEUE,
  connectWecom,
  wecomProcessor,
  type WecomJobData,
  FileClock,
  processClock,
  SUBSCRIPTIONS_QUEUE,
  connectSubscriptions,
  type SubscriptionJobData,
} from '@huoban/core';
import { ScheduleKeeper } from './schedules.js';
import { TestClockWatch } from './clock-watch.js';
import { exitProcessor } from './processors/exit.js';
import { subscriptionProcessor } from './processors/subscriptions.js';
import { intakeProcessor, metricsImportProcessor, scheduleProcessor, slaProcessor } from './processors/index.js';
import { WorkerMetrics, startWorkerHttp } from './ops.js';

export interface WorkerOptions extends CoreConfig {
  /** how often the sweeper repairs timers (ms) */
  sweepEveryMs: number;
  concurrency: number;
  /** how often the outbox recovery re-enqueues undelivered notices Redis lost (ms) */
  outboxEveryMs: number;
  /** how often the job schedulers are asserted again (ms; also after every Redis reconnect) */
  scheduleAssertMs: number;
  /** how often interrupted metrics imports and workflow steps are resumed (ms) */
  recoverEveryMs: number;
  /** HUOBAN_WORKER_HTTP_PORT: live/ready/metrics listener (none when unset) */
  httpPort?: number;
  /** HUOBAN_METRICS_TOKEN: bearer token `/metrics` asks for (open when unset) */
  metricsToken?: string;
}

/** Reads and validates the worker's environment (core's shared settings included); `core` overrides the stores. */
export function workerOptions(env: NodeJS.ProcessEnv, core: Partial<CoreEnv> = {}): WorkerOptions {
  const sweepEveryMs = Number(env.HUOBAN_SWEEP_EVERY_MS ?? 60_000);
  const concurrency = Number(env.HUOBAN_WORKER_CONCURRENCY ?? 300);
  if (!Number.isInteger(sweepEveryMs) || sweepEveryMs < 1000)
    throw new Error('HUOBAN_SWEEP_EVERY_MS must be an integer ≥ 1000');
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error('HUOBAN_WORKER_CONCURRENCY must be a positive integer');
  const ms = (name: string, fallback: number) => {
    const v = Number(env[name] ?? fallback);
    if (!Number.isInteger(v) || v < 1000) throw new Error(`${name} must be an integer ≥ 1000`);
    return v;
  };
  return {
    ...coreConfig(env),
    ...core,
    sweepEveryMs,
    concurrency,
    outboxEveryMs: ms('HUOBAN_OUTBOX_EVERY_MS', 10_000),
    scheduleAssertMs: ms('HUOBAN_SCHEDULE_ASSERT_MS', 15_000),
    recoverEveryMs: ms('HUOBAN_RECOVER_EVERY_MS', 30_000),
    httpPort: optionalPort(env, 'HUOBAN_WORKER_HTTP_PORT'),
    metricsToken: env.HUOBAN_METRICS_TOKEN || undefined,
  };
}

/**
 * One BullMQ worker per queue of core's table that the worker consumes, with the table's concurrency; throws when
 * a queue has no processor (or a processor no queue), so a queue added to the table cannot go unserved.
 */
export function buildWorkers(
  processors: Record<string, Processor>,
  times: ScheduleTimes,
  options: (name: string) => BullWorkerOptions,
): Worker[] {
  const names = QUEUES.filter((q) => q.consumer === 'worker').map((q) => q.name);
  const missing = names.filter((n) => !processors[n]);
  const unknown = Object.keys(processors).filter((n) => !names.includes(n));
  if (missing.length || unknown.length)
    throw new Error(
      `worker queues and processors differ: missing ${missing.join(', ') || '-'}; unknown ${unknown.join(', ') || '-'}`,
    );
  return QUEUES.filter((q) => q.consumer === 'worker').map(
    (q) => new Worker(q.name, processors[q.name], { ...options(q.name), concurrency: q.concurrency(times) }),
  );
}

/**
 * Wires the worker process: SLA timers, the sweeper, the daily scorecard checks (FT-15, FT-16), the credit month
 * close (MG-13) and the monthly metrics imports.
 */
export async function startWorker(opts: WorkerOptions) {
  const mongo = await connectMongo(opts.mongoUrl);
  // data migrations, once per database (a done-marker in `migrations`; later starts read one `{_id}` each):
  // one contract per partner, merged from the contracts stored before (docs/OPERATIONS.md)
  const migrated = await runMigrationOnce(mongo, MIGRATION.contracts, () => migrateContracts(mongo));
  if (migrated && migrated.created + migrated.completed)
    console.error(`[worker] contracts migrated: ${migrated.created} created, ${migrated.completed} completed`);
  // the due flags the bounded sweeps read, on documents stored before them
  const backfilled = await runMigrationOnce(mongo, MIGRATION.dueFlags, () => backfillDueFlags(mongo));
  if (backfilled && backfilled.notices + backfilled.exitCases + backfilled.creditAccounts)
    console.error(`[worker] due flags set: ${JSON.stringify(backfilled)}`);
  // the normalized search keys the console tables' prefix searches read (#18), on rows stored before them
  const keyed = await runMigrationOnce(mongo, MIGRATION.searchKeys, () => backfillSearchKeys(mongo));
  if (keyed && Object.values(keyed).some(Boolean)) console.error(`[worker] search keys set: ${JSON.stringify(keyed)}`);
  const connection = redisConnection(opts.redisUrl);
  // every queue of core's table, for producing, scheduling and the metrics
  const queues = createQueues(connection, opts.queuePrefix);
  const notices = queues.get(QueueName.Notices) as QueueMap[QueueName.Notices];
  const slaQueue = queues.get(QueueName.Sla) as QueueMap[QueueName.Sla];
  const schedules = queues.get(QueueName.Schedules) as QueueMap[QueueName.Schedules];
  const wecomQueue = queues.get(WECOM_QUEUE) as Queue<WecomJobData>;
  const notifier = new Notifier(notices, mongo, undefined, { wecomQueue });
  const outbox = new NoticeRecovery(notices, mongo);
  // the composition root: repositories, transitions, lifecycle, calendar, clock and config, built once
  const core = connectCore(mongo, { notifier, config: opts });
  const metrics = new WorkerMetrics();
  // every feature from the root, with the queues its handlers put wake-ups on; the worker only maps them to processors
  const complaints = await connectComplaints(core, { queue: slaQueue, observer: metrics.slaObserver });
  const scorecards = await connectScorecards(core); // FT-15 anomaly watch, FT-16 renewal reviews
  const credit = await connectCredit(core); // MG-13 month close
  const metricsQueue = queues.get(QueueName.MetricsImports) as QueueMap[QueueName.MetricsImports];
  const metricsImports = await connectMetricsImports(core, metricsImportWake(metricsQueue));
  // FT-17/FT-18: automatic exit triggers, exit deadline timers and their sweeper
  const exit = await connectExit(core, { queue: queues.get(EXIT_QUEUE) as Queue<ExitJobData> });
  const documents = await connectDocuments(core); // documents' expiry reminders (issue #19)
  const intake = await connectIntake(core, { queue: queues.get(INTAKE_QUEUE) as Queue<IntakeTimerJob> });
  // issue #19: WeCom robots are plain HTTPS, so the worker posts to them (docs/ARCHITECTURE.md)
  const wecom = connectWecom(core, connection, opts.queuePrefix, { queue: wecomQueue, log: (l) => console.log(l) });
  // partner and applicant 订阅消息: template ids and WeChat credentials from the one config (issue #19)
  const subscriptions = await connectSubscriptions(core, {
    queue: queues.get(SUBSCRIPTIONS_QUEUE) as Queue<SubscriptionJobData>,
    redis: connection,
    prefix: opts.queuePrefix,
  });
  const tasks = {
    ...complaints.handlers,
    ...scorecards.handlers,
    ...credit.handlers,
    ...intake.handlers,
    ...metricsImports.handlers,
    ...documents.handlers,
  };

  // one consumer per queue of core's table (QUEUES); a queue without its processor here stops the start
  const processors: Record<string, Processor> = {
    [QueueName.Sla]: slaProcessor(complaints.handlers[QueueName.Sla], opts.concurrency),
    [QueueName.Schedules]: scheduleProcessor({
      'sla-sweep': tasks['sla-sweep'],
      'scorecard-anomaly': tasks['scorecard-anomaly'], // FT-15
      'scorecard-renewal': tasks['scorecard-renewal'], // FT-16
      'credit-close': tasks['credit-close'], // MG-13, idempotent
      'intake-sweep': tasks['intake-sweep'], // FT-6 auto-close, FT-7/8/9 timers
      'notice-outbox': async (now) => ({
        bot: await outbox.run(now),
        wecom: await wecom.handlers['notice-outbox'](now),
      }),
      'metrics-import-recover': tasks['metrics-import-recover'],
      'workflow-recover': (now) => core.transitions.recover(15_000, now),
      'document-reminders': tasks['document-reminders'],
      housekeeping: (now) =>
        mongo
          .collection('idempotency_keys')
          .deleteMany({ createdAt: { $lt: new Date(now.getTime() - 24 * 3600_000) } }),
    }),
    [INTAKE_QUEUE]: intakeProcessor(intake.handlers[INTAKE_QUEUE]),
    [QueueName.MetricsImports]: metricsImportProcessor(metricsImports.handlers[QueueName.MetricsImports]),
    [EXIT_QUEUE]: exitProcessor(exit.handlers[EXIT_QUEUE]),
    [WECOM_QUEUE]: wecomProcessor(wecom.handlers[WECOM_QUEUE]),
    [SUBSCRIPTIONS_QUEUE]: subscriptionProcessor(subscriptions.handlers[SUBSCRIPTIONS_QUEUE]),
  };
  const workers = buildWorkers(processors, opts, () => ({
    connection: redisConnection(opts.redisUrl),
    prefix: opts.queuePrefix,
  }));
  for (const w of workers) {
    w.on('failed', (job, err) => console.error(`[worker] ${w.name} job ${job?.id} failed: ${err.message}`));
    w.on('error', (err) => console.error(`[worker] ${w.name} error: ${err.message}`));
  }
  const scheduled = QUEUES.flatMap((q) =>
    (q.schedulers?.(opts) ?? []).map((s) => ({ ...s, queue: queues.get(q.name)! })),
  );
  // test mode (HUOBAN_TEST_CLOCK_FILE): the schedules follow the shifted clock, the daily ones only through it
  const clockWatch =
    processClock instanceof FileClock ? new TestClockWatch(processClock.file, processClock, scheduled) : undefined;
  const keeper = new ScheduleKeeper(clockWatch ? scheduled.filter((s) => !('pattern' in s.repeat)) : scheduled);
  await keeper.start(connection, opts.scheduleAssertMs);
  clockWatch?.start();
  // catch up at once after a restart (a kill -9 leaves the jobs it held locked for 30 s): what fell due is breached
  // by this sweep, lost notices and interrupted steps are taken up, without waiting for the next scheduled run
  for (const task of ['sla-sweep', 'notice-outbox', 'workflow-recover'] as const)
    await schedules.add(task, { task }, { jobId: `start-${task}-${Date.now()}` });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  await tasks['metrics-import-recover'](core.now());
  metrics.watch(workers, [...queues.values()], connection, outboxModel(mongo));
  const http =
    opts.httpPort === undefined
      ? undefined
      : await startWorkerHttp(metrics, { ...opts, port: opts.httpPort, mongo, redis: connection, workers });

  return {
    keeper,
    metrics,
    /** the live/ready/metrics listener's port, when it runs */
    httpPort: http?.port,
    async close() {
      clockWatch?.stop();
      keeper.stop(connection);
      await http?.close();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
      connection.disconnect();
      await mongo.close();
    },
  };
}
