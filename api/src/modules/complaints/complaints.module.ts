import { Logger, Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import {
  AuditRepository,
  CalendarSource,
  ComplaintImportRepository,
  ComplaintImportService,
  ComplaintRepository,
  Notifier,
  PartnerRepository,
  ProgrammeRepository,
  SlaScheduler,
  complaintImportModels,
  connectComplaints,
  ComplaintService,
} from '@huoban/core';
import { Clock, MONGO } from '../../common/infra.module.js';
import { ComplaintImportsController } from './complaint-imports.controller.js';
import { ComplaintsController } from './complaints.controller.js';

const log = new Logger('Complaints');

@Module({
  // the imports first: `complaints/imports` must not be read as `complaints/:id`
  controllers: [ComplaintImportsController, ComplaintsController],
  providers: [
    {
      provide: ComplaintService,
      useFactory: (
        conn: Connection,
        scheduler: SlaScheduler,
        calendar: CalendarSource,
        notifier: Notifier,
        clock: Clock,
      ) =>
        connectComplaints(conn, {
          scheduler,
          calendar,
          notifier,
          now: () => clock.now(),
          onScheduleError: (c, err) => log.warn(`could not schedule SLA timers for ${c.no}: ${err.message}`),
        }).service,
      inject: [MONGO, SlaScheduler, CalendarSource, Notifier, Clock],
    },
    {
      provide: ComplaintImportService,
      useFactory: async (
        conn: Connection,
        service: ComplaintService,
        complaints: ComplaintRepository,
        programmes: ProgrammeRepository,
        partners: PartnerRepository,
        audit: AuditRepository,
        clock: Clock,
      ) =>
        new ComplaintImportService({
          imports: new ComplaintImportRepository(await complaintImportModels(conn)),
          complaints,
          programmes,
          partners,
          audit,
          service,
          now: () => clock.now(),
        }),
      inject: [
        MONGO,
        ComplaintService,
        ComplaintRepository,
        ProgrammeRepository,
        PartnerRepository,
        AuditRepository,
        Clock,
      ],
    },
  ],
})
export class ComplaintsModule {}
