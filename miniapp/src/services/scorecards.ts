// Staff side of the FT-12/FT-14 scorecard (docs/API.md "Semi-annual scorecard").
import { downloadFile } from './files';
import { request } from './request';
import type { Board, ClosePeriodReport, ScorecardInputs, ScorecardTables, ScorecardView, SecurityLevel } from './types';

const enc = encodeURIComponent;
const inputsPath = (partnerId: string, period: string) =>
  `/scorecards/partners/${enc(partnerId)}/periods/${enc(period)}`;

/** Every partner on the scorecard rulebook for `period`: live score while open, frozen once closed. */
export function getBoard(period: string): Promise<Board> {
  return request<Board>({ path: '/scorecards', query: { period } });
}

export function getPartnerScorecard(partnerId: string, period: string): Promise<ScorecardView> {
  return request<ScorecardView>({ path: `/scorecards/partners/${enc(partnerId)}`, query: { period } });
}

export function getInputs(partnerId: string, period: string): Promise<ScorecardInputs> {
  return request<ScorecardInputs>({ path: `${inputsPath(partnerId, period)}/inputs` });
}

export function getScorecardTables(programmeId: string): Promise<ScorecardTables> {
  return request<ScorecardTables>({ path: `/programmes/${enc(programmeId)}/scorecard-tables` });
}

/** FT-12 onboarding rating (409 once the period is closed). */
export function rateOnboarding(
  partnerId: string,
  period: string,
  rating: number,
  comment: string,
): Promise<ScorecardInputs> {
  return request<ScorecardInputs>({
    path: `${inputsPath(partnerId, period)}/onboarding`,
    method: 'PUT',
    body: { rating, comment },
  });
}

export function addSecurityIncident(
  partnerId: string,
  period: string,
  incident: { level: SecurityLevel; description: string; occurredAt: string },
): Promise<ScorecardInputs> {
  return request<ScorecardInputs>({
    path: `${inputsPath(partnerId, period)}/security-incidents`,
    method: 'POST',
    body: incident,
  });
}

export function removeSecurityIncident(
  partnerId: string,
  period: string,
  incidentId: string,
  reason: string,
): Promise<ScorecardInputs> {
  return request<ScorecardInputs>({
    path: `${inputsPath(partnerId, period)}/security-incidents/${enc(incidentId)}`,
    method: 'DELETE',
    query: { reason },
  });
}

/** FT-14 freezes every partner's scorecard of an ended half-year (409 before its end or with undecided complaints). */
export function closePeriod(period: string): Promise<ClosePeriodReport> {
  return request<ClosePeriodReport>({ path: `/scorecards/periods/${enc(period)}/close`, method: 'POST' });
}

/** The period's results as .xlsx (one row per partner on the board, every scorecard programme). */
export function exportScorecards(period: string): Promise<void> {
  return downloadFile({
    path: `/scorecards/periods/${enc(period)}/export.xlsx`,
    fallbackName: `考核结果-${period}.xlsx`,
  });
}
