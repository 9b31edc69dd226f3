import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsMongoId,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDateField, NestedList, QuorumDto, RevDto } from './intake.dto.js';

/** Bodies of the recruitment and settings routes (FT-3, FT-4, FT-6, FT-9 publicity). */
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
  @IsIn(['batch', 'monthly'], { message: 'mode must be batch or monthly' })
  mode?: 'batch' | 'monthly';
  @ApiPropertyOptional({ description: '当期挂网招募数量' })
  @IsOptional()
  @IsInt({ message: 'quota must be an integer' })
  @Min(1)
  @Max(10_000)
  quota?: number;
  @ApiPropertyOptional() @IsOptional() @IsDateField('opensOn') opensOn?: string;
  @ApiPropertyOptional({ description: 'batch: last day applications are accepted (Beijing)' })
  @IsOptional()
  @IsDateField('closesOn')
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
  @ApiProperty() @IsMongoId({ message: 'programmeId must be a programme id' }) programmeId!: string;
}

export class EditRecruitmentDto extends RecruitmentDto {
  @ApiProperty() @IsInt({ message: 'rev must be an integer' }) @Min(0) rev!: number;
}

export class CloseDto extends RevDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

class PublicityDto {
  @ApiProperty() @IsInt() @Min(1) @Max(30) days!: number;
  @ApiProperty({ enum: ['calendar', 'working'] }) @IsIn(['calendar', 'working']) unit!: 'calendar' | 'working';
}

export class SettingsDto {
  @ApiPropertyOptional({ type: PublicityDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PublicityDto)
  publicity?: PublicityDto;
  @ApiPropertyOptional({ type: QuorumDto }) @IsOptional() @ValidateNested() @Type(() => QuorumDto) quorum?: QuorumDto;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1024) @Max(20 * 1024 * 1024) maxFileBytes?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(100) maxFiles?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) grantor?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) products?: string[];
}
