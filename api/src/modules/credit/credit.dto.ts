import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsMongoId,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsDay, IsMonth, IsQuarter, IsText } from '../../common/validation.js';
import {
  CREDIT_APPEAL_STATUSES,
  CREDIT_EVENT_INPUT_TYPES,
  CREDIT_SETTLEMENT_KINDS,
  CREDIT_TIERS,
  DEDUCTION_CATEGORIES,
  type CreditAppealStatus,
  type CreditEventInputType,
  type CreditSettlementKind,
  type DeductionCategory,
  type Tier,
} from '@huoban/core';

const EVENT_TYPES = CREDIT_EVENT_INPUT_TYPES;
const MAX_YUAN = 1e10;

export class OpenAccountDto {
  @ApiProperty() @IsMongoId() partnerId!: string;
  @ApiProperty({ enum: CREDIT_TIERS })
  @IsIn(CREDIT_TIERS)
  tier!: Tier;
  @ApiProperty({ example: '2025-06-01', description: 'date the channel joined (YYYY-MM-DD)' })
  @IsDay()
  joinedAt!: string;
  @ApiPropertyOptional({ example: '2026-01', description: 'first ledger month (default: the month of joinedAt)' })
  @IsOptional()
  @IsMonth()
  firstMonth?: string;
}

export class TransferDto {
  @ApiProperty() @IsMongoId() toPartnerId!: string;
  @IsText(500) reason!: string;
}

export class ReasonDto {
  @IsText(1000) reason!: string;
}

export class OptionalReasonDto {
  @IsText(1000, { optional: true }) reason?: string;
}

/** One input for a month; the fields needed depend on `type`. */
export class RegisterEventDto {
  @ApiProperty({ enum: EVENT_TYPES })
  @IsIn(EVENT_TYPES)
  type!: CreditEventInputType;
  @ApiProperty({ example: '2026-05' }) @IsMonth() month!: string;

  @ApiPropertyOptional({
    enum: DEDUCTION_CATEGORIES,
    description: 'deduction: violation (MG-8), complaint or fulfilment (MG-12)',
  })
  @ValidateIf((o: RegisterEventDto) => o.type === 'deduction' || o.category !== undefined)
  @IsIn(DEDUCTION_CATEGORIES)
  category?: DeductionCategory;
  @ApiPropertyOptional({ example: 'V-FORCED', description: 'deduction: catalogue code of the programme tables' })
  @ValidateIf((o: RegisterEventDto) => o.type === 'deduction' || o.code !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  code?: string;
  @IsText(500, { optional: true, description: 'deduction: what happened (kept in the entry reason)' })
  note?: string;
  @IsText(100, { optional: true, description: 'deduction: reference, e.g. a complaint number' })
  ref?: string;

  @ApiPropertyOptional({ enum: CREDIT_TIERS, description: 'rerate (MG-6): the new tier' })
  @ValidateIf((o: RegisterEventDto) => o.type === 'rerate' || o.tier !== undefined)
  @IsIn(CREDIT_TIERS)
  tier?: Tier;

  @ApiPropertyOptional({ example: '2026Q1', description: 'quarterRank (MG-4): default the quarter ranked in month' })
  @IsOptional()
  @IsQuarter()
  quarter?: string;
  @ApiPropertyOptional({ description: 'quarterRank: rank of the pre-settlement revenue (1 = best)' })
  @ValidateIf((o: RegisterEventDto) => o.type === 'quarterRank' || o.rank !== undefined)
  @IsInt()
  @Min(1)
  rank?: number;
  @ApiPropertyOptional({ description: 'quarterRank: number of CPS channels ranked' })
  @ValidateIf((o: RegisterEventDto) => o.type === 'quarterRank' || o.of !== undefined)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  of?: number;

  @ApiPropertyOptional({ enum: ['pass', 'fail'], description: 'aClassReview (MG-7): the review decision' })
  @ValidateIf((o: RegisterEventDto) => o.type === 'aClassReview' || o.result !== undefined)
  @IsIn(['pass', 'fail'])
  result?: 'pass' | 'fail';
}

export class EventsQuery {
  @ApiPropertyOptional({ example: '2026-05' }) @IsOptional() @IsMonth() month?: string;
}

export class SettlementDto {
  @ApiProperty({ enum: CREDIT_SETTLEMENT_KINDS })
  @IsIn(CREDIT_SETTLEMENT_KINDS)
  kind!: CreditSettlementKind;
  @ApiProperty({ example: '2026-05' }) @IsMonth() month!: string;
  @ApiProperty({ description: 'yuan: the refund offset (MG-9) or the month’s information fees (MG-10)' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(MAX_YUAN)
  amount!: number;
  @ApiPropertyOptional({
    description: 'refund-offset: the part the settlement did not cover (suspends settlement until paid)',
  })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(MAX_YUAN)
  shortfall?: number;
  @IsText(1000) reason!: string;
  @IsText(100, { optional: true }) ref?: string;
}

export class BadCreditCheckQuery {
  @IsText(200) companyName!: string;
}

export class CreateAppealDto {
  @ApiProperty() @IsMongoId() entryId!: string;
  @IsText(1000) reason!: string;
}

export class DecideAppealDto {
  @ApiProperty({ enum: ['uphold', 'reject'] })
  @IsIn(['uphold', 'reject'])
  decision!: 'uphold' | 'reject';
  @IsText(1000) reason!: string;
}

export class AppealsQuery {
  @ApiPropertyOptional({ enum: CREDIT_APPEAL_STATUSES })
  @IsOptional()
  @IsIn(CREDIT_APPEAL_STATUSES)
  status?: CreditAppealStatus;
}
