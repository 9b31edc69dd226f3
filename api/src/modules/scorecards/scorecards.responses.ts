/** Response bodies of this module's routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { ApiProperty, OmitType } from '@nestjs/swagger';
import {
  PENDING_COMPLAINT_STATES,
  RECTIFICATION_RESULTS,
  RECTIFICATION_STATUSES,
  RENEWAL_DECISIONS,
  RENEWAL_STATUSES,
  SCORECARD_COMPONENT_KEYS,
  SCORECARD_PERIOD_STATUSES,
  SECURITY_LEVELS,
  type RectificationResult,
  type RectificationStatus,
  type RenewalDecision as RenewalChoice,
  type RenewalStatus,
  type ScorecardComponentKey,
  type ScorecardPeriodStatus,
  type SecurityLevel,
} from '@huoban/core';
import { Partner } from '../partners/partners.responses.js';
import { ScorecardSimulation } from '../scoring/scoring.responses.js';

/** The partner after a suspension or its lifting (the partner record without its contact fields). */
export class PartnerStatusChange extends OmitType(Partner, ['contactName', 'contactPhone'] as const) {}

export class ScorecardTablesActor {
  @ApiProperty({ type: String }) type!: string;
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) role!: string;
  @ApiProperty({ type: String }) name!: string;
}

export class SecurityIncidentPoints {
  @ApiProperty({ type: Number }) I!: number;
  @ApiProperty({ type: Number }) II!: number;
  @ApiProperty({ type: Number }) III!: number;
  @ApiProperty({ type: Number }) IV!: number;
}

/** core's ProgrammeScorecardTables. */
export class ScorecardTablesValues {
  @ApiProperty({ type: Number }) onboardingMax!: number;
  @ApiProperty({ type: Number }) complaintEfficiencyMax!: number;
  @ApiProperty({ type: Number }) lateOrdinaryPoints!: number;
  @ApiProperty({ type: Number }) slaHours!: number;
  @ApiProperty({ type: Number }) escalatedMax!: number;
  @ApiProperty({ type: Number }) escalatedPoints!: number;
  @ApiProperty({ type: Number }) deductionCap!: number;
  @ApiProperty({ type: () => SecurityIncidentPoints }) securityIncidentPoints!: SecurityIncidentPoints;
  @ApiProperty({ type: Number }) successRateThreshold!: number;
  @ApiProperty({ type: Number }) successRateMonthPoints!: number;
  @ApiProperty({ type: Number }) rectificationThreshold!: number;
  @ApiProperty({ type: Number }) renewalAverageThreshold!: number;
  @ApiProperty({ type: Number }) rectificationWorkingDays!: number;
  @ApiProperty({ type: Number }) spikeFactor!: number;
}

export class ScorecardTables {
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: Number }) version!: number;
  @ApiProperty({ type: () => ScorecardTablesValues }) tables!: ScorecardTablesValues;
  @ApiProperty({ type: () => ScorecardTablesActor, nullable: true }) actor!: ScorecardTablesActor | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) at!: string | null;
}

export class RectificationListItem {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: String }) period!: string;
  @ApiProperty({ type: String }) snapshotId!: string;
  @ApiProperty({ type: Number }) total!: number;
  @ApiProperty({ type: Number }) threshold!: number;
  @ApiProperty({ type: String, format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) deadline!: string;
  @ApiProperty({ type: Boolean }) deadlineProvisional!: boolean;
  @ApiProperty({ type: String, enum: RECTIFICATION_STATUSES }) status!: RectificationStatus;
  @ApiProperty({ type: () => [RectificationSubmission] }) submissions!: RectificationSubmission[];
  @ApiProperty({ type: () => RectificationDecision, nullable: true }) decision!: RectificationDecision | null;
  @ApiProperty({ type: Boolean }) terminationRecommended!: boolean;
  @ApiProperty({ type: String }) partnerName!: string;
  @ApiProperty({ type: Boolean }) overdue!: boolean;
}

export class RectificationList {
  @ApiProperty({ type: () => [RectificationListItem] }) items!: RectificationListItem[];
}

export class RectificationSubmission {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) plan!: string;
  @ApiProperty({ type: [String] }) evidence!: string[];
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: () => ScorecardTablesActor }) actor!: ScorecardTablesActor;
  @ApiProperty({ type: Boolean }) afterDeadline!: boolean;
}

export class RectificationDecision {
  @ApiProperty({ type: String, enum: RECTIFICATION_RESULTS }) result!: RectificationResult;
  @ApiProperty({ type: String }) reason!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: () => ScorecardTablesActor }) actor!: ScorecardTablesActor;
}

/** One case: the same fields as an item of the list. */
export class Rectification extends RectificationListItem {}

export class RenewalListItemScore {
  @ApiProperty({ type: String }) period!: string;
  @ApiProperty({ type: Number }) total!: number;
}

export class RenewalExpiredDocument {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) title!: string;
  @ApiProperty({ type: String }) expiresOn!: string;
}

