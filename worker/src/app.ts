import { Worker } from 'bullmq';
import {
  CalendarSource,
  Notifier,
  QueueName,
  SlaHandler,
  SlaScheduler,
  SweepHandler,
  Transitions,
  connectMongo,
  CreditLedger,
  INTAKE_QUEUE,
  createIntakeQueue,
  connectScorecards,
  creditModels,
  creditRepositories,
  createQueue,
  models,
  redisConnection,
  repositories,
  ExitTimerScheduler,
  EXIT_QUEUE,
  connectExit,
  createExitQueue,
  type CoreEnv,
  type ScheduleTask,
  optionalPort,
} from '@huoban/core';
import { CreditCloseHandler } from './handlers/credit-close.handler.js';
import { ScorecardAnomalyHandler } from './handlers/scorecard-anomaly.handler.js';
import { ScorecardRenewalHandler } from './handlers/scorecard-renewal.handler.js';
import { MetricsImportHandler } from './handlers/metrics-import.handler.js';
import { IntakeHandler } from './handlers/intake.handler.js';
import { ExitHandler } from './handlers/exit.handler.js';
import { exitProcessor } from './processors/exit.js';
import { intakeProcessor, metricsImportProcessor, scheduleProcessor, slaProcessor } from './processors/index.js';
import { WorkerMetrics, startWorkerHttp } from './ops.js';

export interface WorkerOptions extends CoreEnv {
  /** how often the sweeper repairs timers (ms) */
  sweepEveryMs: number;
  concurrency: number;
  /** HUOBAN_WORKER_HTTP_PORT: live/ready/metrics listener (none when unset) */
  httpPort?: number;
  /** HUOBAN_METRICS_TOKEN: bearer token `/metrics` asks for (open when unset) */
  metricsToken?: string;
}

export function workerOptions(env: NodeJS.ProcessEnv, core: CoreEnv): WorkerOptions {
  const sweepEveryMs = Number(env.HUOBAN_SWEEP_EVERY_MS ?? 60_000);
  const concurrency = Number(env.HUOBAN_WORKER_CONCURRENCY ?? 100);
  if (!Number.isInteger(sweepEveryMs) || sweepEveryMs < 1000)
    throw new Error('HUOBAN_SWEEP_EVERY_MS must be an integer ≥ 1000');
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error('HUOBAN_WORKER_CONCURRENCY must be a positive integer');
  const ops = {
    httpPort: optionalPort(env, 'HUOBAN_WORKER_HTTP_PORT'),
    metricsToken: env.HUOBAN_METRICS_TOKEN || undefined,
  };
  return { ...core, sweepEveryMs, concurrency, ...ops };
}

/**
 * Wires the worker process: SLA timers, the sweeper, the daily scorecard checks (FT-15, FT-16), the credit month
 * close (MG-13) and the monthly metrics imports.
 */
