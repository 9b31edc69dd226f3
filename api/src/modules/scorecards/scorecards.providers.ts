import { Inject } from '@nestjs/common';
import type { Connection } from 'mongoose';
import {
  AuditRepository,
  CalendarSource,
  Notifier,
  PartnerLifecycle,
  PartnerRepository,
  ProgrammeRepository,
  RectificationService,
  ScorecardInputService,
  ScorecardService,
  Transitions,
  connectScorecards,
  type ScorecardRepositories,
} from '@huoban/core';
import { Clock, MONGO } from '../../common/infra.module.js';

/** The scorecard repositories (models registered and indexes built on the api's connection). */
export const SCORECARD_REPOS = Symbol('SCORECARD_REPOS');
export const InjectScorecardRepos = () => Inject(SCORECARD_REPOS);
export type { ScorecardRepositories };

export const scorecardProviders = [
  { provide: SCORECARD_REPOS, useFactory: (c: Connection) => connectScorecards(c), inject: [MONGO] },
  {
    provide: ScorecardService,
    useFactory: (
      r: ScorecardRepositories,
      programmes: ProgrammeRepository,
      partners: PartnerRepository,
      audit: AuditRepository,
      calendar: CalendarSource,
      notifier: Notifier,
    ) => new ScorecardService(r, { programmes, partners, audit }, calendar, notifier),
    inject: [SCORECARD_REPOS, ProgrammeRepository, PartnerRepository, AuditRepository, CalendarSource, Notifier],
  },
  {
    provide: ScorecardInputService,
    useFactory: (
      r: ScorecardRepositories,
      programmes: ProgrammeRepository,
      partners: PartnerRepository,
      audit: AuditRepository,
    ) => new ScorecardInputService(r, { programmes, partners, audit }),
    inject: [SCORECARD_REPOS, ProgrammeRepository, PartnerRepository, AuditRepository],
  },
  {
    provide: RectificationService,
    useFactory: (
      repos: ScorecardRepositories,
      partners: PartnerRepository,
      lifecycle: PartnerLifecycle,
      transitions: Transitions,
      clock: Clock,
    ) => new RectificationService({ repos, partners, lifecycle, transitions, now: () => clock.now() }),
    inject: [SCORECARD_REPOS, PartnerRepository, PartnerLifecycle, Transitions, Clock],
  },
];
