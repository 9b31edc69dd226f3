/** Response bodies of the intake routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { applyDecorators } from '@nestjs/common';
import { ApiProduces, ApiProperty, ApiPropertyOptional, ApiResponse, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  APPLICATION_STATUSES,
  LETTER_STATUSES,
  MEETING_STATUSES,
  OBJECTION_STATUSES,
  PARTNER_STATUSES,
  RECRUITMENT_STATUSES,
  type ApplicationStatus,
  type LetterStatus,
  type MeetingStatus,
  type ObjectionStatus,
  type PartnerStatus,
  type RecruitmentStatus,
} from '@huoban/core';

const OBJ = { type: 'object', additionalProperties: true } as const;
const nullableDate = { type: String, nullable: true, format: 'date-time' } as const;

export class IntakeAttachment {
  @ApiProperty({ type: String }) name!: string;
  @ApiPropertyOptional({ type: String }) url?: string;
}

/** Any JSON value (a recruitment field before or after an edit). */
const JSON_VALUE: ApiPropertyOptions = {
  nullable: true,
  oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: {} }, OBJ],
};

export class RecruitmentFieldChange {
  @ApiProperty({ type: String }) field!: string;
  @ApiPropertyOptional(JSON_VALUE) from?: unknown;
  @ApiPropertyOptional(JSON_VALUE) to?: unknown;
}

export class RecruitmentChange {
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: () => [RecruitmentFieldChange] }) changes!: RecruitmentFieldChange[];
}

/** A change of a published recruitment as staff see it: also who made it. */
export class StaffRecruitmentChange extends RecruitmentChange {
  @ApiProperty({ type: String }) by!: string;
}

/** FIXED CONTRACT: `GET /public/recruitments` items. */
export class PublicRecruitment {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) title!: string;
  @ApiProperty({ type: String, enum: ['batch', 'monthly'] }) mode!: string;
  @ApiProperty({ type: Number, nullable: true }) quota!: number | null;
  @ApiProperty(nullableDate) applicationDeadline!: string | null;
  @ApiProperty(nullableDate) publishedAt!: string | null;
  @ApiProperty({ type: String, enum: ['published', 'closed'] }) status!: string;
  @ApiProperty({ type: Boolean }) open!: boolean;
  @ApiProperty({ type: String, nullable: true }) closesOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) opensOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) industry!: string | null;
  @ApiProperty({ type: String, nullable: true }) region!: string | null;
  @ApiProperty({ type: [String] }) products!: string[];
  @ApiProperty({ type: String }) description!: string;
  @ApiProperty({ type: String }) contact!: string;
  @ApiProperty({ type: () => [IntakeAttachment] }) attachments!: IntakeAttachment[];
  @ApiProperty({ type: () => [RecruitmentChange] }) changeLog!: RecruitmentChange[];
}

export class Recruitment {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: String }) title!: string;
  @ApiPropertyOptional({ type: String }) industry?: string;
  @ApiPropertyOptional({ type: String }) region?: string;
  @ApiProperty({ type: [String] }) products!: string[];
  @ApiProperty({ type: String, enum: ['batch', 'monthly'] }) mode!: string;
  @ApiProperty({ type: Number, nullable: true }) quota!: number | null;
  @ApiProperty({ type: String, nullable: true }) opensOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) closesOn!: string | null;
  @ApiProperty(nullableDate) applicationDeadline!: string | null;
  @ApiProperty({ type: String }) description!: string;
  @ApiProperty({ type: String }) contact!: string;
  @ApiProperty({ type: () => [IntakeAttachment] }) attachments!: IntakeAttachment[];
  @ApiProperty({ type: [String] }) rooms!: string[];
  @ApiProperty({ type: String, enum: RECRUITMENT_STATUSES }) status!: RecruitmentStatus;
  @ApiProperty(nullableDate) publishedAt!: string | null;
  @ApiProperty(nullableDate) closedAt!: string | null;
  @ApiProperty(nullableDate) archivedAt!: string | null;
  @ApiProperty({ type: () => [StaffRecruitmentChange] }) changeLog!: StaffRecruitmentChange[];
  @ApiProperty({ type: String }) createdBy!: string;
  @ApiProperty({ type: Number }) rev!: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class PublicityEntry {
  @ApiProperty({ type: String }) applicationId!: string;
  @ApiProperty({ type: String }) companyName!: string;
  @ApiProperty({ type: Number, nullable: true }) rank!: number | null;
}

