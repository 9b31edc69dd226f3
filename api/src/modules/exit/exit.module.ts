import { Logger, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import type { Connection } from 'mongoose';
import {
  CalendarSource,
  ExitTimerScheduler,
  Notifier,
  connectExit,
  createExitQueue,
  type ExitJobData,
} from '@huoban/core';
import { MONGO, REDIS } from '../../common/infra.module.js';
import { API_CONFIG, type ApiConfig } from '../../config.js';
import { ExitController } from './exit.controller.js';
import { EXIT, ExitApiService } from './exit.service.js';

const EXIT_QUEUE = Symbol('EXIT_QUEUE');
const log = new Logger('Exit');

@Module({
  controllers: [ExitController],
  providers: [
    {
      provide: EXIT_QUEUE,
      useFactory: (r: Redis, config: ApiConfig) => createExitQueue(r, config.queuePrefix, config.redisTimeoutMs),
      inject: [REDIS, API_CONFIG],
    },
    {
      provide: EXIT,
      // FT-18: a step schedules the case's deadline timers at once; while Redis is away the worker's sweeper does
      useFactory: async (conn: Connection, notifier: Notifier, calendar: CalendarSource, queue: Queue<ExitJobData>) =>
        (
          await connectExit(conn, {
            notifier,
            calendar,
            timers: new ExitTimerScheduler(queue),
            onScheduleError: (c, err) => log.warn(`could not schedule exit timers for ${c.id}: ${err.message}`),
          })
        ).service,
      inject: [MONGO, Notifier, CalendarSource, EXIT_QUEUE],
    },
    ExitApiService,
  ],
  exports: [EXIT],
})
// the queue shares the api's Redis connection (closed by the infra module), as the intake queue does
export class ExitModule {}
