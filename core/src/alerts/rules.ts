import { nextOutsideQuietHours, quietHoursProblems, type QuietHours } from '../calendar/index.js';
import type { NoticeJobData, NoticeKind } from '../queues/index.js';
import type { AlertChannel, WecomRobot, WecomRobotInput } from '../notify/wecom/rules.js';

/**
 * Alert routing and quiet hours for staff notices (issue #11), pure rules.
 *
 * - Each programme may name the rooms (topics) and contacts (names or aliases) that receive its staff notices;
 *   a programme without its own recipients uses the bot's HUOBAN_BOT_ROOMS / HUOBAN_BOT_CONTACTS.
 * - Quiet hours hold non-urgent notices until the window ends; urgent ones are never held. A programme without
 *   settings uses HUOBAN_ALERT_QUIET_HOURS (unset: nothing is held, the behaviour before this feature).
 * - A programme's saved settings default to 23:00–08:00: the complement of the default complaint window
 *   (WT-3, 08:00–23:00), so a warning raised while the SLA clock still runs is never held, and a held one is
 *   posted when the clock starts again.
 */

/**
 * Every notice kind has a priority (issue #21). Delivery takes urgent notices first, per target (BullMQ job
 * priority on the `notices` queue, `noticeJobPriority`); quiet hours hold everything but urgent notices. An exit
 * step overdue (FT-18) is urgent; its "due today" warning (raised at 00:00 Beijing of the due day) is normal, so it
 * waits for the morning of that same day.
 */
export type NoticePriority = 'urgent' | 'normal' | 'routine';

export const NOTICE_PRIORITY: Readonly<Record<NoticeKind, NoticePriority>> = Object.freeze({
  'sla-breach': 'urgent',
  'partner-suspended': 'urgent',
  'exit-deadline': 'urgent',
  'sla-warning': 'normal',
  'exit-warning': 'normal',
  generic: 'normal',
  recruitment: 'routine',
  digest: 'routine',
});

export const PRIORITIES: readonly NoticePriority[] = ['urgent', 'normal', 'routine'];

/** Unknown kinds (a payload from a newer producer) count as urgent: never hold or postpone what we cannot class. */
export const noticePriority = (kind: string): NoticePriority =>
  (NOTICE_PRIORITY as Record<string, NoticePriority>)[kind] ?? 'urgent';

/** BullMQ job priority of a notice (1 is taken first): urgent 1, normal 2, routine 3. */
export const noticeJobPriority = (kind: string): number => PRIORITIES.indexOf(noticePriority(kind)) + 1;

/** Quiet hours: urgent notices are posted at once, day or night; the others wait for the window to open. */
export type NoticeUrgency = 'urgent' | 'normal';
export const NOTICE_URGENCY: Readonly<Record<NoticeKind, NoticeUrgency>> = Object.freeze(
  Object.fromEntries(
    Object.entries(NOTICE_PRIORITY).map(([k, p]) => [k, p === 'urgent' ? 'urgent' : 'normal']),
  ) as Record<NoticeKind, NoticeUrgency>,
);

export const isUrgent = (kind: string): boolean => noticePriority(kind) === 'urgent';

export const DEFAULT_QUIET_HOURS: Readonly<QuietHours> = Object.freeze({ start: '23:00', end: '08:00' });

/** Digest threshold a programme gets by default: more than 5 notices for one target within a minute. */
export const DEFAULT_DIGEST_AFTER = 5;
export const MAX_DIGEST_AFTER = 100;

export const MAX_RECIPIENTS = 20;
export const MAX_RECIPIENT_LENGTH = 64;

export interface AlertSettingsInput {
  rooms: string[];
  contacts: string[];
  /** null: no quiet hours; omitted: DEFAULT_QUIET_HOURS */
  quietHours?: QuietHours | null;
  /** more notices of one priority for one target within a minute than this: one digest (omitted: 5) */
  digestAfter?: number;
  /** where notices go (issue #19); omitted: WeChat, plus WeCom when robots are configured */
  channels?: AlertChannel[];
  /** WeCom group robots; omitted: the stored ones are kept */
  wecomRobots?: WecomRobotInput[];
}

export interface AlertSettings {
  rooms: string[];
  contacts: string[];
  quietHours: QuietHours | null;
  digestAfter: number;
  channels: AlertChannel[];
  /** the webhook keys are secrets: stored here, answered masked (`robotView`) */
  wecomRobots: WecomRobot[];
}

