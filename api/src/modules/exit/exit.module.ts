import { Logger, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import { connectExit, createExitQueue, type Core, type ExitJobData } from '@huoban/core';
import { CORE, REDIS } from '../../common/infra.module.js';
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
      useFactory: async (core: Core, queue: Queue<ExitJobData>) =>
        (
          await connectExit(core, {
            queue,
            onScheduleError: (c, err) => log.warn(`could not schedule exit timers for ${c.id}: ${err.message}`),
          })
        ).service,
      inject: [CORE, EXIT_QUEUE],
    },
    ExitApiService,
  ],
  exports: [EXIT],
})
// the queue shares the api's Redis connection (closed by the infra module), as the intake queue does
export class ExitModule {}
