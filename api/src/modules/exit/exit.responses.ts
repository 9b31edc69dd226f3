/** Response bodies of the exit routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  EXIT_BLOCKER_KINDS,
  EXIT_STAGES,
  EXIT_STATUSES,
  EXIT_TRIGGER_KEYS,
  PARTNER_STATUSES,
  type ExitBlocker,
  type ExitStage,
  type ExitStatus,
  type ExitTrigger,
  type PartnerStatus,
} from '@huoban/core';

export class ExitCaseStage {
  @ApiProperty({ type: String, enum: EXIT_STAGES }) stage!: ExitStage;
  @ApiProperty({ type: String }) label!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) dueAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) doneAt!: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) met!: boolean | null;
}

export class ExitCaseNextDue {
  @ApiProperty({ type: String, enum: EXIT_STAGES }) stage!: ExitStage;
  @ApiProperty({ type: String }) label!: string;
  @ApiProperty({ type: String, format: 'date-time' }) dueAt!: string;
}

export class ExitCaseActor {
  @ApiProperty({ type: String }) type!: string;
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) role!: string;
  @ApiProperty({ type: String }) name!: string;
}

export class ExitCaseOpenedBy {
  @ApiProperty({ type: String }) type!: string;
  @ApiProperty({ type: String }) role!: string;
  @ApiPropertyOptional({ type: String }) name?: string;
}

export class ExitCaseBlocker {
  @ApiProperty({ type: String, enum: EXIT_BLOCKER_KINDS }) kind!: ExitBlocker['kind'];
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) label!: string;
}

export class ExitCaseHistoryItem {
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: String }) action!: string;
  @ApiProperty({ type: String, enum: EXIT_STATUSES, nullable: true }) from!: ExitStatus | null;
  @ApiProperty({ type: String, enum: EXIT_STATUSES }) to!: ExitStatus;
  @ApiProperty({ type: () => ExitCaseActor }) actor!: ExitCaseActor;
  @ApiPropertyOptional({ type: String }) reason?: string;
}

export class ExitEarlyTermination {
  @ApiProperty({ type: String }) reason!: string;
  @ApiProperty({ type: String }) endOn!: string;
}

export class ExitCase {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) partnerName!: string;
  @ApiProperty({ type: String, enum: EXIT_TRIGGER_KEYS }) trigger!: ExitTrigger;
  @ApiProperty({ type: String }) triggerLabel!: string;
  @ApiProperty({ type: String }) rule!: string;
  @ApiProperty({ type: String, enum: EXIT_STATUSES }) status!: ExitStatus;
  @ApiProperty({ type: String }) statusLabel!: string;
  @ApiProperty({ type: Boolean }) open!: boolean;
  @ApiProperty({ type: String }) reason!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) evidence!: Record<string, unknown>;
  @ApiProperty({ type: () => ExitCaseOpenedBy }) openedBy!: ExitCaseOpenedBy;
  @ApiProperty({ type: String, nullable: true }) desiredEndOn!: string | null;
  @ApiProperty({ type: String }) earliestEndOn!: string;
  @ApiProperty({ type: String, format: 'date-time' }) appliedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) precheckAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) clearedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) approvalStartedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionReason!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) approvedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) terminatedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) approvalStartDueAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) approvalDueAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) terminationDueAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'FT-17.3 the agreed end date (Beijing day)' })
  endOn!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'days left until the agreed end date (approved cases)' })
  daysUntilEnd!: number | null;
  @ApiProperty({ type: () => ExitEarlyTermination, nullable: true })
  earlyTermination!: ExitEarlyTermination | null;
  @ApiProperty({ type: Boolean }) provisional!: boolean;
  @ApiProperty({ type: String }) calendarVersion!: string;
  @ApiProperty({ type: () => [ExitCaseStage] }) stages!: ExitCaseStage[];
  @ApiProperty({ type: () => ExitCaseNextDue, nullable: true }) nextDue!: ExitCaseNextDue | null;
  @ApiPropertyOptional({ type: () => [ExitCaseBlocker] }) blockers?: ExitCaseBlocker[];
  @ApiProperty({ type: Boolean }) mayWithdraw!: boolean;
  @ApiPropertyOptional({ type: () => [ExitCaseHistoryItem] }) history?: ExitCaseHistoryItem[];
  @ApiPropertyOptional({ type: () => [ExitCaseBlocker], nullable: true })
  blockersAtPrecheck?: ExitCaseBlocker[] | null;
}

export class ExitPrecheck {
  @ApiProperty({ type: String, enum: PARTNER_STATUSES }) partnerStatus!: PartnerStatus;
  @ApiProperty({ type: () => [ExitCaseBlocker] }) blockers!: ExitCaseBlocker[];
  @ApiProperty({ type: String }) earliestEndOn!: string;
  @ApiProperty({ type: String, format: 'date-time' }) approvalStartDueAt!: string;
  @ApiProperty({ type: String, nullable: true }) openCaseId!: string | null;
  @ApiProperty({ type: Boolean }) mayApply!: boolean;
}

export class ExitCaseList {
  @ApiProperty({ type: () => [ExitCase] }) items!: ExitCase[];
  /** a page of every case or of one status (`status=all|<status>`): the count over all pages, the page and its size */
  @ApiPropertyOptional({ type: Number }) total?: number;
  @ApiPropertyOptional({ type: Number }) page?: number;
  @ApiPropertyOptional({ type: Number }) pageSize?: number;
}

export class ExitCaseMine {
  @ApiProperty({ type: String, enum: PARTNER_STATUSES, nullable: true }) partnerStatus!: PartnerStatus | null;
  @ApiProperty({ type: () => [ExitCase] }) items!: ExitCase[];
}
