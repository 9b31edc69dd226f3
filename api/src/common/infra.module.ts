import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import {
  AuditRepository,
  CalendarRepository,
  CalendarSource,
  ComplaintRepository,
  Notifier,
  PartnerContractRepository,
  processClock,
  PartnerLifecycle,
  PartnerRepository,
  ProgrammeRepository,
  QueueName,
  ScoreEventRepository,
  Transitions,
  UserRepository,
  connectCore,
  connectMongo,
  createQueue,
  producerConnection,
  type Core,
  type Repositories,
  type SlaJobData,
} from '@huoban/core';
import { API_CONFIG, type ApiConfig } from '../config.js';
import { AuditTrail } from './audit.service.js';
import { IdempotencyInterceptor } from './idempotency.js';

import { CORE, MODELS, MONGO, REDIS, SLA_QUEUE } from './tokens.js';
export { CORE, MODELS, MONGO, REDIS, SLA_QUEUE };

/** Injectable clock so services and tests agree on "now": core's one process clock (movable in test mode only). */
export class Clock {
  now(): Date {
    return processClock.now();
  }
}

/** A shared piece of the composition root, injectable by its class (the core built it once). */
const fromCore = <T>(provide: abstract new (...args: never[]) => T, pick: (core: Core) => T) => ({
  provide,
  useFactory: pick,
  inject: [CORE],
});
const repo = <K extends keyof Repositories>(cls: abstract new (...args: never[]) => Repositories[K], key: K) =>
  fromCore(cls, (core) => core.repos[key]);

/** Adapters over MongoDB and Redis: repositories, queues, calendar, clock. */
@Global()
@Module({})
export class InfraModule implements OnApplicationShutdown {
  constructor(
    @Inject(MONGO) private readonly mongo: Connection,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SLA_QUEUE) private readonly slaQueue: Queue<SlaJobData>,
    private readonly notifier: Notifier,
  ) {}

  static forRoot(config: ApiConfig): DynamicModule {
    const providers = [
      { provide: API_CONFIG, useValue: config },
      // fail fast while the database is away: no buffering, a short server selection → 503 from the error filter
      {
        provide: MONGO,
        useFactory: () =>
          connectMongo(config.mongoUrl, { serverSelectionTimeoutMS: config.dbTimeoutMs, bufferCommands: false }),
      },
      // a producer connection: commands never wait for Redis (MongoDB holds the truth; the worker catches up)
      { provide: REDIS, useFactory: () => producerConnection(config.redisUrl, config.redisTimeoutMs) },
      {
        provide: Notifier,
        useFactory: (r: Redis, c: Connection) =>
          new Notifier(createQueue(QueueName.Notices, r, config.queuePrefix, config.redisTimeoutMs), c),
        inject: [REDIS, MONGO],
      },
      // the composition root: repositories, transitions, lifecycle, calendar, clock and config, built once
      {
        provide: CORE,
        useFactory: (c: Connection, notifier: Notifier) =>
          connectCore(c, { notifier, calendarTtlMs: 10_000, now: () => processClock.now(), config }),
        inject: [MONGO, Notifier],
      },
      { provide: MODELS, useFactory: (core: Core) => core.models, inject: [CORE] },
      repo(ProgrammeRepository, 'programmes'),
      repo(PartnerRepository, 'partners'),
      repo(PartnerContractRepository, 'contracts'),
      repo(UserRepository, 'users'),
      repo(ComplaintRepository, 'complaints'),
      repo(ScoreEventRepository, 'scoreEvents'),
      repo(AuditRepository, 'audit'),
      repo(CalendarRepository, 'calendar'),
      fromCore(CalendarSource, (core) => core.calendar),
      fromCore(Transitions, (core) => core.transitions),
      fromCore(PartnerLifecycle, (core) => core.lifecycle),
      {
        provide: SLA_QUEUE,
        useFactory: (r: Redis) => createQueue(QueueName.Sla, r, config.queuePrefix, config.redisTimeoutMs),
        inject: [REDIS],
      },
      Clock,
      AuditTrail,
    ];
    return {
      module: InfraModule,
      // `Idempotency-Key` on every POST (registered here, beside the connection it stores keys in)
      providers: [...providers, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
      exports: providers.map((p) => ('provide' in p ? p.provide : p)),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.slaQueue.close(), this.notifier.close()]);
    this.redis.disconnect();
    await this.mongo.close();
  }
}
