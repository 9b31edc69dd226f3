// Shapes of the api's JSON (docs/API.md). Instants are ISO 8601 UTC strings.

export type Role = 'partner' | 'staff' | 'admin' | 'reviewer' | 'committee' | 'applicant';

export interface Me {
  userId: string;
  role: Role;
  name: string;
  partnerId?: string;
}

export type ComplaintKind = 'ordinary' | 'escalated';
export type ComplaintStatus = 'open' | 'replied' | 'closed';
export type SlaState = 'running' | 'awaiting_confirmation' | 'met' | 'breached';
export type ReplyVerdict = 'pending' | 'effective' | 'rejected';

export const CHANNELS = [
  'hotline_10086',
  'service_hall',
  'account_manager',
  'hebao_app',
  'wechat',
  'weibo',
  'jutousu',
  'miit',
  'consumer_association',
  'petition',
  'cmcc_hq',
  'other',
] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Reply {
  id: string;
  text: string;
  at: string;
  by: string;
  verdict: ReplyVerdict;
  reason?: string;
}

export interface Complaint {
  id: string;
  no: string;
  programmeId: string;
  partnerId: string;
  partnerName: string;
  kind: ComplaintKind;
  channel: Channel;
  summary: string;
  receivedAt: string;
  dueAt: string;
  provisional: boolean;
  status: ComplaintStatus;
  slaState: SlaState;
  workingMsLeft: number;
  serverNow: string;
  replies: Reply[];
  effectiveReplyAt: string | null;
  breachedAt: string | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Partner {
  id: string;
  code: string;
  name: string;
  programmeId: string;
  status: string;
  inviteCode?: string;
}

export interface NewComplaint {
  partnerId: string;
  kind: ComplaintKind;
  channel: Channel;
  summary: string;
  receivedAt: string;
}

// ---------------------------------------------------------------- 我的评分 (docs/API.md: scorecards, credit)

/** FT-12 half-year scorecard of the signed-in partner (GET /scorecards/me). */
export type ScorecardComponentKey = 'onboarding' | 'complaintEfficiency' | 'escalated' | 'deductions';

export interface ScorecardComponent {
  key: ScorecardComponentKey;
  label: string;
  /** deductions are negative */
  points: number;
  /** the component's maximum (for deductions: the cap) */
  max: number;
}

export interface ScorecardEntry {
  rule: string;
  component: ScorecardComponentKey;
  points: number;
  reason: string;
  at: string;
  source: { entity: string; id: string };
}

export interface ScorecardView {
  partnerId: string;
  partnerName: string;
  /** "2026H2" */
  period: string;
  status: 'open' | 'closed';
  closedAt?: string | null;
  /** FT-15 暂停合作 */
  suspended: boolean;
  result: {
    onboarding: number;
    complaintEfficiency: number;
    escalated: number;
    deductions: number;
    total: number;
    rectificationRequired: boolean;
  };
  components: ScorecardComponent[];
  entries: ScorecardEntry[];
  /** open period: ordinary complaints not decided yet, left out of the score */
  pending?: { complaintId: string; no: string; dueAt: string; state: string }[];
  onboardingRated?: boolean;
  history: { period: string; total: number; status: 'open' | 'closed' }[];
  next: {
    rectificationLine: number;
    /** total − rectification line (negative: below it) */
    distanceToRectification: number;
    rectificationRequired?: boolean;
    renewalAverage?: number | null;
    renewalAverageThreshold?: number;
    closedPeriods?: number;
  };
  rectification?: { id: string; status: string; deadline: string } | null;
}

export type CreditTier = 'comprehensive' | 'cooperation' | 'strategic' | 'ordinary';
export type CreditEntryKind =
  | 'initial'
  | 'deduction'
  | 'rerate'
  | 'bonus'
  | 'recovery'
  | 'aClassFail'
  | 'aClassPass'
  | 'aClassLapse'
  | 'inherit'
  /** FT-18: the final entry when the partner exits */
  | 'exit'
  | 'reversal';
export type AppealStatus = 'open' | 'upheld' | 'rejected';

export interface CreditEntry {
  id: string;
  /** "2026-07" */
  month: string;
  rule: string;
  kind: CreditEntryKind;
  /** delta actually applied */
  applied: number;
  scoreAfter: number;
  reason: string;
  ref?: string;
  at: string;
  reversed?: boolean;
  appealable: boolean;
  appeal?: { id?: string; status: AppealStatus };
}

/** MG credit ledger of the signed-in partner (GET /credit/me). */
export interface CreditView {
  partnerId: string;
  partnerName: string;
  status?: string;
  score: number;
  tier: CreditTier;
  tierLabel: string;
  aClass: boolean;
  settlementHold: boolean;
  settlementHeldUntil?: string | null;
  /** the month still open (its score is `score`) */
  openMonth?: string;
  /** closed months, oldest first */
  months: { month: string; score: number }[];
  entries: CreditEntry[];
  next: { toAClass: number; aClassThreshold?: number; aClassReviewPending: boolean };
}

/** Whichever programme the partner belongs to; `none` when it has neither. */
export type MyScore =
  { kind: 'scorecard'; view: ScorecardView } | { kind: 'credit'; view: CreditView } | { kind: 'none' };

export interface Appeal {
  id: string;
  entryId: string;
  entry: { month: string; rule: string; kind: string; applied: number; reason: string; at: string } | null;
  reason: string;
  status: AppealStatus;
  decisionReason: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export type RectificationStatus = 'open' | 'submitted' | 'passed' | 'failed';

export interface RectificationSubmission {
  id?: string;
  plan: string;
  evidence: string[];
  at: string;
  afterDeadline?: boolean;
}

/** FT-14 rectification case (GET /rectifications). */
export interface Rectification {
  id: string;
  period: string;
  total: number;
  threshold?: number;
  /** ISO instant */
  deadline: string;
  deadlineProvisional?: boolean;
  status: RectificationStatus;
  submissions?: RectificationSubmission[];
  /** older contract wording: the latest plan and evidence directly on the case */
  plan?: string;
  evidence?: string[];
  decision?: { result: 'pass' | 'fail'; reason: string; at: string } | null;
  overdue?: boolean;
}

// ---------------------------------------------------------------- staff 工作台 (docs/API.md: scorecards, appeals; metrics contract)

export interface Programme {
  id: string;
  code: string;
  name: string;
  rulebook: 'scorecard' | 'credit' | string;
}

/** One row of the staff scorecard board (GET /scorecards). */
export interface BoardItem {
  partnerId: string;
  partnerName: string;
  status: 'open' | 'closed';
  total: number;
  rectificationRequired: boolean;
  suspended: boolean;
  /** ordinary complaints still undecided, left out of the live score */
  pending: number;
}

export interface Board {
  period: string;
  items: BoardItem[];
}

/** Who did it (audit actor as the api returns it). */
export interface Actor {
  type: string;
  id: string;
  role?: string;
  name?: string;
}

export type SecurityLevel = 'I' | 'II' | 'III' | 'IV';

export interface SecurityIncident {
  id: string;
  level: SecurityLevel;
  description: string;
  occurredAt: string;
  actor?: Actor;
  at: string;
}

/** Staff-entered inputs of one partner and half-year (GET …/periods/:period/inputs). */
export interface ScorecardInputs {
  id?: string;
  partnerId: string;
  programmeId?: string;
  period: string;
  onboarding: { rating: number; comment: string; actor?: Actor; at: string } | null;
  securityIncidents: SecurityIncident[];
  successRates: { month: string; rate: number; at: string }[];
  closed: boolean;
  closedAt: string | null;
}

/** The programme's scorecard tables (only what the staff pages use). */
export interface ScorecardTables {
  version?: number;
  tables: { onboardingMax: number; securityIncidentPoints: Record<SecurityLevel, number> };
}

/** POST /scorecards/periods/:period/close. */
export interface ClosePeriodReport {
  period: string;
  newlyClosed: number;
  partners: {
    partnerId: string;
    partnerName: string;
    total: number;
    rectificationRequired: boolean;
    newlyClosed: boolean;
    snapshotId: string;
    rectificationId: string | null;
  }[];
}

/** An appeal as staff see it: with the partner. */
export interface StaffAppeal extends Appeal {
  partnerId: string;
  partnerName: string;
}

/** A rectification case as staff see it: with the partner. */
export interface StaffRectification extends Rectification {
  partnerId: string;
  partnerName: string;
}

export type ImportStatus = 'applying' | 'done' | 'failed';

/** A monthly metrics import (POST /metrics/imports, GET /metrics/imports/:id). */
export interface MetricsImport {
  id: string;
  programmeId: string;
  fileName: string;
  sha256: string;
  status: ImportStatus;
  total: number;
  processed: number;
  months: string[];
  createdAt: string;
  createdBy: { id: string; name: string };
  finishedAt: string | null;
  summary: { revenue: number; successRate: number; customers: number };
}

/** One invalid cell of a rejected import (422). `row` counts the header as row 1. */
export interface ImportRowError {
  row: number;
  column: string;
  field: string;
  value: string;
  message: string;
}

/** SLA figures of a partner, a month or the whole period (GET /complaints/sla-report). */
export interface SlaFigures {
  complaints: number;
  withinSla: number;
  late: number;
  open: number;
  /** 0..1; null while nothing is decided */
  shareWithinSla: number | null;
  medianWorkingMsToReply: number | null;
  escalated: number;
}

export interface SlaReport {
  period: string;
  total: SlaFigures;
  partners: (SlaFigures & { partnerId: string; partnerName: string })[];
  months: (SlaFigures & { month: string })[];
}

/** A complaints import (POST /complaints/imports): registered at once. */
export interface ComplaintImport {
  id: string;
  programmeId: string;
  fileName: string;
  sha256: string;
  status: 'applying' | 'done';
  total: number;
  created: number;
  existing: number;
  complaintIds: string[];
  createdAt: string;
  createdBy: { id: string; name: string | null };
  finishedAt: string | null;
}