export class RenewalListItem {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: String }) endsAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) reviewedAt!: string;
  @ApiProperty({ type: () => [RenewalListItemScore] }) scores!: RenewalListItemScore[];
  @ApiProperty({ nullable: true, type: Number }) average!: number | null;
  @ApiProperty({ type: Boolean }) certificatesValid!: boolean;
  @ApiProperty({
    type: () => [RenewalExpiredDocument],
    description: 'FT-16(b): the special qualifications found expired on the review day',
  })
  expiredDocuments!: RenewalExpiredDocument[];
  @ApiProperty({ type: Boolean }) meetsQualification!: boolean;
  @ApiProperty({ type: Boolean }) renew!: boolean;
  @ApiProperty({ type: [String] }) reasons!: string[];
  @ApiProperty({ type: String, enum: RENEWAL_STATUSES }) status!: RenewalStatus;
  @ApiProperty({ nullable: true, type: () => RenewalDecision }) decision!: RenewalDecision | null;
  @ApiProperty({ type: String }) partnerName!: string;
}

export class RenewalList {
  @ApiProperty({ type: () => [RenewalListItem] }) items!: RenewalListItem[];
}

export class RenewalDecision {
  @ApiProperty({ type: String, enum: RENEWAL_DECISIONS }) decision!: RenewalChoice;
  @ApiProperty({ type: String }) reason!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: () => ScorecardTablesActor }) actor!: ScorecardTablesActor;
}

/** One review: the same fields as an item of the list. */
export class Renewal extends RenewalListItem {}

export class AnomalyListItem {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: String }) day!: string;
  @ApiProperty({ type: String }) kind!: string;
  @ApiProperty({ type: Number }) last7Days!: number;
  @ApiProperty({ type: [Number] }) previous4Weeks!: number[];
  @ApiProperty({ type: Number }) factor!: number;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: String }) partnerName!: string;
}

export class AnomalyList {
  @ApiProperty({ type: () => [AnomalyListItem] }) items!: AnomalyListItem[];
}

export class Contract {
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the intake application signed (null: typed by staff)' })
  applicationId!: string | null;
  @ApiProperty({ type: String, nullable: true }) template!: string | null;
  @ApiProperty({ type: String }) signedAt!: string;
  @ApiProperty({ type: String }) termStart!: string;
  @ApiProperty({ type: String }) endsAt!: string;
  @ApiProperty({ type: [String] }) products!: string[];
  @ApiProperty({ type: String, nullable: true }) certificatesValidUntil!: string | null;
  @ApiProperty({ type: Boolean }) meetsQualification!: boolean;
  @ApiProperty({ type: () => ScorecardTablesActor }) actor!: ScorecardTablesActor;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
}

export class EscalationFlag {
  @ApiProperty({ type: String }) complaintId!: string;
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: Boolean }) attributable!: boolean;
  @ApiProperty({ type: Boolean }) malicious!: boolean;
  @ApiProperty({ type: String }) reason!: string;
  @ApiProperty({ type: () => ScorecardTablesActor }) actor!: ScorecardTablesActor;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: String }) no!: string;
  @ApiProperty({ type: String }) period!: string;
}

export class ScorecardViewResultDetail {
  @ApiProperty({ type: Number }) lateOrdinary!: number;
  @ApiProperty({ type: Number }) countedEscalated!: number;
  @ApiProperty({ type: Number }) securityPoints!: number;
  @ApiProperty({ type: Number }) successRatePoints!: number;
  @ApiProperty({ type: [String] }) lowMonths!: string[];
  @ApiProperty({ type: Number }) deductionsBeforeCap!: number;
  @ApiProperty({ type: Number }) excluded!: number;
}

export class ScorecardViewResult extends ScorecardSimulation {
  @ApiProperty({ type: () => ScorecardViewResultDetail }) detail!: ScorecardViewResultDetail;
}

export class ScorecardViewComponent {
  @ApiProperty({ type: String, enum: SCORECARD_COMPONENT_KEYS }) key!: ScorecardComponentKey;
  @ApiProperty({ type: String }) label!: string;
  @ApiProperty({ type: Number }) points!: number;
  @ApiProperty({ type: Number }) max!: number;
}

export class ScorecardViewEntrySource {
  @ApiProperty({ type: String }) entity!: string;
  @ApiProperty({ type: String }) id!: string;
}

export class ScorecardViewEntry {
  @ApiProperty({ type: String }) rule!: string;
  @ApiProperty({ type: String, enum: SCORECARD_COMPONENT_KEYS }) component!: ScorecardComponentKey;
  @ApiProperty({ type: Number }) points!: number;
  @ApiProperty({ type: String }) reason!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: () => ScorecardViewEntrySource }) source!: ScorecardViewEntrySource;
}

export class ScorecardViewPendingItem {
  @ApiProperty({ type: String }) complaintId!: string;
  @ApiProperty({ type: String }) no!: string;
  @ApiProperty({ type: String, format: 'date-time' }) dueAt!: string;
  @ApiProperty({ type: String, enum: PENDING_COMPLAINT_STATES }) state!: (typeof PENDING_COMPLAINT_STATES)[number];
}

