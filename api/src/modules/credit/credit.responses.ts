/** Response bodies of this module's routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { ApiProperty, ApiPropertyOptional, OmitType, PickType } from '@nestjs/swagger';
import {
  CREDIT_ACCOUNT_STATUSES,
  CREDIT_APPEAL_STATUSES,
  CREDIT_EVENT_STATUSES,
  CREDIT_ENTRY_KINDS,
  CREDIT_SETTLEMENT_KINDS,
  CREDIT_TIERS,
  LEDGER_ENTRY_KINDS,
  type CreditAccountStatus,
  type CreditAppealStatus,
  type CreditEventStatus,
  type CreditEntryKind,
  type CreditSettlementKind,
  type LedgerEntryKind,
  type Tier,
} from '@huoban/core';

export class AppealListItem {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) entryId!: string;
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) partnerName!: string;
  @ApiProperty({ type: () => AppealListItemEntry, nullable: true }) entry!: AppealListItemEntry | null;
  @ApiProperty({ type: String }) reason!: string;
  @ApiProperty({ type: String, enum: CREDIT_APPEAL_STATUSES }) status!: CreditAppealStatus;
  @ApiProperty({ type: String, nullable: true }) decisionReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) reversalEntryId!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class AppealList {
  @ApiProperty({ type: () => [AppealListItem] }) items!: AppealListItem[];
}

/** One appeal: the same fields as an item of the list. */
export class Appeal extends AppealListItem {}

export class CreditAccountViewMonth {
  @ApiProperty({ type: String }) month!: string;
  @ApiProperty({ type: Number }) score!: number;
}

export class CreditAccountViewEntryAppeal {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String, enum: CREDIT_APPEAL_STATUSES }) status!: CreditAppealStatus;
}

export class CreditAccountViewEntry {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) month!: string;
  @ApiProperty({ type: String }) rule!: string;
  @ApiProperty({ type: String, enum: LEDGER_ENTRY_KINDS }) kind!: LedgerEntryKind;
  @ApiProperty({ type: Number }) requested!: number;
  @ApiProperty({ type: Number }) applied!: number;
  @ApiProperty({ type: Number }) scoreAfter!: number;
  @ApiProperty({ type: String }) reason!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: Boolean }) reversed!: boolean;
  @ApiProperty({ type: Boolean }) appealable!: boolean;
  @ApiPropertyOptional({ type: () => CreditAccountViewEntryAppeal }) appeal?: CreditAccountViewEntryAppeal;
  @ApiPropertyOptional({ type: String }) ref?: string;
  @ApiPropertyOptional({ type: String }) reverses?: string;
}

export class AppealListItemEntry extends PickType(CreditAccountViewEntry, [
  'month',
  'rule',
  'kind',
  'applied',
  'reason',
  'at',
] as const) {}

export class CreditAccountViewNext {
  @ApiProperty({ type: Number }) toAClass!: number;
  @ApiProperty({ type: Number }) aClassThreshold!: number;
  @ApiProperty({ type: Boolean }) aClassReviewPending!: boolean;
}

export class CreditAccountView {
  @ApiProperty({ type: String }) accountId!: string;
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) partnerName!: string;
  @ApiProperty({ type: String }) partnerCode!: string;
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: String, enum: CREDIT_ACCOUNT_STATUSES }) status!: CreditAccountStatus;
  @ApiProperty({ type: Number }) score!: number;
  @ApiProperty({ type: String, enum: CREDIT_TIERS }) tier!: Tier;
  @ApiProperty({ type: String }) tierLabel!: string;
  @ApiProperty({ type: Boolean }) aClass!: boolean;
  @ApiProperty({ type: String }) joinedAt!: string;
  @ApiProperty({ type: String }) firstMonth!: string;
  @ApiProperty({ type: String, nullable: true }) lastClosedMonth!: string | null;
  @ApiProperty({ type: String }) openMonth!: string;
  @ApiProperty({ type: Boolean }) settlementHold!: boolean;
  @ApiProperty({ type: String, nullable: true }) settlementHeldUntil!: string | null;
  @ApiProperty({ type: () => [CreditAccountViewMonth] }) months!: CreditAccountViewMonth[];
  @ApiProperty({ type: () => [CreditAccountViewEntry] }) entries!: CreditAccountViewEntry[];
  @ApiProperty({ type: () => CreditAccountViewNext }) next!: CreditAccountViewNext;
}