export async function startWorker(opts: WorkerOptions) {
  const mongo = await connectMongo(opts.mongoUrl);
  const repos = repositories(models(mongo));
  const connection = redisConnection(opts.redisUrl);
  const notices = createQueue(QueueName.Notices, connection, opts.queuePrefix);
  const slaQueue = createQueue(QueueName.Sla, connection, opts.queuePrefix);
  const schedules = createQueue(QueueName.Schedules, connection, opts.queuePrefix);
  const calendar = new CalendarSource(repos.calendar);
  const notifier = new Notifier(notices);
  const transitions = new Transitions(mongo, repos.audit, notifier);
  const metrics = new WorkerMetrics();
  const sla = new SlaHandler(repos, notifier, transitions, calendar, undefined, metrics.slaObserver);
  const sweep = new SweepHandler(repos, sla, new SlaScheduler(slaQueue), transitions, calendar);
  const scorecards = await connectScorecards(mongo);
  const anomaly = new ScorecardAnomalyHandler(repos, scorecards, notifier);
  const renewal = new ScorecardRenewalHandler(repos, scorecards, notifier);
  const metricsQueue = createQueue(QueueName.MetricsImports, connection, opts.queuePrefix);
  const metricsImports = await MetricsImportHandler.create(mongo, repos, scorecards, metricsQueue);
  const creditClose = new CreditCloseHandler(
    new CreditLedger({
      repos: creditRepositories(await creditModels(mongo)),
      partners: repos.partners,
      audit: repos.audit,
      notifier,
    }),
  );
  // FT-17/FT-18: automatic exit triggers, exit deadline timers and their sweeper
  const exitQueue = createExitQueue(connection, opts.queuePrefix);
  const exitFeature = await connectExit(mongo, { notifier, calendar });
  const exit = new ExitHandler(mongo, exitFeature.service, new ExitTimerScheduler(exitQueue), notifier, calendar);

  const intakeQueue = createIntakeQueue(connection, opts.queuePrefix);
  const intake = await IntakeHandler.create(mongo, repos, calendar, notifier, intakeQueue);

  const workers = [
    new Worker(QueueName.Sla, slaProcessor(sla), {
      connection: redisConnection(opts.redisUrl),
      prefix: opts.queuePrefix,
      concurrency: opts.concurrency,
    }),
    new Worker(
      QueueName.Schedules,
      scheduleProcessor({
        'sla-sweep': () => sweep.sweep(),
        'scorecard-anomaly': (now) => anomaly.check(now), // FT-15
        'scorecard-renewal': (now) => renewal.check(now), // FT-16
        'credit-close': (now) => creditClose.run(now), // MG-13, idempotent
        'intake-sweep': (now) => intake.sweep(now), // FT-6 auto-close, FT-7/8/9 timers
      }),
      {
        connection: redisConnection(opts.redisUrl),
        prefix: opts.queuePrefix,
        concurrency: 1,
      },
    ),
    new Worker(INTAKE_QUEUE, intakeProcessor(intake), {
      connection: redisConnection(opts.redisUrl),
      prefix: opts.queuePrefix,
      concurrency: 10,
    }),
    // one import at a time: the applier is the single writer of an import's progress
    new Worker(QueueName.MetricsImports, metricsImportProcessor(metricsImports), {
      connection: redisConnection(opts.redisUrl),
      prefix: opts.queuePrefix,
      concurrency: 1,
    }),
    new Worker(EXIT_QUEUE, exitProcessor(exit), {
      connection: redisConnection(opts.redisUrl),
      prefix: opts.queuePrefix,
      concurrency: 1,
    }),
  ];
  for (const w of workers) {
    w.on('failed', (job, err) => console.error(`[worker] ${w.name} job ${job?.id} failed: ${err.message}`));
    w.on('error', (err) => console.error(`[worker] ${w.name} error: ${err.message}`));
  }
  const schedule = (task: ScheduleTask, repeat: { every: number } | { pattern: string; tz: string }) =>
    schedules.upsertJobScheduler(task, repeat, { name: task, data: { task } });
  await schedule('sla-sweep', { every: opts.sweepEveryMs });
  await schedule('intake-sweep', { every: opts.sweepEveryMs });
  await schedule('scorecard-anomaly', { pattern: '30 8 * * *', tz: 'Asia/Shanghai' });
  await schedule('scorecard-renewal', { pattern: '0 9 * * *', tz: 'Asia/Shanghai' });
  // the previous month closes early on the 1st; running daily lets a missed run catch up
  await schedule('credit-close', { pattern: '15 1 * * *', tz: 'Asia/Shanghai' });
  await exitQueue.upsertJobScheduler(
    'exit-sweep',
    { every: opts.sweepEveryMs },
    { name: 'sweep', data: { type: 'sweep' } },
  );
  await exitQueue.upsertJobScheduler(
    'exit-triggers',
    { pattern: '45 8 * * *', tz: 'Asia/Shanghai' },
    { name: 'triggers', data: { type: 'triggers' } },
  );
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  await metricsImports.recover();
  metrics.watch(workers, [slaQueue, notices, schedules, metricsQueue, exitQueue], connection);
  const http =
    opts.httpPort === undefined
      ? undefined
      : await startWorkerHttp(metrics, { ...opts, port: opts.httpPort, mongo, redis: connection, workers });

  return {
    sweep,
    intake,
    exit,
    metrics,
    /** the live/ready/metrics listener's port, when it runs */
    httpPort: http?.port,
    async close() {
      await http?.close();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([
        notices.close(),
        slaQueue.close(),
        schedules.close(),
        metricsQueue.close(),
        intakeQueue.close(),
        exitQueue.close(),
      ]);
      connection.disconnect();
      await mongo.close();
    },
  };
}
