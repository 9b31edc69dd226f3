import type { AuditRepository, PartnerRepository, ProgrammeRepository } from '../db/repositories.js';
import type { Caller } from '../db/types.js';
import type { NoticeSink } from '../workflow/transitions.js';
import type { CreditLedger } from './ledger.js';
import type { CreditRepositories } from './repositories.js';

/** What the credit use-cases share: the feature's repositories and ledger, and the core pieces they read. */
export interface CreditContext {
  repos: CreditRepositories;
  ledger: CreditLedger;
  partners: PartnerRepository;
  programmes: ProgrammeRepository;
  audit: AuditRepository;
  notifier: NoticeSink | null;
  now: () => Date;
}

/** One audit entry of a caller's change (who, what, why; when is now). */
export const recordChange = (
  x: Pick<CreditContext, 'audit'>,
  by: Caller,
  action: string,
  entity: string,
  entityId: string,
  change: { before?: unknown; after?: unknown; reason?: string } = {},
): Promise<void> => x.audit.append({ actor: by.actor, action, entity, entityId, ...change });