function listProblems(field: string, v: unknown): string[] {
  if (!Array.isArray(v)) return [`${field} 须为字符串数组`];
  const problems: string[] = [];
  if (v.length > MAX_RECIPIENTS) problems.push(`${field} 最多 ${MAX_RECIPIENTS} 个`);
  const seen = new Set<string>();
  v.forEach((x, i) => {
    if (typeof x !== 'string' || x.trim() === '') problems.push(`${field}[${i}] 不能为空`);
    else if (x.trim().length > MAX_RECIPIENT_LENGTH)
      problems.push(`${field}[${i}] 最长 ${MAX_RECIPIENT_LENGTH} 个字符`);
    else if (/[,，\n]/.test(x)) problems.push(`${field}[${i}] 不能包含逗号或换行`);
    else if (seen.has(x.trim())) problems.push(`${field}[${i}] 重复：${x.trim()}`);
    else seen.add(x.trim());
  });
  return problems;
}

/** Field-prefixed problems of an input (empty when valid). */
export function alertSettingsProblems(input: AlertSettingsInput): string[] {
  if (!input || typeof input !== 'object') return ['请求体须为对象'];
  const problems = [...listProblems('rooms', input.rooms), ...listProblems('contacts', input.contacts)];
  if (input.quietHours !== undefined && input.quietHours !== null)
    problems.push(...quietHoursProblems(input.quietHours));
  const d = input.digestAfter;
  if (d !== undefined && !(Number.isInteger(d) && d >= 1 && d <= MAX_DIGEST_AFTER))
    problems.push(`digestAfter 须为 1–${MAX_DIGEST_AFTER} 的整数`);
  return problems;
}

/**
 * The settings to store for a valid input: trimmed names, the default window when none was given; the channels and
 * robots as resolved against the stored ones (`resolveChannels`, `resolveRobots`; default: WeChat only).
 */
export function normaliseAlertSettings(
  input: AlertSettingsInput,
  wecom: Pick<AlertSettings, 'channels' | 'wecomRobots'> = { channels: ['wechat'], wecomRobots: [] },
): AlertSettings {
  const q = input.quietHours === undefined ? DEFAULT_QUIET_HOURS : input.quietHours;
  return {
    rooms: input.rooms.map((r) => r.trim()),
    contacts: input.contacts.map((c) => c.trim()),
    quietHours: q ? { start: q.start, end: q.end } : null,
    digestAfter: input.digestAfter ?? DEFAULT_DIGEST_AFTER,
    channels: [...wecom.channels],
    wecomRobots: wecom.wecomRobots.map((r) => ({ ...r })),
  };
}

/** `23:00-08:00` (or `23:00–08:00`) → quiet hours; blank → null; RangeError when malformed. */
export function parseQuietHoursSetting(value: string | undefined): QuietHours | null {
  if (value === undefined || value.trim() === '') return null;
  const [start, end, extra] = value.trim().split(/\s*[-–~]\s*/);
  const q = { start: start ?? '', end: end ?? '' };
  const problems = extra === undefined ? quietHoursProblems(q, 'HUOBAN_ALERT_QUIET_HOURS') : ['three parts'];
  if (problems.length) throw new RangeError(`HUOBAN_ALERT_QUIET_HOURS must be HH:mm-HH:mm (got "${value}")`);
  return q;
}

/**
 * The notice as it goes out: the programme's recipients stamped on it (unless it names its own rooms, like a
 * recruitment), and `holdUntil` set when it is non-urgent and `now` lies in the quiet hours in force.
 * `settings` null: the programme has none (env recipients in the bot, `fallbackQuiet` here).
 */
export function planNotice(
  n: NoticeJobData,
  settings: AlertSettings | null,
  fallbackQuiet: QuietHours | null,
  now: Date,
): NoticeJobData {
  let out = n;
  const ownRecipients = !!(n.rooms?.length || n.contacts?.length);
  const channels = settings?.channels ?? ['wechat'];
  if (settings && !ownRecipients && (settings.rooms.length || settings.contacts.length))
    out = { ...out, rooms: [...settings.rooms], contacts: [...settings.contacts] };
  // issue #19: the programme's WeCom robots (ids only: the worker reads the keys), and no WeChat post when not chosen
  if (settings && channels.includes('wecom') && settings.wecomRobots?.length && !n.wecomRobots)
    out = { ...out, wecomRobots: settings.wecomRobots.map((r) => r.id) };
  if (settings && !ownRecipients && !channels.includes('wechat') && out.wecomRobots?.length)
    out = { ...out, wechat: false };
  if (settings && out.digestAfter === undefined) out = { ...out, digestAfter: settings.digestAfter };
  const quiet = settings ? settings.quietHours : fallbackQuiet;
  if (!quiet || isUrgent(n.kind) || n.holdUntil) return out;
  const opens = nextOutsideQuietHours(now, quiet);
  return opens.getTime() > now.getTime() ? { ...out, holdUntil: opens.toISOString() } : out;
}
