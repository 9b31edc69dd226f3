import { Logger, Module } from '@nestjs/common';
import type { Queue } from 'bullmq';
import {
  ComplaintImportService,
  ComplaintService,
  connectComplaints,
  type ComplaintsFeature,
  type Core,
  type SlaJobData,
} from '@huoban/core';
import { CORE, SLA_QUEUE } from '../../common/infra.module.js';
import { ComplaintImportsController } from './complaint-imports.controller.js';
import { ComplaintsController } from './complaints.controller.js';

const log = new Logger('Complaints');
const COMPLAINTS = Symbol('COMPLAINTS');

@Module({
  // the imports first: `complaints/imports` must not be read as `complaints/:id`
  controllers: [ComplaintImportsController, ComplaintsController],
  providers: [
    {
      provide: COMPLAINTS,
      useFactory: (core: Core, queue: Queue<SlaJobData>) =>
        connectComplaints(core, {
          queue,
          onScheduleError: (c, err) => log.warn(`could not schedule SLA timers for ${c.no}: ${err.message}`),
        }),
      inject: [CORE, SLA_QUEUE],
    },
    { provide: ComplaintService, useFactory: (f: ComplaintsFeature) => f.service, inject: [COMPLAINTS] },
    { provide: ComplaintImportService, useFactory: (f: ComplaintsFeature) => f.imports, inject: [COMPLAINTS] },
  ],
})
export class ComplaintsModule {}
