import { Inject } from '@nestjs/common';
import { DomainError, YEAR_MAX, YEAR_MIN, connectCredit, isCreditMonth, type Core } from '@huoban/core';
import { CORE } from '../../common/infra.module.js';

/** The credit feature (repositories, indexes built before the first request, the ledger the worker shares, use-cases). */
export const CREDIT = Symbol('CREDIT');
export const InjectCredit = () => Inject(CREDIT);

export const creditProvider = {
  provide: CREDIT,
  useFactory: (core: Core) => connectCredit(core),
  inject: [CORE],
};

export function parseMonthParam(name: string, v: string): string {
  if (!isCreditMonth(v))
    throw DomainError.invalidList([`${name}: 须为 ${YEAR_MIN}–${YEAR_MAX} 年之间的月份（YYYY-MM）`]);
  return v;
}
