import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsMongoId, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsPeriod, IsText } from '../../common/validation.js';
import {
  COMPLAINT_CHANNELS,
  COMPLAINT_KINDS,
  COMPLAINT_STATUSES,
  type ComplaintChannel,
  type ComplaintKind,
  type ComplaintStatus,
} from '@huoban/core';

export class RegisterComplaintDto {
  @ApiProperty() @IsMongoId() partnerId!: string;
  @ApiProperty({ enum: COMPLAINT_KINDS })
  @IsIn(COMPLAINT_KINDS)
  kind!: ComplaintKind;
  @ApiProperty({ enum: COMPLAINT_CHANNELS })
  @IsIn(COMPLAINT_CHANNELS)
  channel!: ComplaintChannel;
  @IsText(2000) summary!: string;
  @ApiProperty({ description: 'when the customer raised it (the clock starts here), ISO 8601 with offset' })
  @IsString()
  @MaxLength(40)
  receivedAt!: string;
}

export class ListComplaintsQuery {
  @ApiPropertyOptional({ enum: COMPLAINT_STATUSES })
  @IsOptional()
  @IsIn(COMPLAINT_STATUSES)
  status?: ComplaintStatus;
  @ApiPropertyOptional({ enum: COMPLAINT_KINDS })
  @IsOptional()
  @IsIn(COMPLAINT_KINDS)
  kind?: ComplaintKind;
  @ApiPropertyOptional() @IsOptional() @IsMongoId() partnerId?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class ReplyDto {
  @IsText(4000) text!: string;
}

export class ConfirmDto {
  @ApiProperty() @IsMongoId() replyId!: string;
}

export class RejectDto extends ConfirmDto {
  @IsText(1000) reason!: string;
}

export class ComplaintQueueQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsMongoId()
  programmeId?: string;
  @ApiPropertyOptional() @IsOptional() @IsMongoId() partnerId?: string;
}

export class SlaReportQuery extends ComplaintQueueQuery {
  @ApiProperty({ example: '2026H2', description: 'half-year, Asia/Shanghai (H1 = Jan–Jun)' })
  @IsPeriod()
  period!: string;
}
