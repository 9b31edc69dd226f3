import type { Actor } from '../db/types.js';
import type { CheckResult, CriterionVerdict, IntakeMode, PanelMember, PublicitySettings, Quorum } from './rules.js';

export const RECRUITMENT_STATUSES = ['draft', 'published', 'closed', 'archived'] as const;
export type RecruitmentStatus = (typeof RECRUITMENT_STATUSES)[number];

export interface RecruitmentChange {
  at: Date;
  by: string;
  changes: { field: string; from: unknown; to: unknown }[];
}

export interface RecruitmentRecord {
  id: string;
  programmeId: string;
  title: string;
  industry?: string;
  region?: string;
  products: string[];
  mode: IntakeMode;
  quota: number | null;
  opensOn: string | null;
  closesOn: string | null;
  applicationDeadline: Date | null;
  description: string;
  contact: string;
  attachments: { name: string; url?: string; fileId?: string }[];
  rooms: string[];
  status: RecruitmentStatus;
  publishedAt: Date | null;
  closedAt: Date | null;
  archivedAt: Date | null;
  changeLog: RecruitmentChange[];
  createdBy: string;
  rev: number;
  createdAt: Date;
}

export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'rejected',
  'pre_review_failed',
  'pre_review_passed',
  'evaluation',
  'evaluation_failed',
  'evaluated',
  'approved',
  'declined',
  'signing',
  'signed',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export interface CompanyFacts {
  name: string;
  creditCode: string;
  /** YYYY-MM-DD */
  registeredOn: string;
  legalRep: string;
  taxpayerType: 'general' | 'small_scale';
  contacts: { name: string; phone: string; email?: string }[];
}

export interface CriterionAnswer {
  criterion: string;
  met: boolean;
  note?: string;
}

export interface PanelRecord {
  members: PanelMember[];
  quorum: Quorum;
  startedAt: Date;
  startedBy: Actor;
  votes: { userId: string; name: string; pass: boolean; comment?: string; at: Date }[];
  outcome: 'pending' | 'passed' | 'failed';
  /** FT-8 conflict-of-interest declarations of the members (absent on panels formed before them) */
  declarations?: { userId: string; name: string; conflict: boolean; reason?: string; at: Date }[];
  /** members removed for a declared conflict; staff complete the panel again */
  removed?: (PanelMember & { reason: string; at: Date })[];
}

export interface ApplicationRecord {
  id: string;
  recruitmentId: string;
  programmeId: string;
  mode: IntakeMode;
  applicantId: string;
  applicantOpenId: string;
  creditCode: string;
  company: CompanyFacts;
  answers: CriterionAnswer[];
  declaration: { signedBy: string; at: Date } | null;
  version: number;
  status: ApplicationStatus;
  submittedAt: Date | null;
  checks: CheckResult[];
  rejection: string | null;
  reviewOn: string | null;
  preReviewDueAt: Date | null;
  evaluationDueAt: Date | null;
  decisionDueAt: Date | null;
  calendarVersion: string | null;
  provisional: boolean;
  preReview: {
    reviewerId: string;
    reviewerName: string;
    verdicts: CriterionVerdict[];
    passed: boolean;
    at: Date;
  } | null;
  panel: PanelRecord | null;
  decision: { meetingId: string; result: 'approved' | 'declined'; rank?: number; reason?: string; at: Date } | null;
  partnerId: string | null;
  /** what the signing was claimed with (a resumed signing goes on with it) */
  signing?: SigningInput | null;
  history: { at: Date; action: string; by: string; note?: string }[];
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** FT-10: what staff sign an approved application with. */
export interface SigningInput {
  partnerCode: string;
  termStart: string;
  termEnd: string;
  products: string[];
  template?: string;
  tier?: string;
}

export const MEETING_STATUSES = ['recorded', 'publicized', 'void'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const OBJECTION_STATUSES = ['open', 'resolved'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

export interface MeetingRecord {
  id: string;
  recruitmentId: string;
  heldOn: string;
  attendees: string[];
  minutes: string;
  minutesFileId: string | null;
  candidates: string[];
  ranking: string[];
  overQuota: boolean;
  decisions: {
    applicationId: string;
    companyName: string;
    result: 'approved' | 'declined';
    rank?: number;
    reason?: string;
  }[];
  status: MeetingStatus;
  publicity: (PublicitySettings & { publishedAt: Date; endsAt: Date }) | null;
  createdBy: string;
  rev: number;
  createdAt: Date;
}

export interface ObjectionRecord {
  id: string;
  meetingId: string;
  applicationId: string | null;
  /** #18 the meeting's recruitment and the company objected to (null: the 公示 as a whole, or filed before #18) */
  recruitmentId?: string | null;
  companyName?: string | null;
  text: string;
  contact: string;
  status: ObjectionStatus;
  resolution: string | null;
  resolvedAt: Date | null;
  rev: number;
  createdAt: Date;
}

export interface LetterRecord {
  id: string;
  letterNo: string;
  code: string;
  applicationId: string;
  partnerId: string;
  grantor: string;
  grantee: string;
  products: string[];
  capabilities: string[];
  governingRules: string[];
  validFrom: Date;
  validTo: Date;
  issuedAt: Date;
  revokedAt: Date | null;
  revocationReason: string | null;
  rev: number;
}

export interface IntakeSettings {
  publicity: PublicitySettings;
  quorum: Quorum;
  /** largest evidence file, bytes (default 5 MB) */
  maxFileBytes: number;
  /** most evidence files per application (default 20) */
  maxFiles: number;
  grantor: string;
  products: string[];
}
