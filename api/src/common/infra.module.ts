import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
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
  SlaScheduler,
  Transitions,
  UserRepository,
  connectMongo,
  createQueue,
  models,
  producerConnection,
  type Models,
} from '@huoban/core';
import { API_CONFIG, type ApiConfig } from '../config.js';
import { AuditTrail } from './audit.service.js';
import { IdempotencyInterceptor } from './idempotency.js';

import { MODELS, MONGO, REDIS } from './tokens.js';
export { MODELS, MONGO, REDIS };

/** Injectable clock so services and tests agree on "now": core's one process clock (movable in test mode only). */
export class Clock {
  now(): Date {
    return processClock.now();
  }
}

const repo = <T>(cls: new (m: Models) => T) => ({
  provide: cls,
  useFactory: (m: Models) => new cls(m),
  inject: [MODELS],
});

/** Adapters over MongoDB and Redis: repositories, queues, calendar, clock. */
@Global()
@Module({})
export class InfraModule implements OnApplicationShutdown {
  constructor(
    @Inject(MONGO) private readonly mongo: Connection,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly scheduler: SlaScheduler,
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
      { provide: MODELS, useFactory: (c: Connection) => models(c), inject: [MONGO] },
      // a producer connection: commands never wait for Redis (MongoDB holds the truth; the worker catches up)
      { provide: REDIS, useFactory: () => producerConnection(config.redisUrl, config.redisTimeoutMs) },
      repo(ProgrammeRepository),
      repo(PartnerRepository),
      repo(PartnerContractRepository),
      repo(UserRepository),
      repo(ComplaintRepository),
      repo(ScoreEventRepository),
      repo(AuditRepository),
      repo(CalendarRepository),
      {
        provide: CalendarSource,
        useFactory: (r: CalendarRepository) => new CalendarSource(r, 10_000),
        inject: [CalendarRepository],
      },
      {
        provide: SlaScheduler,
        useFactory: (r: Redis) =>
          new SlaScheduler(createQueue(QueueName.Sla, r, config.queuePrefix, config.redisTimeoutMs)),
        inject: [REDIS],
      },
      {
        provide: Notifier,
        useFactory: (r: Redis, c: Connection) =>
          new Notifier(createQueue(QueueName.Notices, r, config.queuePrefix, config.redisTimeoutMs), c),
        inject: [REDIS, MONGO],
      },
      {
        provide: Transitions,
        useFactory: (c: Connection, audit: AuditRepository, notifier: Notifier) => new Transitions(c, audit, notifier),
        inject: [MONGO, AuditRepository, Notifier],
      },
      {
        provide: PartnerLifecycle,
        useFactory: (partners: PartnerRepository, t: Transitions, contracts: PartnerContractRepository) =>
          new PartnerLifecycle(partners, t, contracts),
        inject: [PartnerRepository, Transitions, PartnerContractRepository],
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
    await Promise.allSettled([this.scheduler.close(), this.notifier.close()]);
    this.redis.disconnect();
    await this.mongo.close();
  }
}
