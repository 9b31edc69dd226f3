/** Response bodies of this module's routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  COMPLAINT_CHANNELS,
  COMPLAINT_KINDS,
  COMPLAINT_STATUSES,
  REPLY_VERDICTS,
  SLA_STATES,
  type ComplaintChannel,
  type ComplaintKind,
  type ComplaintStatus,
  type ReplyVerdict,
  type SlaState,
} from '@huoban/core';

export class ComplaintViewReply {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) text!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: String }) by!: string;
  @ApiProperty({ type: String, enum: REPLY_VERDICTS }) verdict!: ReplyVerdict;
  @ApiPropertyOptional({ type: String }) reason?: string;
}

export class ComplaintView {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) no!: string;
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) partnerName!: string;
  @ApiProperty({ type: Boolean }) partnerSuspended!: boolean;
  @ApiProperty({ type: String, enum: COMPLAINT_KINDS }) kind!: ComplaintKind;
  @ApiProperty({ type: String, enum: COMPLAINT_CHANNELS }) channel!: ComplaintChannel;
  @ApiProperty({ type: String }) summary!: string;
  @ApiProperty({ type: String, format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) dueAt!: string;
  @ApiProperty({ type: Boolean }) provisional!: boolean;
  @ApiProperty({ type: String, enum: COMPLAINT_STATUSES }) status!: ComplaintStatus;
  @ApiProperty({ type: String, enum: SLA_STATES }) slaState!: SlaState;
  @ApiProperty({ type: Number }) workingMsLeft!: number;
  @ApiProperty({ type: String, format: 'date-time' }) serverNow!: string;
  @ApiProperty({ type: () => [ComplaintViewReply] }) replies!: ComplaintViewReply[];
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) effectiveReplyAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) breachedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class ComplaintPage {
  @ApiProperty({ type: () => [ComplaintView], description: 'list views: summaries masked (PIPL)' })
  items!: ComplaintView[];
  @ApiProperty({ type: Number }) total!: number;
}

export class ComplaintList {
  @ApiProperty({ type: () => [ComplaintView] }) items!: ComplaintView[];
}

export class ComplaintQueue {
  @ApiProperty({ type: () => [ComplaintView], description: 'running complaints, own registrations first' })
  items!: ComplaintView[];
}

/** FT-12a figures of a set of complaints. */
export class SlaFigures {
  @ApiProperty({ type: Number }) complaints!: number;
  @ApiProperty({ type: Number, description: 'effective reply at or before the due instant' }) withinSla!: number;
  @ApiProperty({ type: Number }) late!: number;
  @ApiProperty({ type: Number }) open!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'withinSla / (withinSla + late)' })
  shareWithinSla!: number | null;
  @ApiProperty({ type: Number, nullable: true }) medianWorkingMsToReply!: number | null;
  @ApiProperty({ type: Number }) escalated!: number;
}

export class SlaReportPartner extends SlaFigures {
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) partnerName!: string;
}

export class SlaReportMonth extends SlaFigures {
  @ApiProperty({ type: String, example: '2026-07' }) month!: string;
}

export class SlaReport {
  @ApiProperty({ type: String, example: '2026H2' }) period!: string;
  @ApiProperty({ type: () => SlaFigures }) total!: SlaFigures;
  @ApiProperty({ type: () => [SlaReportPartner] }) partners!: SlaReportPartner[];
  @ApiProperty({ type: () => [SlaReportMonth] }) months!: SlaReportMonth[];
}

export class ComplaintImportCreatedBy {
  @ApiProperty({ type: String }) type!: string;
  @ApiProperty({ type: String }) id!: string;
  @ApiPropertyOptional({ type: String }) role?: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
}

/** A complaints import: its rows are registered before the answer. */
export class ComplaintImport {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: String }) fileName!: string;
  @ApiProperty({ type: String }) sha256!: string;
  @ApiProperty({ type: String, enum: ['applying', 'done'] }) status!: string;
  @ApiProperty({ type: Number }) total!: number;
  @ApiProperty({ type: Number, description: 'complaints this import registered' }) created!: number;
  @ApiProperty({ type: Number, description: 'rows whose 外部编号 an earlier import registered' }) existing!: number;
  @ApiProperty({ type: [String] }) complaintIds!: string[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: () => ComplaintImportCreatedBy }) createdBy!: ComplaintImportCreatedBy;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt!: string | null;
}
