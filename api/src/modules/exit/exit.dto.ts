import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsMongoId, IsObject, IsOptional, Max, Min } from 'class-validator';
import { EXIT_STATUSES, type ExitStatus } from '@huoban/core';
import { IsDay, IsText } from '../../common/validation.js';
export const STAFF_TRIGGERS = [
  'business_end',
  'dishonest_list',
  'security_incident',
  'major_violation',
  'rectification_failed',
] as const;

/** FT-17.3: the partner's written exit request. */
export class ExitRequestDto {
  @IsText(1000) reason!: string;
  @ApiProperty({ example: '2027-03-31' }) @IsDay() desiredEndOn!: string;
  @ApiProperty() @IsBoolean() commitment!: boolean;
}

/** Staff record a trigger: FT-17.2 serious incident, FT-17.4 business end, FT-17.5 list hit, FT-14, MG-11. */
export class OpenExitCaseDto {
  @ApiProperty() @IsMongoId() partnerId!: string;
  @ApiProperty({ enum: STAFF_TRIGGERS })
  @IsIn(STAFF_TRIGGERS)
  trigger!: (typeof STAFF_TRIGGERS)[number];
  @IsText(1000) reason!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  evidence?: Record<string, unknown>;
}

export class ExitReasonDto {
  @IsText(1000) reason!: string;
}

/** Approval: the agreed end date (default: the partner's requested date; never earlier). */
export class ExitApproveDto extends ExitReasonDto {
  @ApiPropertyOptional({ example: '2027-03-31' }) @IsOptional() @IsDay() endOn?: string;
}

export class ExitNoteDto {
  @IsText(1000, { optional: true }) reason?: string;
  /** FT-17.3: before the agreed end date only with the partner's agreement — its reason */
  @IsText(1000, { optional: true }) partnerAgreed?: string;
}

const LIST_STATUSES = ['open', 'all', ...EXIT_STATUSES] as const;

/**
 * The 退出审批 list: the open queue by next due date (default, `status=open`), or, paged by the api, every case
 * (`status=all`) or those of one status, by application date (`order`, default newest first).
 */
export class ExitCaseListQuery {
  @ApiPropertyOptional({ enum: LIST_STATUSES })
  @IsOptional()
  @IsIn(LIST_STATUSES)
  status?: 'open' | 'all' | ExitStatus;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
  @ApiPropertyOptional({ enum: ['asc', 'desc'] }) @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
}
