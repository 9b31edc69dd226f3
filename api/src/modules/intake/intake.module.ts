import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import { connectIntake, createIntakeQueue, type Core, type IntakeTimerJob } from '@huoban/core';
import { CORE, REDIS } from '../../common/infra.module.js';
import { API_CONFIG, type ApiConfig } from '../../config.js';
import { WechatClient } from '../auth/wechat.client.js';
import { ApplicationsController } from './applications.controller.js';
import { CommitteeController } from './committee.controller.js';
import { LettersController } from './letters.controller.js';
import { RecruitmentsController } from './recruitments.controller.js';
import { ReviewController } from './review.controller.js';
import { TablesController } from './tables.controller.js';
import { INTAKE, INTAKE_QUEUE, IntakeApi } from './intake.service.js';

/** Intake (FT-1..FT-11): public notices, applicants, reviews, committee, 公示, signing, letters. */
@Module({
  controllers: [
    RecruitmentsController,
    ApplicationsController,
    ReviewController,
    CommitteeController,
    LettersController,
    TablesController,
  ],
  providers: [
    WechatClient,
    {
      provide: INTAKE,
      useFactory: (core: Core, queue: Queue<IntakeTimerJob>) => connectIntake(core, { queue }),
      inject: [CORE, INTAKE_QUEUE],
    },
    {
      provide: INTAKE_QUEUE,
      useFactory: (r: Redis, config: ApiConfig) => createIntakeQueue(r, config.queuePrefix, config.redisTimeoutMs),
      inject: [REDIS, API_CONFIG],
    },
    IntakeApi,
  ],
  exports: [INTAKE],
})
export class IntakeModule {}
