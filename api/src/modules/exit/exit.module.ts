import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CalendarSource, Notifier, connectExit } from '@huoban/core';
import { MONGO } from '../../common/infra.module.js';
import { ExitController } from './exit.controller.js';
import { EXIT, ExitApiService } from './exit.service.js';

@Module({
  controllers: [ExitController],
  providers: [
    {
      provide: EXIT,
      useFactory: async (conn: Connection, notifier: Notifier, calendar: CalendarSource) =>
        (await connectExit(conn, { notifier, calendar })).service,
      inject: [MONGO, Notifier, CalendarSource],
    },
    ExitApiService,
  ],
  exports: [EXIT],
})
export class ExitModule {}
