import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsMongoId,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class PeriodQuery {
  @ApiPropertyOptional({ example: '2026H2', description: 'half-year; default the current one (Asia/Shanghai)' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  period?: string;
}

export class OnboardingDto {
  @ApiProperty({ example: 26, description: '0..onboardingMax (30 by default), at most one decimal' })
  @IsNumber({}, { message: 'rating must be a number' })
  rating!: number;
  @ApiProperty() @IsString() @IsNotEmpty({ message: 'comment must not be empty' }) @MaxLength(2000) comment!: string;
}

export class SecurityIncidentDto {
  @ApiProperty({ enum: ['I', 'II', 'III', 'IV'] })
  @IsIn(['I', 'II', 'III', 'IV'], { message: 'level must be one of I, II, III, IV' })
  level!: 'I' | 'II' | 'III' | 'IV';
  @ApiProperty()
  @IsString()
  @IsNotEmpty({ message: 'description must not be empty' })
  @MaxLength(2000)
  description!: string;
  @ApiProperty({ example: '2026-08-03T10:00:00+08:00' })
  @IsString({ message: 'occurredAt must be an ISO 8601 date-time' })
  @MaxLength(40)
  occurredAt!: string;
}

export class SuccessRateDto {
  @ApiProperty({ example: 0.9985, description: 'share 0..1 (0.999 = 99.9%)' })
  @IsNumber({}, { message: 'rate must be a number' })
  @Min(0, { message: 'rate must be ≥ 0' })
  @Max(1, { message: 'rate must be ≤ 1' })
  rate!: number;
}

export class ReasonDto {
  @ApiProperty() @IsString() @IsNotEmpty({ message: 'reason must not be empty' }) @MaxLength(1000) reason!: string;
}

export class EscalationDto extends ReasonDto {
  @ApiProperty() @IsBoolean({ message: 'attributable must be a boolean' }) attributable!: boolean;
  @ApiProperty() @IsBoolean({ message: 'malicious must be a boolean' }) malicious!: boolean;
}

export class ListRectificationsQuery {
  @ApiPropertyOptional({ enum: ['open', 'submitted', 'passed', 'failed'] })
  @IsOptional()
  @IsIn(['open', 'submitted', 'passed', 'failed'])
  status?: string;
  @ApiPropertyOptional() @IsOptional() @IsMongoId({ message: 'partnerId must be a partner id' }) partnerId?: string;
}

export class SubmissionDto {
  @ApiProperty({ description: 'the rectification plan' })
  @IsString()
  @IsNotEmpty({ message: 'plan must not be empty' })
  @MaxLength(8000)
  plan!: string;
  @ApiProperty({ type: [String], description: 'evidence: text or links, at most 20' })
  @IsArray({ message: 'evidence must be a list of texts or links' })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true, message: 'evidence items must not be empty' })
  @MaxLength(1000, { each: true })
  evidence!: string[];
}

export class RectificationDecisionDto extends ReasonDto {
  @ApiProperty({ enum: ['pass', 'fail'] })
  @IsIn(['pass', 'fail'], { message: 'decision must be pass or fail' })
  decision!: 'pass' | 'fail';
}

export class ContractDto {
  @ApiProperty({ example: '2025-01-01' })
  @Matches(DAY, { message: 'signedAt must be a date YYYY-MM-DD' })
  signedAt!: string;
  @ApiProperty({ example: '2027-12-31', description: 'last day of the contract' })
  @Matches(DAY, { message: 'endsAt must be a date YYYY-MM-DD' })
  endsAt!: string;
  @ApiPropertyOptional({
    example: '2028-06-30',
    nullable: true,
    description: 'special certificates valid through; null = none',
  })
  @IsOptional()
  @Matches(DAY, { message: 'certificatesValidUntil must be a date YYYY-MM-DD or null' })
  certificatesValidUntil?: string | null;
  @ApiPropertyOptional({ description: 'FT-2 still met (default true)' })
  @IsOptional()
  @IsBoolean({ message: 'meetsQualification must be a boolean' })
  meetsQualification?: boolean;
}

export class RenewalDecisionDto extends ReasonDto {
  @ApiProperty({ enum: ['renew', 'end'] })
  @IsIn(['renew', 'end'], { message: 'decision must be renew or end' })
  decision!: 'renew' | 'end';
}

export class ListRenewalsQuery {
  @ApiPropertyOptional({ enum: ['pending', 'decided'] }) @IsOptional() @IsIn(['pending', 'decided']) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsMongoId({ message: 'partnerId must be a partner id' }) partnerId?: string;
}
