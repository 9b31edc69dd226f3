import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsMongoId,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CREDIT_TIERS, type Tier } from '@huoban/core';
import { IsDay } from '../../common/validation.js';
import { Between, NestedList } from './validators.js';

export class RevDto {
  @ApiProperty({ description: 'the revision you read (409 when another request changed it)' })
  @IsInt()
  @Min(0)
  rev!: number;
}

class ContactDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(40) name!: string;
  @ApiProperty()
  @IsString()
  @Matches(/^[0-9+\- ]{5,20}$/, { message: '须为电话号码（5–20 位数字）' })
  phone!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) email?: string;
}

export class CompanyDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) name?: string;
  @ApiPropertyOptional({ description: '统一社会信用代码 (GB 32100-2015)' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  creditCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsDay() registeredOn?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) legalRep?: string;
  @ApiPropertyOptional({ enum: ['general', 'small_scale'] })
  @IsOptional()
  @IsIn(['general', 'small_scale'])
  taxpayerType?: 'general' | 'small_scale';
  @ApiPropertyOptional({ type: [ContactDto] })
  @IsOptional()
  @NestedList(ContactDto, 5)
  contacts?: ContactDto[];
}

class AnswerDto {
  @ApiProperty({ enum: ['c1', 'c2', 'c3', 'c4'] }) @IsString() @MaxLength(8) criterion!: string;
  @ApiProperty() @IsBoolean() met!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class ApplicationDraftDto {
  @ApiPropertyOptional({ type: CompanyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CompanyDto)
  company?: CompanyDto;
  @ApiPropertyOptional({ type: [AnswerDto] })
  @IsOptional()
  @NestedList(AnswerDto, 10)
  answers?: AnswerDto[];
  @ApiPropertyOptional({ description: '承诺声明已签署' }) @IsOptional() @IsBoolean() declaration?: boolean;
}

export class CreateApplicationDto extends ApplicationDraftDto {
  @ApiProperty() @IsMongoId() recruitmentId!: string;
}

export class EditApplicationDto extends ApplicationDraftDto {
  @ApiProperty() @IsInt() @Min(0) rev!: number;
}

class VerdictDto {
  @ApiProperty() @IsString() @MaxLength(8) criterion!: string;
  @ApiProperty() @IsBoolean() met!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class PreReviewDto extends RevDto {
  @ApiProperty({ type: [VerdictDto] })
  @NestedList(VerdictDto, 10)
  verdicts!: VerdictDto[];
}

export class QuorumDto {
  @ApiProperty({ enum: ['all', 'min'] }) @IsIn(['all', 'min']) kind!: 'all' | 'min';
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) minPass?: number;
}

export class StartEvaluationDto extends RevDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsMongoId({ each: true })
  memberIds!: string[];
  @ApiPropertyOptional({ type: QuorumDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuorumDto)
  quorum?: QuorumDto;
}

export class VoteDto extends RevDto {
  @ApiProperty() @IsBoolean() pass!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

/** FT-8: a panel member's conflict-of-interest declaration (before the vote). */
export class DeclareConflictDto extends RevDto {
  @ApiProperty({ description: 'true: 存在利益冲突 (the member leaves the panel); false: 无利益冲突' })
  @IsBoolean()
  conflict!: boolean;
  @ApiPropertyOptional({ description: 'required with conflict=true' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

class DecisionDto {
  @ApiProperty() @IsMongoId() applicationId!: string;
  @ApiProperty() @IsBoolean() approve!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) reason?: string;
}

export class MeetingDto {
  @ApiProperty() @IsMongoId() recruitmentId!: string;
  @ApiProperty() @IsDay() heldOn!: string;
  @ApiProperty({ type: [String] }) @IsArray() @IsString({ each: true }) @ArrayMaxSize(100) attendees!: string[];
  @ApiProperty({ description: '会议纪要' }) @IsString() @IsNotEmpty() @MaxLength(50_000) minutes!: string;
  @ApiProperty({ type: [DecisionDto] })
  @NestedList(DecisionDto, 500, 1)
  decisions!: DecisionDto[];
  @ApiPropertyOptional({
    type: [String],
    description: '择优排名 (application ids, best first); required over the quota',
  })
  @IsOptional()
  @IsArray()
  @IsMongoId({ each: true })
  @ArrayMaxSize(500)
  ranking?: string[];
}

export class ObjectionDto {
  @ApiProperty() @IsMongoId() meetingId!: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsMongoId()
  applicationId?: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(5000) text!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) contact?: string;
}

export class ResolveDto extends RevDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  resolution!: string;
}

export class SignDto extends RevDto {
  @ApiProperty()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{2,32}$/, { message: '须为 2–32 位字母、数字或连字符' })
  partnerCode!: string;
  @ApiProperty() @IsDay() termStart!: string;
  @ApiProperty() @IsDay() termEnd!: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @IsString({ each: true }) products!: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) template?: string;
  @ApiPropertyOptional({
    enum: CREDIT_TIERS,
    description: 'credit programmes: the channel tier (MG-2), default ordinary',
  })
  @IsOptional()
  @IsIn(CREDIT_TIERS)
  tier?: Tier;
}

export class LetterDto {
  @ApiPropertyOptional({ description: "default: the contract's term start" }) @IsOptional() @IsDay() validFrom?: string;
  @ApiPropertyOptional({ description: "default: the contract's last day (never after it)" })
  @IsOptional()
  @IsDay()
  validTo?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) products?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) capabilities?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) governingRules?: string[];
}

