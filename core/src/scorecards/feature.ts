import { DocumentRepository } from '../documents/store.js';
import { NO_NOTICES, type Core, type Feature, type ScheduleRun } from '../root.js';
import { AnomalyWatch } from './anomaly-watch.js';
import { ScorecardInputService } from './inputs.service.js';
import { RectificationService } from './rectifications.js';
import { RenewalReviews } from './renewal-reviews.js';
import { scorecardRepositories, type ScorecardRepositories } from './repositories.js';
import { ScorecardService } from './scorecard.service.js';
import { ensureScorecardIndexes, scorecardModels } from './schemas.js';

/** The scorecard feature (FT-12, FT-12a, FT-14, FT-15, FT-16): its repositories and its use-cases. */
export interface ScorecardFeature extends Feature<
  ScorecardService,
  { 'scorecard-anomaly': ScheduleRun; 'scorecard-renewal': ScheduleRun }
> {
  repos: ScorecardRepositories;
  /** programme tables, the live score, the period close */
  service: ScorecardService;
  /** staff-rated inputs and escalation flags */
  inputs: ScorecardInputService;
  /** FT-14 rectification and the FT-16 renewal decision */
  rectifications: RectificationService;
  /** FT-15 complaint-spike watch, suspension */
  watch: AnomalyWatch;
  /** FT-16 contracts and renewal reviews */
  renewals: RenewalReviews;
}

/**
 * Builds the scorecard feature on the composition root, once per core (api, worker and tests alike): registers its
 * models, builds their indexes and wires the use-cases over the core's repositories, lifecycle and calendar.
 */
export function connectScorecards(core: Core): Promise<ScorecardFeature> {
  return core.feature('scorecards', async () => {
    const own = scorecardModels(core.conn);
    await ensureScorecardIndexes(own);
    const repos = scorecardRepositories(core.models, own);
    const notifier = core.notifier ?? NO_NOTICES;
    const { transitions, lifecycle, counters, now } = core;
    const { programmes, partners, audit } = core.repos;
    const watch = new AnomalyWatch({ repos, counters, programmes, partners, audit, lifecycle, notifier, now });
    const documents = new DocumentRepository(core.conn);
    const renewals = new RenewalReviews({ repos, programmes, partners, audit, notifier, documents, now });
    return {
      repos,
      service: new ScorecardService(repos, core.repos, core.calendar, notifier),
      inputs: new ScorecardInputService(repos, core.repos),
      rectifications: new RectificationService({ repos, partners, lifecycle, transitions, now }),
      watch,
      renewals,
      // FT-15 and FT-16, daily
      handlers: {
        'scorecard-anomaly': (at: Date) => watch.check(at),
        'scorecard-renewal': (at: Date) => renewals.check(at),
      },
    };
  });
}
