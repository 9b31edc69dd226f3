import { formatBeijing, formatDuration } from '@huoban/core';
import type { WechatyPlugin } from 'wechaty';
import type { MessageInterface } from 'wechaty/impls';
import type { StaffAudience } from '../deliver/targets.js';
import { isCommandText, textCommandPlugin } from './command.js';
import type { ComplaintView } from './complaint-view.js';

export const DUE_TODAY_COMMAND = '今日到期';
export const NOTHING_DUE_TODAY = '今日没有到期的投诉。';
export const DUE_TODAY_FAILED = '查询今日到期投诉失败，请稍后再试。';

export interface DueTodayConfig extends StaffAudience {
  fetchDueToday: () => Promise<ComplaintView[]>;
  /** messages older than this (seconds) are history replayed at login: ignored */
  maxAgeSeconds?: number;
  log?: (line: string) => void;
}

/** `今日到期`, optionally after @-mentions (WeChat separates them with U+2005). */
export function isDueTodayCommand(text: string): boolean {
  return isCommandText(text, DUE_TODAY_COMMAND);
}

export interface Conversation {
  /** the room's topic, or undefined for a direct message */
  roomTopic?: string;
  talkerName: string;
  self: boolean;
}

/** Staff may ask in a configured room, or by DM from a configured contact; never the bot itself. */
export function isStaffConversation(c: Conversation, audience: StaffAudience): boolean {
  if (c.self) return false;
  return c.roomTopic !== undefined ? audience.rooms.includes(c.roomTopic) : audience.contacts.includes(c.talkerName);
}

/** Whether a message comes from staff (see isStaffConversation). */
export async function askedByStaff(message: MessageInterface, audience: StaffAudience): Promise<boolean> {
  const room = message.room();
  const conversation: Conversation = {
    roomTopic: room ? await room.topic() : undefined,
    talkerName: message.talker().name(),
    self: message.self(),
  };
  return isStaffConversation(conversation, audience);
}

/** `19:05` in Beijing time (core's formatter, time part). */
export const beijingHHmm = (at: Date): string => formatBeijing(at).slice(11);

const STATE_LABEL: Record<ComplaintView['slaState'], string> = {
  running: '待回复',
  awaiting_confirmation: '待确认',
  met: '已达标',
  breached: '已超时',
};

export function workingTimeLeft(c: Pick<ComplaintView, 'slaState' | 'workingMsLeft'>): string {
  if (c.slaState === 'breached' || c.workingMsLeft <= 0) return '已超时';
  return formatDuration(c.workingMsLeft);
}

/** The reply to `今日到期`: one line per complaint, earliest deadline first. */
export function formatDueToday(items: ComplaintView[]): string {
  if (items.length === 0) return NOTHING_DUE_TODAY;
  const sorted = [...items].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const lines = sorted.map(
    (c, i) =>
      `${i + 1}. ${c.no}｜${c.partnerName}｜截止 ${beijingHHmm(new Date(c.dueAt))}｜剩余 ${workingTimeLeft(c)}｜${STATE_LABEL[c.slaState] ?? c.slaState}`,
  );
  return [`今日到期投诉（${items.length}件，北京时间）：`, ...lines].join('\n');
}

/** Staff command `今日到期`: lists today's open complaints from the api. */
export function DueToday(config: DueTodayConfig): WechatyPlugin {
  return textCommandPlugin(config, {
    name: DUE_TODAY_COMMAND,
    asks: async (message) => isDueTodayCommand(message.text()) && (await askedByStaff(message, config)),
    answer: async () => formatDueToday(await config.fetchDueToday()),
    failed: DUE_TODAY_FAILED,
  });
}
