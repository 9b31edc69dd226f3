import { DomainError } from '../errors.js';
import type { ComplaintWindow } from '../calendar/index.js';
import type { Actor } from '../db/types.js';
import type { ScorecardInput, ScorecardResult, ScorecardTables, SecurityLevel } from '../rules/scorecard.js';

/** FT-12/FT-12a tables of one programme, plus the FT-14 and FT-15 numbers the seed leaves to the company. */
export interface ProgrammeScorecardTables extends ScorecardTables {
  /** FT-14 working days (WT-2) the partner has to rectify after the period is closed. */
  rectificationWorkingDays: number;
  /** FT-15 the last 7 days above this many times the weekly average of the 4 weeks before is a spike. */
  spikeFactor: number;
}

export interface ScorecardTablesRecord {
  programmeId: string;
  /** 0 = the built-in defaults (nothing stored yet); every admin edit stores version + 1 */
  version: number;
  tables: ProgrammeScorecardTables;
  actor: Actor | null;
  at: Date | null;
}

export interface OnboardingRating {
  rating: number;
  comment: string;
  actor: Actor;
  at: Date;
}

export interface SecurityIncidentRecord {
  id: string;
  level: SecurityLevel;
  description: string;
  occurredAt: Date;
  actor: Actor;
  at: Date;
}

export interface SuccessRateRecord {
  /** YYYY-MM */
  month: string;
  /** share 0..1 */
  rate: number;
  actor: Actor;
  at: Date;
}

/** The staff-entered inputs of one partner and half-year; `closed` once the period is frozen. */
export interface ScorecardInputsRecord {
  id: string;
  partnerId: string;
  programmeId: string;
  period: string;
  onboarding: OnboardingRating | null;
  securityIncidents: SecurityIncidentRecord[];
  successRates: SuccessRateRecord[];
  closed: boolean;
  closedAt: Date | null;
}

/** FT-12 escalated-complaint flags kept beside the complaint (defaults: attributable, not malicious). */
export interface EscalationFlagRecord {
  complaintId: string;
  partnerId: string;
  attributable: boolean;
  malicious: boolean;
  reason: string;
  actor: Actor;
  at: Date;
}

export const SCORECARD_COMPONENT_KEYS = ['onboarding', 'complaintEfficiency', 'escalated', 'deductions'] as const;
export type ScorecardComponentKey = (typeof SCORECARD_COMPONENT_KEYS)[number];

export interface ScorecardComponent {
  key: ScorecardComponentKey;
  label: string;
  /** deductions are negative */
  points: number;
  /** the component's maximum (for deductions: the cap) */
  max: number;
}

/** One input that moved the score. Base 0 + every entry = the total before the final floor and rounding. */
export interface ScorecardEntry {
  rule: 'FT-12';
  component: ScorecardComponentKey;
  points: number;
  reason: string;
  at: Date;
  source: { entity: string; id: string };
}

export interface ScorecardSnapshotRecord {
  id: string;
  partnerId: string;
  programmeId: string;
  period: string;
  partnerName: string;
  tablesVersion: number;
  tables: ProgrammeScorecardTables;
  window: ComplaintWindow;
  calendarVersion: string;
  /** exactly what computeScorecard received */
  input: ScorecardInput;
  result: ScorecardResult;
  entries: ScorecardEntry[];
  closedAt: Date;
  closedBy: Actor;
}

export const RECTIFICATION_STATUSES = ['open', 'submitted', 'passed', 'failed'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export const RECTIFICATION_RESULTS = ['pass', 'fail'] as const;
export type RectificationResult = (typeof RECTIFICATION_RESULTS)[number];
/** A half-year of a partner's scorecard: still open (live score) or closed (snapshot). */
export const SCORECARD_PERIOD_STATUSES = ['open', 'closed'] as const;
export type ScorecardPeriodStatus = (typeof SCORECARD_PERIOD_STATUSES)[number];

export interface RectificationSubmission {
  id: string;
  plan: string;
  /** text or links */
  evidence: string[];
  at: Date;
  actor: Actor;
  afterDeadline: boolean;
}

export interface RectificationRecord {
  id: string;
  partnerId: string;
  programmeId: string;
  period: string;
  snapshotId: string;
  total: number;
  threshold: number;
  openedAt: Date;
  deadline: Date;
  deadlineProvisional: boolean;
  status: RectificationStatus;
  submissions: RectificationSubmission[];
  decision: { result: RectificationResult; reason: string; at: Date; actor: Actor } | null;
  /** FT-14 a failed rectification: the company may terminate (for the exit workflow) */
  terminationRecommended: boolean;
  /** the revision workflow transitions move (core/src/workflow) */
  rev: number;
}

export interface AnomalyAlertRecord {
  id: string;
  partnerId: string;
  programmeId: string;
  /** Asia/Shanghai day of the check; one alert per partner and day */
  day: string;
  kind: 'complaint-spike';
  last7Days: number;
  previous4Weeks: number[];
  factor: number;
  at: Date;
}

/** FT-16 reads the partner's one contract (core/src/db). */
export type { PartnerContractRecord } from '../db/types.js';

export const RENEWAL_DECISIONS = ['renew', 'end'] as const;
export type RenewalDecision = (typeof RENEWAL_DECISIONS)[number];
export const RENEWAL_STATUSES = ['pending', 'decided'] as const;
export type RenewalStatus = (typeof RENEWAL_STATUSES)[number];

export interface RenewalReviewRecord {
  id: string;
  partnerId: string;
  programmeId: string;
  endsAt: string;
  reviewedAt: Date;
  scores: { period: string; total: number }[];
  average: number | null;
  certificatesValid: boolean;
  /** FT-16(b): the special qualifications found expired on the review day (none: valid, or none on file) */
  expiredDocuments: { id: string; title: string; expiresOn: string }[];
  meetsQualification: boolean;
  renew: boolean;
  reasons: string[];
  status: RenewalStatus;
  decision: { decision: RenewalDecision; reason: string; at: Date; actor: Actor } | null;
  rev: number;
}

/** Refusals of the scorecard feature: the one DomainError (400 lists field messages, 404 missing, 409 conflict). */
export const scorecardBadRequest = (...messages: string[]) => DomainError.invalid(messages.join('；'), messages);
export const scorecardNotFound = (message: string) => DomainError.notFound(message);
export const scorecardConflict = (message: string) => DomainError.conflict(message);

/** A row of a period's scorecard export. */
export interface ScorecardExportRow extends Omit<ScorecardResult, 'detail'> {
  partnerCode: string;
  partnerName: string;
  period: string;
  status: 'open' | 'closed';
  rectificationStatus: RectificationStatus | null;
  suspended: boolean;
}
