/** Response bodies of the alert-settings routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { ApiProperty } from '@nestjs/swagger';
import { ALERT_CHANNELS, NOTICE_URGENCY, type AlertChannel, type NoticeKind } from '@huoban/core';

const KINDS = Object.keys(NOTICE_URGENCY);

export class QuietHoursView {
  @ApiProperty({ type: String, example: '23:00', description: 'Asia/Shanghai wall time, HH:mm' }) start!: string;
  @ApiProperty({ type: String, example: '08:00', description: 'first minute outside the window, HH:mm' })
  end!: string;
}

export class AlertSettingsEditor {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
}

export class WecomRobotView {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String, example: '****5aaa', description: 'the webhook key masked: the key is never answered' })
  keyHint!: string;
}

export class AlertSettingsView {
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({
    type: Boolean,
    description: 'false: the programme has no settings; the bot posts to HUOBAN_BOT_ROOMS / HUOBAN_BOT_CONTACTS',
  })
  configured!: boolean;
  @ApiProperty({ type: Number, description: 'revision in force (0: none); a PUT names it' }) rev!: number;
  @ApiProperty({ type: [String], description: 'room topics that receive the programme’s staff notices' })
  rooms!: string[];
  @ApiProperty({ type: [String], description: 'contact names or aliases that receive them' }) contacts!: string[];
  @ApiProperty({
    type: QuietHoursView,
    nullable: true,
    description: 'non-urgent notices created inside are held until the window ends; null: none',
  })
  quietHours!: QuietHoursView | null;
  @ApiProperty({
    type: Number,
    description: 'more notices of one priority for one room or contact within a minute than this: one digest',
  })
  digestAfter!: number;
  @ApiProperty({ type: [String], enum: ALERT_CHANNELS, description: 'wechat (the bot), wecom (WeCom robots) or both' })
  channels!: AlertChannel[];
  @ApiProperty({ type: [WecomRobotView], description: 'WeCom group robots, keys masked' })
  wecomRobots!: WecomRobotView[];
  @ApiProperty({ type: QuietHoursView, description: 'the window saved settings get when none is given' })
  defaultQuietHours!: QuietHoursView;
  @ApiProperty({ type: [String], enum: KINDS, description: 'never held' }) urgentKinds!: NoticeKind[];
  @ApiProperty({ type: [String], enum: KINDS, description: 'held in quiet hours' }) heldKinds!: NoticeKind[];
  @ApiProperty({ type: String, nullable: true, description: 'why the settings in force were set' })
  reason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
  @ApiProperty({ type: AlertSettingsEditor, nullable: true }) updatedBy!: AlertSettingsEditor | null;
}
