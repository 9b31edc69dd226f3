import type { ComplaintWindow } from '../calendar/index.js';

export const ROLES = ['partner', 'staff', 'admin', 'reviewer', 'committee', 'applicant'] as const;
export type Role = (typeof ROLES)[number];
/** Staff roles: `reviewer` and `committee` count as staff on staff routes; `admin` may do everything. */
export const STAFF_ROLES = ['staff', 'admin', 'reviewer', 'committee'] as const;
export const RULEBOOKS = ['scorecard', 'credit'] as const;
export type Rulebook = (typeof RULEBOOKS)[number];

/** Who did something; recorded on every state change. */
export interface Actor {
  type: 'user' | 'system' | 'service';
  id: string;
  role?: Role | 'system' | 'service';
  name?: string;
}

/** Who calls a use-case: the actor, and for a partner its scope (it sees only its own records). */
export interface Caller {
  actor: Actor;
  /** set for partner callers: every read and write is limited to this partner */
  partnerId?: string;
}

/**
 * The one place a caller's data scope is decided (issue #20): staff read by role (no owner filter), a partner only
 * its own records, an applicant only its own applications and files. Use-cases filter by it; none asks a role.
 */
export type OwnerScope =
  | { kind: 'staff' }
  | { kind: 'partner'; partnerId: string }
  | { kind: 'applicant'; applicantId: string }
  | { kind: 'none' };

export function ownerScope(c: { role: Role; userId: string; partnerId?: string }): OwnerScope {
  if ((STAFF_ROLES as readonly Role[]).includes(c.role)) return { kind: 'staff' };
  if (c.role === 'partner' && c.partnerId) return { kind: 'partner', partnerId: c.partnerId };
  if (c.role === 'applicant') return { kind: 'applicant', applicantId: c.userId };
  return { kind: 'none' };
}

/** The filter on partner-owned records: `{}` for staff, `{partnerId}` for a partner, null for anyone else. */
export function partnerFilter(s: OwnerScope): { partnerId?: string } | null {
  return s.kind === 'staff' ? {} : s.kind === 'partner' ? { partnerId: s.partnerId } : null;
}

/** The filter on applicant-owned records (applications, their files): null for partners and anyone else. */
export function applicantFilter(s: OwnerScope): { applicantId?: string } | null {
  return s.kind === 'staff' ? {} : s.kind === 'applicant' ? { applicantId: s.applicantId } : null;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: 'worker', role: 'system', name: '系统' };

export interface ProgrammeRecord {
  id: string;
  code: string;
  name: string;
  rulebook: Rulebook;
  complaintWindow: ComplaintWindow;
  slaHours: number;
  /** warning stages, minutes of working time before due */
  warningMinutes: number[];
  createdAt: Date;
}

export const PARTNER_STATUSES = ['applicant', 'active', 'suspended', 'exiting', 'exited'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

export interface PartnerRecord {
  id: string;
  code: string;
  name: string;
  programmeId: string;
  status: PartnerStatus;
  /** the revision workflow transitions move (core/src/workflow) */
  rev: number;
  inviteCode: string;
  contactName?: string;
  contactPhone?: string;
  createdAt: Date;
}

/**
 * The partner's one contract record (FT-10 signing, FT-16 renewal, FT-17.1, FT-18): written at signing by
 * `PartnerLifecycle.admit`, edited by staff for partners registered outside intake. Days are Asia/Shanghai
 * calendar days `YYYY-MM-DD`; `endsAt` is the term's last day.
 */
export interface PartnerContractRecord {
  partnerId: string;
  /** the intake application it was signed for (null: registered by staff) */
  applicationId: string | null;
  template: string | null;
  /** the signing day */
  signedAt: string;
  termStart: string;
  endsAt: string;
  products: string[];
  /** special certificates' last valid day; null: none */
  certificatesValidUntil: string | null;
  /** FT-2 still met; staff clear it when not */
  meetsQualification: boolean;
  actor: Actor;
  updatedAt: Date;
}

export const COMPLAINT_KINDS = ['ordinary', 'escalated'] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];
export const COMPLAINT_STATUSES = ['open', 'replied', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const REPLY_VERDICTS = ['pending', 'effective', 'rejected'] as const;
export type ReplyVerdict = (typeof REPLY_VERDICTS)[number];

/** FT-13 ordinary channels, then the escalated ones of FT-12. */
export const COMPLAINT_CHANNELS = [
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
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export interface ReplyRecord {
  id: string;
  text: string;
  at: Date;
  by: string;
  verdict: ReplyVerdict;
  reason?: string;
  decidedAt?: Date;
  decidedBy?: string;
}

export interface ComplaintRecord {
  id: string;
  no: string;
  programmeId: string;
  partnerId: string;
  kind: ComplaintKind;
  channel: ComplaintChannel;
  summary: string;
  receivedAt: Date;
  dueAt: Date;
  provisional: boolean;
  calendarVersion: string;
  /** programme settings in force when registered (later programme edits don't move deadlines) */
  window: ComplaintWindow;
  slaHours: number;
  warningMinutes: number[];
  status: ComplaintStatus;
  replies: ReplyRecord[];
  effectiveReplyAt: Date | null;
  breachedAt: Date | null;
  /** true once nothing more can happen to the SLA (closed, or breach effects all written) */
  slaSettled: boolean;
  warningsSent: string[];
  /** the revision workflow transitions move (core/src/workflow) */
  rev: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ScoreEventRecord {
  id: string;
  partnerId: string;
  programmeId: string;
  rule: string;
  component: string;
  points: number;
  period: string;
  source: { entity: string; id: string };
  reason: string;
  idempotencyKey: string;
  /** a reversing entry points at the entry it corrects */
  reverses?: string;
  actor: Actor;
  at: Date;
}

export interface AuditRecord {
  id: string;
  at: Date;
  actor: Actor;
  action: string;
  entity: string;
  entityId: string;
  reason?: string;
  before?: unknown;
  after?: unknown;
}
