import { Logger, Module } from '@nestjs/common';
import { ComplaintImportService, ComplaintService, SlaScheduler, connectComplaints, type Core } from '@huoban/core';
import { CORE } from '../../common/infra.module.js';
import { ComplaintImportsController } from './complaint-imports.controller.js';
import { ComplaintsController } from './complaints.controller.js';

const log = new Logger('Complaints');
const COMPLAINTS = Symbol('COMPLAINTS');
type ComplaintsFeature = Awaited<ReturnType<typeof connectComplaints>>;

@Module({
  // the imports first: `complaints/imports` must not be read as `complaints/:id`
  controllers: [ComplaintImportsController, ComplaintsController],
  providers: [
    {
      provide: COMPLAINTS,
      useFactory: (core: Core, scheduler: SlaScheduler) =>
        connectComplaints(core, {
          scheduler,
          onScheduleError: (c, err) => log.warn(`could not schedule SLA timers for ${c.no}: ${err.message}`),
        }),
      inject: [CORE, SlaScheduler],
    },
    { provide: ComplaintService, useFactory: (f: ComplaintsFeature) => f.service, inject: [COMPLAINTS] },
    { provide: ComplaintImportService, useFactory: (f: ComplaintsFeature) => f.imports, inject: [COMPLAINTS] },
  ],
})
export class ComplaintsModule {}