export class CreditEvent {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) month!: string;
  @ApiProperty({ type: String }) type!: string;
  @ApiPropertyOptional({ type: String }) category?: string;
  @ApiPropertyOptional({ type: Number }) points?: number;
  @ApiPropertyOptional({ type: String }) reason?: string;
  @ApiPropertyOptional({ type: String }) code?: string;
  @ApiPropertyOptional({ type: String }) note?: string;
  @ApiProperty({ type: String, enum: CREDIT_EVENT_STATUSES }) status!: CreditEventStatus;
  @ApiProperty({ type: String }) by!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ type: String }) quarter?: string;
  @ApiPropertyOptional({ type: Number }) rank?: number;
  @ApiPropertyOptional({ type: Number }) of?: number;
  @ApiPropertyOptional({ type: String, enum: CREDIT_TIERS }) tier?: Tier;
  @ApiPropertyOptional({ type: String }) result?: string;
}

/** An item of the event list (quarter rankings: MG-4). */
export class CreditEventListItem extends PickType(CreditEvent, [
  'id',
  'partnerId',
  'month',
  'type',
  'status',
  'by',
  'at',
] as const) {
  @ApiProperty({ type: String }) quarter!: string;
  @ApiProperty({ type: Number }) rank!: number;
  @ApiProperty({ type: Number }) of!: number;
}

export class CreditEventList {
  @ApiProperty({ type: () => [CreditEventListItem] }) items!: CreditEventListItem[];
}

export class CreditExitListingActor {
  @ApiProperty({ type: String }) type!: string;
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) role!: string;
  @ApiProperty({ type: String }) name!: string;
}

export class CreditExitListing {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) companyName!: string;
  @ApiProperty({ type: String }) nameKey!: string;
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) reason!: string;
  @ApiProperty({ type: String, format: 'date-time' }) listedAt!: string;
  @ApiProperty({ type: () => CreditExitListingActor }) actor!: CreditExitListingActor;
}

export class CreditExit {
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String, enum: CREDIT_ACCOUNT_STATUSES }) status!: CreditAccountStatus;
  @ApiProperty({ type: () => CreditExitListing }) listing!: CreditExitListing;
}

export class CreditMonthSnapshotEventEvent {
  @ApiProperty({ type: String }) month!: string;
  @ApiProperty({ type: String }) type!: string;
  @ApiProperty({ type: String }) category!: string;
  @ApiProperty({ type: Number }) points!: number;
  @ApiProperty({ type: String }) reason!: string;
}

export class CreditMonthSnapshotEvent {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: () => CreditMonthSnapshotEventEvent }) event!: CreditMonthSnapshotEventEvent;
}

export class CreditMonthSnapshotStateBefore {
  @ApiProperty({ type: Number }) score!: number;
  @ApiProperty({ type: String, enum: CREDIT_TIERS }) tier!: Tier;
  @ApiProperty({ type: Boolean }) aClass!: boolean;
  @ApiProperty({ type: Number }) recoveryPool!: number;
  @ApiProperty({ type: Number }) cleanStreak!: number;
  @ApiProperty({ type: Number }) pendingBonus!: number;
  @ApiProperty({ nullable: true }) pendingRanking!: unknown;
  @ApiProperty({ type: String }) joinedAt!: string;
  @ApiProperty({ type: String }) firstMonth!: string;
  @ApiProperty({ type: String, nullable: true }) month!: string | null;
}

export class CreditMonthSnapshotStateAfter extends OmitType(CreditMonthSnapshotStateBefore, ['month'] as const) {
  @ApiProperty({ type: String }) month!: string;
}

export class CreditMonthSnapshotEntry {
  @ApiProperty({ type: String }) month!: string;
  @ApiProperty({ type: String }) rule!: string;
  @ApiProperty({ type: String, enum: CREDIT_ENTRY_KINDS }) kind!: CreditEntryKind;
  @ApiProperty({ type: Number }) requested!: number;
  @ApiProperty({ type: Number }) applied!: number;
  @ApiProperty({ type: Number }) scoreAfter!: number;
  @ApiProperty({ type: String }) reason!: string;
}

