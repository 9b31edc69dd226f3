import { Inject } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CalendarSource, Notifier, connectScorecards, type ScorecardFeature } from '@huoban/core';
import { Clock, MONGO } from '../../common/infra.module.js';

/** The scorecard feature (repositories and use-cases), built once on the api's connection by `connectScorecards`. */
export const SCORECARDS = Symbol('SCORECARDS');
export const InjectScorecards = () => Inject(SCORECARDS);
export type { ScorecardFeature };

export const scorecardsProvider = {
  provide: SCORECARDS,
  useFactory: (conn: Connection, calendar: CalendarSource, notifier: Notifier, clock: Clock) =>
    connectScorecards(conn, { calendar, notifier, now: () => clock.now() }),
  inject: [MONGO, CalendarSource, Notifier, Clock],
};
