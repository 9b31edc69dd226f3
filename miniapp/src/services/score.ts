import { api, ApiError } from './request';
import type { CreditView, MyScore, ScorecardView } from './types';

/** FT-12 the partner's own half-year scorecard; `period` "2026H2" (default: the current half-year). */
export function getMyScorecard(period?: string): Promise<ScorecardView> {
  return api.get('/api/v1/scorecards/me', { query: { period } });
}

/** MG-1 the partner's own credit ledger. */
export function getMyCredit(): Promise<CreditView> {
  return api.get('/api/v1/credit/me');
}

/** 404 (no such record) or 409 (the programme uses another rulebook): "not in this programme". */
const notHere = (err: unknown) => err instanceof ApiError && (err.status === 404 || err.status === 409);

/**
 * A partner belongs to one programme: the scorecard when it answers, else the credit ledger;
 * `none` when neither knows the partner. Other failures (network, 5xx) are thrown.
 */
export async function loadMyScore(period?: string): Promise<MyScore> {
  try {
    return { kind: 'scorecard', view: await getMyScorecard(period) };
  } catch (err) {
    if (!notHere(err)) throw err;
  }
  try {
    return { kind: 'credit', view: await getMyCredit() };
  } catch (err) {
    if (!notHere(err)) throw err;
  }
  return { kind: 'none' };
}