export class CreditMonthSnapshot {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) accountId!: string;
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: String }) month!: string;
  @ApiProperty({ type: Number }) tablesVersion!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) tables!: Record<string, unknown>;
  @ApiProperty({ type: () => [CreditMonthSnapshotEvent] }) events!: CreditMonthSnapshotEvent[];
  @ApiProperty({ type: () => CreditMonthSnapshotStateBefore }) stateBefore!: CreditMonthSnapshotStateBefore;
  @ApiProperty({ type: () => CreditMonthSnapshotStateAfter }) stateAfter!: CreditMonthSnapshotStateAfter;
  @ApiProperty({ type: () => [CreditMonthSnapshotEntry] }) entries!: CreditMonthSnapshotEntry[];
  @ApiProperty({ type: Boolean }) aClassPending!: boolean;
  @ApiProperty({ type: () => CreditExitListingActor }) actor!: CreditExitListingActor;
  @ApiProperty({ type: String, format: 'date-time' }) closedAt!: string;
}

export class CreditSettlementRecord {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String, enum: CREDIT_SETTLEMENT_KINDS }) kind!: CreditSettlementKind;
  @ApiProperty({ type: String }) month!: string;
  @ApiProperty({ type: Number }) amount!: number;
  @ApiProperty({ type: Number }) shortfall!: number;
  @ApiProperty({ type: String, nullable: true }) heldUntil!: string | null;
  @ApiProperty({ type: String }) reason!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) paidAt!: string | null;
  @ApiProperty({ type: () => CreditExitListingActor }) actor!: CreditExitListingActor;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
}

export class CreditSettlement {
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: Boolean }) settlementHold!: boolean;
  @ApiProperty({ type: String, nullable: true }) heldUntil!: string | null;
  @ApiProperty({ type: Number }) unpaidShortfall!: number;
  @ApiProperty({ type: [String] }) reasons!: string[];
  @ApiProperty({ type: () => [CreditSettlementRecord] }) records!: CreditSettlementRecord[];
}

export class BadCreditListItem extends CreditExitListing {}

export class BadCreditList {
  @ApiProperty({ type: () => [BadCreditListItem] }) items!: BadCreditListItem[];
}

export class BadCreditCheck {
  @ApiProperty({ type: String }) companyName!: string;
  @ApiProperty({ type: Boolean }) listed!: boolean;
}

/** The partner's own account: the same view staff see. */
export class CreditMe extends CreditAccountView {}

export class CreditMonthCloseClosedItem {
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) accountId!: string;
  @ApiProperty({ type: String }) month!: string;
  @ApiProperty({ type: Number }) score!: number;
  @ApiProperty({ type: Boolean }) aClass!: boolean;
  @ApiProperty({ type: Boolean }) aClassPending!: boolean;
  @ApiProperty({ type: Number }) entries!: number;
}

export class CreditMonthClose {
  @ApiProperty({ type: String }) month!: string;
  @ApiProperty({ type: () => [CreditMonthCloseClosedItem] }) closed!: CreditMonthCloseClosedItem[];
  @ApiProperty({ type: 'array', items: {} }) failed!: unknown[];
}

export class QuarterRankingItemRegistered {
  @ApiProperty({ type: Number }) rank!: number;
  @ApiProperty({ type: Number }) of!: number;
  @ApiProperty({ type: String }) quarter!: string;
}

export class QuarterRankingItem {
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) partnerCode!: string;
  @ApiProperty({ type: String }) partnerName!: string;
  @ApiProperty({ type: Number }) revenue!: number;
  @ApiProperty({ type: Number }) rank!: number;
  @ApiProperty({ type: [String] }) missingMonths!: string[];
  @ApiProperty({ type: String }) outcome!: string;
  @ApiProperty({ type: () => QuarterRankingItemRegistered }) registered!: QuarterRankingItemRegistered;
}

export class QuarterRanking {
  @ApiProperty({ type: String }) quarter!: string;
  @ApiProperty({ type: String }) evaluationMonth!: string;
  @ApiProperty({ type: Number }) of!: number;
  @ApiProperty({ type: () => [QuarterRankingItem] }) items!: QuarterRankingItem[];
}

export class CreditTables {
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: Number }) version!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) tables!: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) updatedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) updatedBy!: string | null;
}

export class CreditAccountListItem extends PickType(CreditAccountView, [
  'partnerId',
  'partnerName',
  'status',
  'score',
  'tier',
  'tierLabel',
  'aClass',
] as const) {
  @ApiProperty({ type: String, nullable: true, example: '2026-05' }) lastClosedMonth!: string | null;
  @ApiProperty({ type: String, example: '2026-06' }) openMonth!: string;
  @ApiProperty({ type: Boolean }) aClassReviewPending!: boolean;
}

export class CreditAccountList {
  @ApiProperty({ type: () => [CreditAccountListItem] }) items!: CreditAccountListItem[];
}
