import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsMongoId, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsPeriod, IsText } from '../../common/validation.js';
import { COMPLAINT_CHANNELS, type ComplaintChannel, type ComplaintKind, type ComplaintStatus } from '@huoban/core';

export class RegisterComplaintDto {
  @ApiProperty() @IsMongoId({ message: 'partnerId must be a partner id' }) partnerId!: string;
  @ApiProperty({ enum: ['ordinary', 'escalated'] })
  @IsIn(['ordinary', 'escalated'], { message: 'kind must be ordinary or escalated' })
  kind!: ComplaintKind;
  @ApiProperty({ enum: COMPLAINT_CHANNELS })
  @IsIn(COMPLAINT_CHANNELS, { message: `channel must be one of ${COMPLAINT_CHANNELS.join(', ')}` })
  channel!: ComplaintChannel;
  @IsText(2000) summary!: string;
  @ApiProperty({ description: 'when the customer raised it (the clock starts here), ISO 8601 with offset' })
  @IsString({ message: 'receivedAt must be an ISO 8601 date-time' })
  @MaxLength(40)
  receivedAt!: string;
}

export class ListComplaintsQuery {
  @ApiPropertyOptional({ enum: ['open', 'replied', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'replied', 'closed'])
  status?: ComplaintStatus;
  @ApiPropertyOptional({ enum: ['ordinary', 'escalated'] })
  @IsOptional()
  @IsIn(['ordinary', 'escalated'])
  kind?: ComplaintKind;
  @ApiPropertyOptional() @IsOptional() @IsMongoId({ message: 'partnerId must be a partner id' }) partnerId?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class ReplyDto {
  @IsText(4000) text!: string;
}

export class ConfirmDto {
  @ApiProperty() @IsMongoId({ message: 'replyId must be a reply id' }) replyId!: string;
}

export class RejectDto extends ConfirmDto {
  @IsText(1000) reason!: string;
}

export class ComplaintQueueQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsMongoId({ message: 'programmeId must be a programme id' })
  programmeId?: string;
  @ApiPropertyOptional() @IsOptional() @IsMongoId({ message: 'partnerId must be a partner id' }) partnerId?: string;
}

export class SlaReportQuery extends ComplaintQueueQuery {
  @ApiProperty({ example: '2026H2', description: 'half-year, Asia/Shanghai (H1 = Jan–Jun)' })
  @IsPeriod()
  period!: string;
}
