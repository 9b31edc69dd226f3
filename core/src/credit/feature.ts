import type { Connection } from 'mongoose';
import { AuditRepository, PartnerRepository } from '../db/repositories.js';
import { models } from '../db/schemas.js';
import type { NoticeSink } from '../workflow/transitions.js';
import { CreditLedger } from './ledger.js';
import { creditRepositories, type CreditRepositories } from './repositories.js';
import { creditModels } from './schemas.js';

export interface CreditDeps {
  /** MG-7 A-class results go to staff; omitted → no notices */
  notifier?: NoticeSink | null;
}

/** The credit feature (seed 002, MG-1..MG-13): its repositories and the one ledger api and worker share. */
export interface CreditFeature {
  repos: CreditRepositories;
  ledger: CreditLedger;
}

/** Builds the credit feature on a connection (api, worker and tests alike); indexes are built before it returns. */
export async function connectCredit(conn: Connection, deps: CreditDeps = {}): Promise<CreditFeature> {
  const repos = creditRepositories(await creditModels(conn));
  const m = models(conn);
  const ledger = new CreditLedger({
    repos,
    partners: new PartnerRepository(m),
    audit: new AuditRepository(m),
    notifier: deps.notifier ?? null,
  });
  return { repos, ledger };
}
