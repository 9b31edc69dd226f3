import { formatBeijing, formatDuration } from '@huoban/core';
import type { WechatyPlugin } from 'wechaty';
import type { MessageInterface } from 'wechaty/impls';
import type { StaffAudience } from '../deliver/targets.js';
import { DUE_QUEUE_PATH } from '../deliver/digest.js';
import { isCommandText, textCommandPlugin } from './command.js';
import type { ComplaintView } from './complaint-view.js';

export const DUE_TODAY_COMMAND = '今日到期';
export const NOTHING_DUE_TODAY = '今日没有到期的投诉。';
export const DUE_TODAY_FAILED = '查询今日到期投诉失败，请稍后再试。';

export interface DueTodayConfig extends StaffAudience {
  fetchDueToday: () => Promise<ComplaintView[]>;
  /** HUOBAN_PUBLIC_URL: the reply links the 临期投诉 queue of the H5 app */
  publicUrl?: string;
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
/** Most urgent first: overdue, then running (least time left first), then awaiting confirmation, then met. */
const STATE_RANK: Record<ComplaintView['slaState'], number> = {
  breached: 0,
  running: 1,
  awaiting_confirmation: 2,
  met: 3,
};
/** How many complaints 今日到期 lists one by one; the rest are counted and linked. */
export const DUE_TODAY_LISTED = 10;

/**
 * Where a complaint stands, once: `剩余 2小时15分` (working time) while it runs, `已超时 35分钟` past its deadline
 * (wall time since the deadline), `已到期` at the deadline before the breach is recorded, else `待确认` / `已达标`.
 * (Before issue #21 every line read "剩余 已超时｜已超时".)
 */
export function workingTimeLeft(
  c: Pick<ComplaintView, 'slaState' | 'workingMsLeft' | 'dueAt'> & { serverNow?: string },
  now = c.serverNow ? new Date(c.serverNow) : new Date(),
): string {
  if (c.slaState === 'breached') return `已超时 ${formatDuration(now.getTime() - Date.parse(c.dueAt))}`;
  if (c.slaState !== 'running') return STATE_LABEL[c.slaState] ?? c.slaState;
  return c.workingMsLeft > 0 ? `剩余 ${formatDuration(c.workingMsLeft)}` : '已到期';
}

/**
 * The reply to `今日到期`, short whatever the day holds: the count by state, the 10 most urgent (one line each),
 * then how many more and the link to the 临期投诉 queue.
 */
export function formatDueToday(items: ComplaintView[], publicUrl?: string): string {
  if (items.length === 0) return NOTHING_DUE_TODAY;
  const sorted = [...items].sort(
    (a, b) =>
      (STATE_RANK[a.slaState] ?? 9) - (STATE_RANK[b.slaState] ?? 9) ||
      (a.slaState === 'running' ? a.workingMsLeft - b.workingMsLeft : 0) ||
      Date.parse(a.dueAt) - Date.parse(b.dueAt),
  );
  const counts = (Object.keys(STATE_RANK) as ComplaintView['slaState'][])
    .map((s) => [s, items.filter((c) => c.slaState === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${STATE_LABEL[s]} ${n}件`);
  const listed = sorted.slice(0, DUE_TODAY_LISTED);
  const rest = items.length - listed.length;
  return [
    `今日到期投诉 ${items.length}件（北京时间）：${counts.join('｜')}`,
    ...(rest > 0 ? [`最紧急的${listed.length}件：`] : []),
    ...listed.map(
      (c, i) => `${i + 1}. ${c.no}｜${c.partnerName}｜截止 ${beijingHHmm(new Date(c.dueAt))}｜${workingTimeLeft(c)}`,
    ),
    ...(rest > 0 ? [`另有${rest}件未列出。`] : []),
    ...(publicUrl ? [`临期投诉：${publicUrl}${DUE_QUEUE_PATH}`] : []),
  ].join('\n');
}

/** Staff command `今日到期`: lists today's open complaints from the api. */
export function DueToday(config: DueTodayConfig): WechatyPlugin {
  return textCommandPlugin(config, {
    name: DUE_TODAY_COMMAND,
    asks: async (message) => isDueTodayCommand(message.text()) && (await askedByStaff(message, config)),
    answer: async () => formatDueToday(await config.fetchDueToday(), config.publicUrl),
    failed: DUE_TODAY_FAILED,
  });
}