export class PublicityNotice {
  @ApiProperty({ type: String }) meetingId!: string;
  @ApiProperty({ type: String }) recruitmentId!: string;
  @ApiProperty({ type: String }) recruitmentTitle!: string;
  @ApiProperty({ type: String }) heldOn!: string;
  @ApiProperty({ type: String, format: 'date-time' }) publishedAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt!: string;
  @ApiProperty({ type: Boolean }) active!: boolean;
  @ApiProperty({ type: () => [PublicityEntry] }) approved!: PublicityEntry[];
}

export class ObjectionFiled {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String, enum: OBJECTION_STATUSES }) status!: ObjectionStatus;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

/** FIXED CONTRACT: `GET /public/letters/{code}`. */
export class LetterCheck {
  @ApiProperty({ type: String, enum: LETTER_STATUSES }) status!: LetterStatus;
  @ApiProperty({ type: String }) letterNo!: string;
  @ApiProperty({ type: String }) grantee!: string;
  @ApiProperty({ type: [String] }) products!: string[];
  @ApiProperty({ type: String, format: 'date-time' }) validFrom!: string;
  @ApiProperty({ type: String, format: 'date-time' }) validTo!: string;
}

/** FIXED CONTRACT: `GET /calendar/intake-timeline`. */
export class IntakeTimeline {
  @ApiProperty({ type: String, example: '2026-09-30' }) reviewOn!: string;
  @ApiProperty({ type: String, format: 'date-time' }) preReviewDueAt!: string;
  @ApiProperty(nullableDate) evaluationDueAt!: string | null;
  @ApiProperty(nullableDate) decisionDueAt!: string | null;
}

export class IntakeToken {
  @ApiProperty({ type: String }) accessToken!: string;
}

export class EvidenceFile {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) fileName!: string;
  @ApiProperty({ type: String, enum: ['pdf', 'jpg', 'png'] }) type!: string;
  @ApiProperty({ type: Number }) size!: number;
  @ApiProperty({ type: String, nullable: true }) criterion!: string | null;
  @ApiPropertyOptional({ type: Number }) version?: number;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) uploadedAt?: string;
}

export class CompanyContact {
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String }) phone!: string;
  @ApiPropertyOptional({ type: String }) email?: string;
}

/** The applicant company's facts; a draft may lack any but the credit code. */
export class Company {
  @ApiPropertyOptional({ type: String }) name?: string;
  @ApiProperty({ type: String, description: '统一社会信用代码' }) creditCode!: string;
  @ApiPropertyOptional({ type: String, example: '2020-05-01' }) registeredOn?: string;
  @ApiPropertyOptional({ type: String }) legalRep?: string;
  @ApiPropertyOptional({ type: String, enum: ['general', 'small_scale'] }) taxpayerType?: string;
  @ApiProperty({ type: () => [CompanyContact] }) contacts!: CompanyContact[];
}

export class CriterionAnswer {
  @ApiProperty({ type: String }) criterion!: string;
  @ApiProperty({ type: Boolean }) met!: boolean;
  @ApiPropertyOptional({ type: String }) note?: string;
}

export class Declaration {
  @ApiProperty({ type: String }) signedBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
}

/** FT-2.1: one automatic check with its evidence. */
export class AutomaticCheck {
  @ApiProperty({
    type: String,
    enum: [
      'registered_over_one_year',
      'no_risk_cancellation',
      'not_bad_credit',
      'not_serious_illegal',
      'legal_rep_not_dishonest_debtor',
    ],
  })
  id!: string;
  @ApiProperty({ type: Boolean }) passed!: boolean;
  @ApiProperty({ type: String }) reason!: string;
  @ApiPropertyOptional(OBJ) evidence?: Record<string, unknown>;
}

export class CriterionVerdict {
  @ApiProperty({ type: String }) criterion!: string;
  @ApiProperty({ type: Boolean }) met!: boolean;
  @ApiPropertyOptional({ type: String }) comment?: string;
}

export class PreReview {
  @ApiProperty({ type: String }) reviewerId!: string;
  @ApiProperty({ type: String }) reviewerName!: string;
  @ApiProperty({ type: () => [CriterionVerdict] }) verdicts!: CriterionVerdict[];
  @ApiProperty({ type: Boolean }) passed!: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
}

export class PanelMember {
  @ApiProperty({ type: String }) userId!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String }) team!: string;
}

