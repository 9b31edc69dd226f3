import type { Connection } from 'mongoose';
import { repositories } from '../db/repositories.js';
import { models } from '../db/schemas.js';
import { PartnerLifecycle } from '../partners/service.js';
import { DocumentRepository } from '../documents/store.js';
import { CalendarSource } from '../sla/calendar-source.js';
import { Transitions, type NoticeSink } from '../workflow/transitions.js';
import { AnomalyWatch } from './anomaly-watch.js';
import { ScorecardInputService } from './inputs.service.js';
import { RectificationService } from './rectifications.js';
import { RenewalReviews } from './renewal-reviews.js';
import { scorecardRepositories, type ScorecardRepositories } from './repositories.js';
import { ScorecardService } from './scorecard.service.js';
import { ensureScorecardIndexes, scorecardModels } from './schemas.js';

export interface ScorecardDeps {
  /** the working calendar (rectification deadlines); defaults to the stored calendar */
  calendar?: CalendarSource;
  /** staff notices; omitted → no notices (tests that only seed) */
  notifier?: NoticeSink | null;
  now?: () => Date;
}

/** The scorecard feature (FT-12, FT-12a, FT-14, FT-15, FT-16): its repositories and its use-cases. */
export interface ScorecardFeature {
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

const NO_NOTICES: NoticeSink = { notify: async () => undefined };

/**
 * Builds the scorecard feature on a connection (api, worker and tests alike): registers its models, builds their
 * indexes and wires the use-cases over the core repositories.
 */
export async function connectScorecards(conn: Connection, deps: ScorecardDeps = {}): Promise<ScorecardFeature> {
  const own = scorecardModels(conn);
  await ensureScorecardIndexes(own);
  const m = models(conn);
  const core = repositories(m);
  const repos = scorecardRepositories(m, own);
  const notifier = deps.notifier ?? NO_NOTICES;
  const now = deps.now ?? (() => new Date());
  const transitions = new Transitions(conn, core.audit, deps.notifier ?? undefined);
  const lifecycle = new PartnerLifecycle(core.partners, transitions, core.contracts);
  const { programmes, partners, audit } = core;
  return {
    repos,
    service: new ScorecardService(repos, core, deps.calendar ?? new CalendarSource(core.calendar), notifier),
    inputs: new ScorecardInputService(repos, core),
    rectifications: new RectificationService({ repos, partners, lifecycle, transitions, now }),
    watch: new AnomalyWatch({ repos, programmes, partners, audit, lifecycle, notifier, now }),
    renewals: new RenewalReviews({ repos, programmes, partners, audit, notifier, documents: new DocumentRepository(conn), now }),
  };
}
