// Staff side of the FT-12/FT-14 scorecard (docs/API.md "Semi-annual scorecard").
import { downloadFile } from './files';
import { api } from './request';
import type { Board, ClosePeriodReport, ScorecardInputs, ScorecardTables, ScorecardView, SecurityLevel } from './types';

/** Every partner on the scorecard rulebook for `period`: live score while open, frozen once closed. */
export function getBoard(period: string): Promise<Board> {
  return api.get('/api/v1/scorecards', { query: { period } });
}

export function getPartnerScorecard(partnerId: string, period: string): Promise<ScorecardView> {
  return api.get('/api/v1/scorecards/partners/{partnerId}', { path: { partnerId }, query: { period } });
}

export function getInputs(partnerId: string, period: string): Promise<ScorecardInputs> {
  return api.get('/api/v1/scorecards/partners/{partnerId}/periods/{period}/inputs', { path: { partnerId, period } });
}

export function getScorecardTables(programmeId: string): Promise<ScorecardTables> {
  return api.get('/api/v1/programmes/{id}/scorecard-tables', { path: { id: programmeId } });
}

/** FT-12 onboarding rating (409 once the period is closed). */
export function rateOnboarding(
  partnerId: string,
  period: string,
  rating: number,
  comment: string,
): Promise<ScorecardInputs> {
  return api.put('/api/v1/scorecards/partners/{partnerId}/periods/{period}/onboarding', {
    path: { partnerId, period },
    body: { rating, comment },
  });
}

export function addSecurityIncident(
  partnerId: string,
  period: string,
  incident: { level: SecurityLevel; description: string; occurredAt: string },
): Promise<ScorecardInputs> {
  return api.post('/api/v1/scorecards/partners/{partnerId}/periods/{period}/security-incidents', {
    path: { partnerId, period },
    body: incident,
  });
}

export function removeSecurityIncident(
  partnerId: string,
  period: string,
  incidentId: string,
  reason: string,
): Promise<ScorecardInputs> {
  return api.delete('/api/v1/scorecards/partners/{partnerId}/periods/{period}/security-incidents/{incidentId}', {
    path: { partnerId, period, incidentId },
    query: { reason },
  });
}

/** FT-14 freezes every partner's scorecard of an ended half-year (409 before its end or with undecided complaints). */
export function closePeriod(period: string): Promise<ClosePeriodReport> {
  return api.post('/api/v1/scorecards/periods/{period}/close', { path: { period } });
}

/** The period's results as .xlsx (one row per partner on the board, every scorecard programme). */
export function exportScorecards(period: string): Promise<void> {
  return downloadFile({
    url: api.url('get', '/api/v1/scorecards/periods/{period}/export.xlsx', { path: { period } }),
    fallbackName: `考核结果-${period}.xlsx`,
  });
}