export class PanelVote {
  @ApiProperty({ type: String }) userId!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: Boolean }) pass!: boolean;
  @ApiPropertyOptional({ type: String }) comment?: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
}

export class PanelDeclaration {
  @ApiProperty({ type: String }) userId!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: Boolean }) conflict!: boolean;
  @ApiPropertyOptional({ type: String }) reason?: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
}

export class RemovedMember extends PanelMember {
  @ApiProperty({ type: String }) reason!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
}

/** FT-8: the evaluation panel as fixed when the evaluation started, its votes and the quorum's outcome. */
export class Panel {
  @ApiProperty({ type: () => [PanelMember] }) members!: PanelMember[];
  @ApiProperty(OBJ) quorum!: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) startedAt!: string;
  @ApiProperty(OBJ) startedBy!: Record<string, unknown>;
  @ApiProperty({ type: () => [PanelVote] }) votes!: PanelVote[];
  @ApiProperty({ type: String, enum: ['pending', 'passed', 'failed'] }) outcome!: string;
  @ApiPropertyOptional({ type: () => [PanelDeclaration], description: 'conflict-of-interest declarations' })
  declarations?: PanelDeclaration[];
  @ApiPropertyOptional({ type: () => [RemovedMember], description: 'members removed for a declared conflict' })
  removed?: RemovedMember[];
}

export class Decision {
  @ApiProperty({ type: String }) meetingId!: string;
  @ApiProperty({ type: String, enum: ['approved', 'declined'] }) result!: string;
  @ApiPropertyOptional({ type: Number }) rank?: number;
  @ApiPropertyOptional({ type: String }) reason?: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
}

export class HistoryEntry {
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: String }) action!: string;
  @ApiProperty({ type: String }) by!: string;
  @ApiPropertyOptional({ type: String }) note?: string;
}

export class Application {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) recruitmentId!: string;
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: String, enum: ['batch', 'monthly'] }) mode!: string;
  @ApiProperty({ type: String }) applicantId!: string;
  @ApiProperty({ type: String }) creditCode!: string;
  @ApiProperty({ type: () => Company }) company!: Company;
  @ApiProperty({ type: () => [CriterionAnswer] }) answers!: CriterionAnswer[];
  @ApiProperty({ type: () => Declaration, nullable: true }) declaration!: Declaration | null;
  @ApiProperty({ type: Number }) version!: number;
  @ApiProperty({ type: String, enum: APPLICATION_STATUSES }) status!: ApplicationStatus;
  @ApiProperty(nullableDate) submittedAt!: string | null;
  @ApiProperty({ type: () => [AutomaticCheck] }) checks!: AutomaticCheck[];
  @ApiProperty({ type: String, nullable: true }) rejection!: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewOn!: string | null;
  @ApiProperty(nullableDate) preReviewDueAt!: string | null;
  @ApiProperty(nullableDate) evaluationDueAt!: string | null;
  @ApiProperty(nullableDate) decisionDueAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) calendarVersion!: string | null;
  @ApiProperty({ type: Boolean }) provisional!: boolean;
  @ApiProperty({ type: () => PreReview, nullable: true }) preReview!: PreReview | null;
  @ApiProperty({ type: () => Panel, nullable: true }) panel!: Panel | null;
  @ApiProperty({ type: () => Decision, nullable: true }) decision!: Decision | null;
  @ApiProperty({ type: String, nullable: true }) partnerId!: string | null;
  @ApiProperty({ type: () => [HistoryEntry] }) history!: HistoryEntry[];
  @ApiProperty({ type: Number }) rev!: number;
}

export class ApplicationVersion {
  @ApiProperty({ type: Number }) version!: number;
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt!: string;
}

export class ApplicationDetail extends Application {
  @ApiProperty({ type: () => [EvidenceFile] }) files!: EvidenceFile[];
  @ApiProperty({ type: () => [ApplicationVersion] }) versions!: ApplicationVersion[];
  @ApiPropertyOptional({ type: 'array', items: OBJ, description: 'staff only: the audit trail' })
  audit?: Record<string, unknown>[];
}

/** The partner a signing created (its record; more fields may follow). */
export class SignedPartner {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) code!: string;
  @ApiProperty({ type: String }) name!: string;
}

