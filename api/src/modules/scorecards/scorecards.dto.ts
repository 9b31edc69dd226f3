import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDay, IsPeriod, IsText } from '../../common/validation.js';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsMongoId,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export class PeriodQuery {
  @ApiPropertyOptional({ example: '2026H2', description: 'half-year; default the current one (Asia/Shanghai)' })
  @IsOptional()
  @IsPeriod()
  period?: string;
}

export class OnboardingDto {
  @ApiProperty({ example: 26, description: '0..onboardingMax (30 by default), at most one decimal' })
  @IsNumber({})
  rating!: number;
  @IsText(2000) comment!: string;
}

export class SecurityIncidentDto {
  @ApiProperty({ enum: ['I', 'II', 'III', 'IV'] })
  @IsIn(['I', 'II', 'III', 'IV'])
  level!: 'I' | 'II' | 'III' | 'IV';
  @IsText(2000) description!: string;
  @ApiProperty({ example: '2026-08-03T10:00:00+08:00' })
  @IsString()
  @MaxLength(40)
  occurredAt!: string;
}

export class SuccessRateDto {
  @ApiProperty({ example: 0.9985, description: 'share 0..1 (0.999 = 99.9%)' })
  @IsNumber({})
  @Min(0)
  @Max(1)
  rate!: number;
}

export class ReasonDto {
  @IsText(1000) reason!: string;
}

export class EscalationDto extends ReasonDto {
  @ApiProperty() @IsBoolean() attributable!: boolean;
  @ApiProperty() @IsBoolean() malicious!: boolean;
}

export class ListRectificationsQuery {
  @ApiPropertyOptional({ enum: ['open', 'submitted', 'passed', 'failed'] })
  @IsOptional()
  @IsIn(['open', 'submitted', 'passed', 'failed'])
  status?: string;
  @ApiPropertyOptional() @IsOptional() @IsMongoId() partnerId?: string;
}

export class SubmissionDto {
  @IsText(8000, { description: 'the rectification plan' }) plan!: string;
  @IsText(1000, { each: true, description: 'evidence: text or links, at most 20' })
  @IsArray()
  @ArrayMaxSize(20)
  evidence!: string[];
}

export class RectificationDecisionDto extends ReasonDto {
  @ApiProperty({ enum: ['pass', 'fail'] })
  @IsIn(['pass', 'fail'])
  decision!: 'pass' | 'fail';
}

export class ContractDto {
  @ApiProperty({ example: '2025-01-01' })
  @IsDay()
  signedAt!: string;
  @ApiProperty({ example: '2027-12-31', description: 'last day of the contract' })
  @IsDay()
  endsAt!: string;
  @ApiPropertyOptional({
    example: '2028-06-30',
    nullable: true,
    description: 'special certificates valid through; null = none',
  })
  @IsOptional()
  @IsDay()
  certificatesValidUntil?: string | null;
  @ApiPropertyOptional({ description: 'FT-2 still met (default true)' })
  @IsOptional()
  @IsBoolean()
  meetsQualification?: boolean;
}

export class RenewalDecisionDto extends ReasonDto {
  @ApiProperty({ enum: ['renew', 'end'] })
  @IsIn(['renew', 'end'])
  decision!: 'renew' | 'end';
}

export class ListRenewalsQuery {
  @ApiPropertyOptional({ enum: ['pending', 'decided'] }) @IsOptional() @IsIn(['pending', 'decided']) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsMongoId() partnerId?: string;
}
