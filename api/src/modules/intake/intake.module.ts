import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import {
  AuditRepository,
  CalendarSource,
  Notifier,
  PartnerLifecycle,
  PartnerRepository,
  ProgrammeRepository,
  connectIntake,
  createIntakeQueue,
  type CreditFeature,
} from '@huoban/core';
import { Clock, MONGO, REDIS } from '../../common/infra.module.js';
import { API_CONFIG, type ApiConfig } from '../../config.js';
import { WechatClient } from '../auth/wechat.client.js';
import { CreditModule } from '../credit/credit.module.js';
import { CREDIT } from '../credit/credit.providers.js';
import { ApplicationsController } from './applications.controller.js';
import { CommitteeController } from './committee.controller.js';
import { LettersController } from './letters.controller.js';
import { RecruitmentsController } from './recruitments.controller.js';
import { ReviewController } from './review.controller.js';
import { INTAKE, INTAKE_QUEUE, IntakeApi } from './intake.service.js';

/** Intake (FT-1..FT-11): public notices, applicants, reviews, committee, 公示, signing, letters. */
@Module({
  imports: [CreditModule],
  controllers: [
    RecruitmentsController,
    ApplicationsController,
    ReviewController,
    CommitteeController,
    LettersController,
  ],
  providers: [
    WechatClient,
    {
      provide: INTAKE,
      useFactory: async (
        conn: Connection,
        config: ApiConfig,
        calendar: CalendarSource,
        audit: AuditRepository,
        notifier: Notifier,
        partners: PartnerRepository,
        lifecycle: PartnerLifecycle,
        programmes: ProgrammeRepository,
        clock: Clock,
        credit: CreditFeature,
      ) => {
        return connectIntake(conn, {
          calendar,
          audit,
          notifier,
          partners,
          lifecycle,
          programmes,
          badCredit: credit.repos.badCredit,
          creditLedger: credit.ledger,
          publicUrl: config.publicUrl,
          now: () => clock.now(),
        });
      },
      inject: [
        MONGO,
        API_CONFIG,
        CalendarSource,
        AuditRepository,
        Notifier,
        PartnerRepository,
        PartnerLifecycle,
        ProgrammeRepository,
        Clock,
        CREDIT,
      ],
    },
    {
      provide: INTAKE_QUEUE,
      useFactory: (r: Redis, config: ApiConfig) => createIntakeQueue(r, config.queuePrefix, config.redisTimeoutMs),
      inject: [REDIS, API_CONFIG],
    },
    IntakeApi,
  ],
})
export class IntakeModule {}