export class RevokeDto extends RevDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(1000) reason!: string;
}

export class RiskCancellationDto {
  @ApiProperty() @IsString() @MaxLength(30) companyCreditCode!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) companyName!: string;
  @ApiProperty({ description: 'when we cancelled (ISO)' }) @IsString() @MaxLength(40) at!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(1000) reason!: string;
}

const STAFF_ROLES = ['staff', 'admin', 'reviewer', 'committee'];

/** FT-8: the staff user's registered affiliation (a match with an applicant is a hard conflict of interest). */
export class AffiliationDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) companyName?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})?$/i, { message: '须为18位统一社会信用代码' })
  creditCode?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[+\d\s()-]{0,30}$/, { message: '须为电话号码' }) phone?: string;
}

export class CreateStaffUserDto {
  @ApiProperty()
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{2,64}$/, { message: '须为 2–64 位字母、数字、下划线、点或连字符' })
  username!: string;
  @ApiProperty()
  @IsString()
  @MaxLength(128)
  @Matches(/^.{8,}$/, { message: '至少 8 个字符' })
  password!: string;
  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES)
  role!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) team?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) displayName?: string;
  @ApiPropertyOptional({ type: AffiliationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AffiliationDto)
  affiliation?: AffiliationDto;
}

export class EditStaffUserDto {
  @ApiPropertyOptional({ enum: STAFF_ROLES })
  @IsOptional()
  @IsIn(STAFF_ROLES)
  role?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) team?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) displayName?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() disabled?: boolean;
  @ApiPropertyOptional({ type: AffiliationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AffiliationDto)
  affiliation?: AffiliationDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class ApplicantDevLoginDto {
  @ApiProperty()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: '须为 1–40 位字母、数字、下划线或连字符' })
  name!: string;
}

export class ApplicantWechatDto {
  @ApiProperty({ description: 'wx.login() code' }) @IsString() @IsNotEmpty() @MaxLength(128) code!: string;
}

export class PublicizeDto extends RevDto {
  @ApiPropertyOptional({ description: 'when the 公示 went up on the portal (ISO; default now, never in the future)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  publishedAt?: string;
}

// ---------------------------------------------------------------- recruitments, settings (FT-3, FT-4, FT-6, FT-9)
class AttachmentDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) url?: string;
}

export class RecruitmentDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) industry?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) region?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @ArrayMaxSize(50)
  products?: string[];
  @ApiPropertyOptional({ enum: ['batch', 'monthly'] })
  @IsOptional()
  @IsIn(['batch', 'monthly'])
  mode?: 'batch' | 'monthly';
  @ApiPropertyOptional({ description: '当期挂网招募数量' })
  @IsOptional()
  @IsInt()
  @Between(1, 10_000)
  quota?: number;
  @ApiPropertyOptional() @IsOptional() @IsDay() opensOn?: string;
  @ApiPropertyOptional({ description: 'batch: last day applications are accepted (Beijing)' })
  @IsOptional()
  @IsDay()
  closesOn?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20_000) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) contact?: string;
  @ApiPropertyOptional({ type: [AttachmentDto] })
  @IsOptional()
  @NestedList(AttachmentDto, 20)
  attachments?: AttachmentDto[];
  @ApiPropertyOptional({ type: [String], description: 'bot room topics (default: HUOBAN_BOT_ROOMS)' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @ArrayMaxSize(20)
  rooms?: string[];
}

export class CreateRecruitmentDto extends RecruitmentDto {
  @ApiProperty() @IsMongoId() programmeId!: string;
}

export class EditRecruitmentDto extends RecruitmentDto {
  @ApiProperty() @IsInt() @Min(0) rev!: number;
}

export class CloseDto extends RevDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

class PublicityDto {
  @ApiProperty() @IsInt() @Between(1, 30) days!: number;
  @ApiProperty({ enum: ['calendar', 'working'] }) @IsIn(['calendar', 'working']) unit!: 'calendar' | 'working';
}

export class SettingsDto {
  @ApiPropertyOptional({ type: PublicityDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PublicityDto)
  publicity?: PublicityDto;
  @ApiPropertyOptional({ type: QuorumDto }) @IsOptional() @ValidateNested() @Type(() => QuorumDto) quorum?: QuorumDto;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Between(1024, 20 * 1024 * 1024) maxFileBytes?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Between(1, 100) maxFiles?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) grantor?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) products?: string[];
}