export class ScorecardViewHistoryItem {
  @ApiProperty({ type: String }) period!: string;
  @ApiProperty({ type: Number }) total!: number;
  @ApiProperty({ type: String, enum: SCORECARD_PERIOD_STATUSES }) status!: ScorecardPeriodStatus;
}

export class ScorecardViewNext {
  @ApiProperty({ type: Number }) rectificationLine!: number;
  @ApiProperty({ type: Number }) distanceToRectification!: number;
  @ApiProperty({ type: Boolean }) rectificationRequired!: boolean;
  @ApiProperty({ type: Number, nullable: true }) renewalAverage!: number | null;
  @ApiProperty({ type: Number }) renewalAverageThreshold!: number;
  @ApiProperty({ type: Number }) closedPeriods!: number;
}

export class ScorecardViewRectification {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String, enum: RECTIFICATION_STATUSES }) status!: RectificationStatus;
  @ApiProperty({ type: String, format: 'date-time' }) deadline!: string;
}

export class ScorecardView {
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) partnerName!: string;
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: String }) period!: string;
  @ApiProperty({ type: String, enum: SCORECARD_PERIOD_STATUSES }) status!: ScorecardPeriodStatus;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) closedAt!: string | null;
  @ApiProperty({ type: Boolean }) suspended!: boolean;
  @ApiProperty({ type: Number }) tablesVersion!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) input!: Record<string, unknown>;
  @ApiProperty({ type: () => ScorecardViewResult }) result!: ScorecardViewResult;
  @ApiProperty({ type: () => [ScorecardViewComponent] }) components!: ScorecardViewComponent[];
  @ApiProperty({ type: () => [ScorecardViewEntry] }) entries!: ScorecardViewEntry[];
  @ApiProperty({ type: () => [ScorecardViewPendingItem] }) pending!: ScorecardViewPendingItem[];
  @ApiProperty({ type: Boolean }) onboardingRated!: boolean;
  @ApiProperty({ type: () => [ScorecardViewHistoryItem] }) history!: ScorecardViewHistoryItem[];
  @ApiProperty({ type: () => ScorecardViewNext }) next!: ScorecardViewNext;
  @ApiProperty({ type: () => ScorecardViewRectification, nullable: true })
  rectification!: ScorecardViewRectification | null;
}

export class ScorecardInputsOnboarding {
  @ApiProperty({ type: Number }) rating!: number;
  @ApiProperty({ type: String }) comment!: string;
  @ApiProperty({ type: () => ScorecardTablesActor }) actor!: ScorecardTablesActor;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
}

export class ScorecardInputsSecurityIncident {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String, enum: SECURITY_LEVELS }) level!: SecurityLevel;
  @ApiProperty({ type: String }) description!: string;
  @ApiProperty({ type: String, format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: () => ScorecardTablesActor }) actor!: ScorecardTablesActor;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
}

export class ScorecardInputsSuccessRate {
  @ApiProperty({ type: String }) month!: string;
  @ApiProperty({ type: Number }) rate!: number;
  @ApiProperty({ type: () => ScorecardTablesActor }) actor!: ScorecardTablesActor;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
}

export class ScorecardInputs {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: String }) period!: string;
  @ApiProperty({ nullable: true, type: () => ScorecardInputsOnboarding }) onboarding!: ScorecardInputsOnboarding | null;
  @ApiProperty({ type: () => [ScorecardInputsSecurityIncident] }) securityIncidents!: ScorecardInputsSecurityIncident[];
  @ApiProperty({ type: () => [ScorecardInputsSuccessRate] }) successRates!: ScorecardInputsSuccessRate[];
  @ApiProperty({ type: Boolean }) closed!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
}

export class PeriodClosePartner {
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) partnerName!: string;
  @ApiProperty({ type: Number }) total!: number;
  @ApiProperty({ type: Boolean }) rectificationRequired!: boolean;
  @ApiProperty({ type: Boolean }) newlyClosed!: boolean;
  @ApiProperty({ type: String }) snapshotId!: string;
  @ApiProperty({ type: String, nullable: true }) rectificationId!: string | null;
}

export class PeriodClose {
  @ApiProperty({ type: String }) period!: string;
  @ApiProperty({ type: Number }) newlyClosed!: number;
  @ApiProperty({ type: () => [PeriodClosePartner] }) partners!: PeriodClosePartner[];
}

export class ScorecardBoardItem {
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) partnerName!: string;
  @ApiProperty({ type: String, enum: SCORECARD_PERIOD_STATUSES }) status!: ScorecardPeriodStatus;
  @ApiProperty({ type: Number }) total!: number;
  @ApiProperty({ type: Boolean }) rectificationRequired!: boolean;
  @ApiProperty({ type: Boolean }) suspended!: boolean;
  @ApiProperty({ type: Number, description: 'inputs still missing' }) pending!: number;
}

export class ScorecardBoard {
  @ApiProperty({ type: String, example: '2026H2' }) period!: string;
  @ApiProperty({ type: () => [ScorecardBoardItem] }) items!: ScorecardBoardItem[];
}