export class SignResult {
  @ApiProperty({ type: () => Application }) application!: Application;
  @ApiProperty({ type: () => SignedPartner }) partner!: SignedPartner;
  @ApiProperty({ type: String, nullable: true }) creditAccountId!: string | null;
  @ApiProperty({ type: String, enum: ['scorecard', 'credit'] }) rulebook!: string;
}

export class Letter {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) letterNo!: string;
  @ApiProperty({ type: String }) code!: string;
  @ApiProperty({ type: String }) applicationId!: string;
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) grantor!: string;
  @ApiProperty({ type: String }) grantee!: string;
  @ApiProperty({ type: [String] }) products!: string[];
  @ApiProperty({ type: [String] }) capabilities!: string[];
  @ApiProperty({ type: [String] }) governingRules!: string[];
  @ApiProperty({ type: String, format: 'date-time' }) validFrom!: string;
  @ApiProperty({ type: String, format: 'date-time' }) validTo!: string;
  @ApiProperty({ type: String, format: 'date-time' }) issuedAt!: string;
  @ApiProperty(nullableDate) revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) revocationReason!: string | null;
  @ApiProperty({ type: Number }) rev!: number;
  @ApiProperty({ type: String, enum: LETTER_STATUSES }) status!: LetterStatus;
  @ApiPropertyOptional({ type: String, description: 'the public verification page (absent on a revocation answer)' })
  verifyUrl?: string;
}

export class MeetingDecision {
  @ApiProperty({ type: String }) applicationId!: string;
  @ApiProperty({ type: String }) companyName!: string;
  @ApiProperty({ type: String, enum: ['approved', 'declined'] }) result!: string;
  @ApiPropertyOptional({ type: Number }) rank?: number;
  @ApiPropertyOptional({ type: String }) reason?: string;
}

/** FT-9: the 公示 window of a meeting's approvals (with the settings it was computed from). */
export class MeetingPublicity {
  @ApiProperty({ type: Number }) days!: number;
  @ApiProperty({ type: String, enum: ['calendar', 'working'] }) unit!: string;
  @ApiProperty({ type: String, format: 'date-time' }) publishedAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt!: string;
}

export class Meeting {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) recruitmentId!: string;
  @ApiProperty({ type: String }) heldOn!: string;
  @ApiProperty({ type: [String] }) attendees!: string[];
  @ApiProperty({ type: String }) minutes!: string;
  @ApiProperty({ type: String, nullable: true }) minutesFileId!: string | null;
  @ApiProperty({ type: [String] }) candidates!: string[];
  @ApiProperty({ type: [String] }) ranking!: string[];
  @ApiProperty({ type: Boolean }) overQuota!: boolean;
  @ApiProperty({ type: () => [MeetingDecision] }) decisions!: MeetingDecision[];
  @ApiProperty({ type: String, enum: MEETING_STATUSES }) status!: MeetingStatus;
  @ApiProperty({ type: () => MeetingPublicity, nullable: true }) publicity!: MeetingPublicity | null;
  @ApiProperty({ type: String }) createdBy!: string;
  @ApiProperty({ type: Number }) rev!: number;
}

export class Objection {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) meetingId!: string;
  @ApiProperty({ type: String, nullable: true }) applicationId!: string | null;
  @ApiProperty({ type: String }) text!: string;
  @ApiProperty({ type: String }) contact!: string;
  @ApiProperty({ type: String, enum: OBJECTION_STATUSES }) status!: ObjectionStatus;
  @ApiProperty({ type: String, nullable: true }) resolution!: string | null;
  @ApiProperty(nullableDate) resolvedAt!: string | null;
  @ApiProperty({ type: Number }) rev!: number;
}

/** #18 a row of the console's 申请 table. */
export class ApplicationRow {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) recruitmentId!: string;
  @ApiProperty({ type: String }) companyName!: string;
  @ApiProperty({ type: String }) creditCode!: string;
  @ApiProperty({ type: String, enum: APPLICATION_STATUSES }) status!: ApplicationStatus;
  @ApiProperty(nullableDate) submittedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: Number }) rev!: number;
}

