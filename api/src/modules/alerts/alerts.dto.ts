import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import {
  ALERT_CHANNELS,
  MAX_DIGEST_AFTER,
  MAX_RECIPIENT_LENGTH,
  MAX_RECIPIENTS,
  MAX_WECOM_ROBOTS,
  type AlertChannel,
} from '@huoban/core';
import { IsText } from '../../common/validation.js';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class QuietHoursDto {
  @ApiProperty({ example: '23:00' })
  @Matches(HHMM, { message: '须为 HH:mm 时刻（00:00–23:59）' })
  start!: string;
  @ApiProperty({ example: '08:00' })
  @Matches(HHMM, { message: '须为 HH:mm 时刻（00:00–23:59）' })
  end!: string;
}

/** A WeCom group robot (issue #19): an `id` keeps a stored robot (no `key`: its key is kept); no `id`: a new one. */
export class WecomRobotDto {
  @IsText(16, { optional: true, description: 'a stored robot’s id (GET answers it); omit for a new robot' })
  id?: string;
  @IsText(64, { example: '值班机器人', description: 'shown in 告警设置 and the delivery records' }) name!: string;
  @IsText(300, {
    optional: true,
    description: 'the webhook address or its key (a secret: stored, never answered); omit to keep the stored one',
  })
  key?: string;
}

export class AlertSettingsDto {
  @IsArray()
  @ArrayMaxSize(MAX_RECIPIENTS)
  @IsText(MAX_RECIPIENT_LENGTH, { each: true, description: 'room topics (群名称)' })
  rooms!: string[];
  @IsArray()
  @ArrayMaxSize(MAX_RECIPIENTS)
  @IsText(MAX_RECIPIENT_LENGTH, { each: true, description: 'contact names or aliases (联系人/备注名)' })
  contacts!: string[];
  @ApiPropertyOptional({
    type: QuietHoursDto,
    nullable: true,
    description: 'null: no quiet hours; omitted: the default 23:00–08:00',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;
  @ApiPropertyOptional({
    example: 5,
    minimum: 1,
    maximum: MAX_DIGEST_AFTER,
    description:
      'more notices of one priority for one room or contact within a minute than this: one digest (default 5)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_DIGEST_AFTER)
  digestAfter?: number;
  @ApiPropertyOptional({
    type: [String],
    enum: ALERT_CHANNELS,
    description:
      'wechat: rooms and contacts (the bot); wecom: WeCom robots (the worker); omitted: kept, or both when robots are given',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ALERT_CHANNELS.length)
  @IsIn(ALERT_CHANNELS, { each: true })
  channels?: AlertChannel[];
  @ApiPropertyOptional({
    type: [WecomRobotDto],
    description: 'the robots after the change (a stored one not listed is removed); omitted: kept',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_WECOM_ROBOTS)
  @ValidateNested({ each: true })
  @Type(() => WecomRobotDto)
  wecomRobots?: WecomRobotDto[];
  @ApiProperty({ example: 0, description: 'the revision the change is made over (GET answers it; 0 when none)' })
  @IsInt()
  @Min(0)
  rev!: number;
  @IsText(200, { example: '夜间值班改由甲项目群接收' }) reason!: string;
}
