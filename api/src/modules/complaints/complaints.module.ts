import { Logger, Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CalendarSource, Notifier, SlaScheduler, connectComplaints, ComplaintService } from '@huoban/core';
import { Clock, MONGO } from '../../common/infra.module.js';
import { ComplaintsController } from './complaints.controller.js';

const log = new Logger('Complaints');

@Module({
  controllers: [ComplaintsController],
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
  ],
})
export class ComplaintsModule {}
