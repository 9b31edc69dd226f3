import { BadRequestException } from '@nestjs/common';
import type { Connection } from 'mongoose';
import {
  AuditRepository,
  BadCreditRepository,
  CreditAccountRepository,
  CreditAppealRepository,
  CreditCloseRepository,
  CreditEntryRepository,
  CreditEventRepository,
  CreditLedger,
  CreditSettlementRepository,
  CreditTablesRepository,
  Notifier,
  PartnerRepository,
  creditModels,
  creditRepositories,
  YEAR_MAX,
  YEAR_MIN,
  isCreditMonth,
  type CreditModels,
} from '@huoban/core';
import { MONGO } from '../../common/infra.module.js';

export const CREDIT_MODELS = Symbol('CREDIT_MODELS');

const repo = <T>(cls: new (m: CreditModels) => T) => ({
  provide: cls,
  useFactory: (m: CreditModels) => new cls(m),
  inject: [CREDIT_MODELS],
});

/** Credit collections (indexes built before the first request) and the one ledger shared with the worker. */
export const creditProviders = [
  { provide: CREDIT_MODELS, useFactory: (c: Connection) => creditModels(c), inject: [MONGO] },
  repo(CreditTablesRepository),
  repo(CreditAccountRepository),
  repo(CreditEntryRepository),
  repo(CreditEventRepository),
  repo(CreditCloseRepository),
  repo(CreditSettlementRepository),
  repo(BadCreditRepository),
  repo(CreditAppealRepository),
  {
    provide: CreditLedger,
    useFactory: (m: CreditModels, partners: PartnerRepository, audit: AuditRepository, notifier: Notifier) =>
      new CreditLedger({ repos: creditRepositories(m), partners, audit, notifier }),
    inject: [CREDIT_MODELS, PartnerRepository, AuditRepository, Notifier],
  },
];

/** Runs a ledger operation, turning its refusals into 404 / 409 / 400. */
export function parseMonthParam(name: string, v: string): string {
  if (!isCreditMonth(v))
    throw new BadRequestException([`${name} must be a month YYYY-MM within ${YEAR_MIN}–${YEAR_MAX}`]);
  return v;
}