/** #18 a row of the console's 公示异议 table: the objection with the company it names. */
export class ObjectionRow extends Objection {
  @ApiProperty({ type: String, nullable: true }) recruitmentId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the company objected to (null: the 公示 as a whole)' })
  companyName!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

/** #18 the paging fields of a console table's answer. */
class TablePage {
  @ApiProperty({ type: Number, description: 'rows over all pages' }) total!: number;
  @ApiProperty({ type: Number }) page!: number;
  @ApiProperty({ type: Number }) pageSize!: number;
}
export class ApplicationTable extends TablePage {
  @ApiProperty({ type: () => [ApplicationRow] }) items!: ApplicationRow[];
}
export class ObjectionTable extends TablePage {
  @ApiProperty({ type: () => [ObjectionRow] }) items!: ObjectionRow[];
}

export class RiskCancellation {
  @ApiProperty({ type: String }) id!: string;
  @ApiPropertyOptional({ type: String }) companyCreditCode?: string;
  @ApiProperty({ type: String }) companyName!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: String }) reason!: string;
  @ApiProperty({ type: String }) source!: string;
}

export class ProfileProgramme {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) name!: string;
}

export class ProfileContract {
  @ApiProperty({ type: String, description: 'YYYY-MM-DD' }) signedAt!: string;
  @ApiProperty({ type: String, description: 'YYYY-MM-DD' }) termStart!: string;
  @ApiProperty({ type: String, description: 'YYYY-MM-DD, the last day' }) endsAt!: string;
  @ApiProperty({ type: [String] }) products!: string[];
}

export class ProfileDocument {
  @ApiProperty({ type: String }) fileName!: string;
  @ApiProperty({ type: String }) type!: string;
  @ApiProperty({ type: Number }) size!: number;
  @ApiProperty({ type: String, format: 'date-time' }) uploadedAt!: string;
}

export class PartnerProfile {
  @ApiProperty({ type: String }) code!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String, enum: PARTNER_STATUSES }) status!: PartnerStatus;
  @ApiProperty({ type: () => ProfileProgramme }) programme!: ProfileProgramme;
  @ApiProperty({ type: () => ProfileContract, nullable: true }) contract!: ProfileContract | null;
  @ApiProperty({ type: () => [Letter] }) letters!: Letter[];
  @ApiProperty({ type: () => [ProfileDocument] }) documents!: ProfileDocument[];
}

export class SealInfo {
  @ApiProperty({ type: String, description: 'the record: always "seal" (one seal image per installation)' })
  id!: string;
  @ApiProperty({ type: String, description: 'SHA-256 of the PNG (hex)' }) sha256!: string;
  @ApiProperty({ type: Number }) bytes!: number;
  @ApiProperty({ type: String, format: 'date-time' }) setAt!: string;
}

export class DishonestImport {
  @ApiProperty({ type: String, enum: ['serious_illegal', 'dishonest_debtor'] }) list!: string;
  @ApiProperty({ type: String }) importId!: string;
  @ApiProperty({ type: Number }) entries!: number;
}

export class PublicitySetting {
  @ApiProperty({ type: Number }) days!: number;
  @ApiProperty({ type: String, enum: ['calendar', 'working'] }) unit!: string;
}

export class IntakeSettings {
  @ApiProperty({ type: () => PublicitySetting }) publicity!: PublicitySetting;
  @ApiProperty(OBJ) quorum!: Record<string, unknown>;
  @ApiProperty({ type: Number }) maxFileBytes!: number;
  @ApiProperty({ type: Number }) maxFiles!: number;
  @ApiProperty({ type: String }) grantor!: string;
  @ApiProperty({ type: [String] }) products!: string[];
}

/** FT-8: the registered affiliation a hard conflict of interest is found by. */
export class StaffAffiliation {
  @ApiPropertyOptional({ type: String }) companyName?: string;
  @ApiPropertyOptional({ type: String }) creditCode?: string;
  @ApiPropertyOptional({ type: String }) phone?: string;
}

export class StaffUser {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) username!: string;
  @ApiProperty({ type: String }) role!: string;
  @ApiProperty({ type: String, nullable: true }) team!: string | null;
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
  @ApiProperty({ type: () => StaffAffiliation, nullable: true }) affiliation!: StaffAffiliation | null;
  @ApiProperty({ type: Boolean }) disabled!: boolean;
}
export class StaffUserRow extends StaffUser {
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}
export class StaffUserTable extends TablePage {
  @ApiProperty({ type: () => [StaffUserRow] }) items!: StaffUserRow[];
}

/** A binary download of one of these media types (an attachment, `nosniff`). */
export function ApiBinary(types: string[], description: string) {
  return applyDecorators(
    ApiProduces(...types),
    ApiResponse({
      status: 200,
      description,
      content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
    }),
  );
}

export const EVIDENCE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
