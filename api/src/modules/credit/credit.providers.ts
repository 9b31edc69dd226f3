import { Inject } from '@nestjs/common';
import type { Connection } from 'mongoose';
import {
  DomainError,
  Notifier,
  YEAR_MAX,
  YEAR_MIN,
  connectCredit,
  isCreditMonth,
  type CreditFeature,
} from '@huoban/core';
import { MONGO } from '../../common/infra.module.js';

/** The credit feature (repositories, indexes built before the first request, and the ledger the worker shares). */
export const CREDIT = Symbol('CREDIT');
export const InjectCredit = () => Inject(CREDIT);

export const creditProvider = {
  provide: CREDIT,
  useFactory: (conn: Connection, notifier: Notifier): Promise<CreditFeature> => connectCredit(conn, { notifier }),
  inject: [MONGO, Notifier],
};

/** A 400 listing field messages, like the validation pipe's. */
export const fieldErrors = (messages: string[]) => DomainError.invalid(messages.join('；'), messages);

export function parseMonthParam(name: string, v: string): string {
  if (!isCreditMonth(v)) throw fieldErrors([`${name} must be a month YYYY-MM within ${YEAR_MIN}–${YEAR_MAX}`]);
  return v;
}
