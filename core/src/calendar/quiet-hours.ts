import { DAY_MS, SHANGHAI_OFFSET_MS, instantMs, toDate } from './days.js';
import { parseClock } from './working-time.js';

/**
 * Quiet hours for staff notices (issue #11): a daily window of Asia/Shanghai wall time during which non-urgent
 * notices are held. The window is [start, end): `22:00–08:00` holds 22:00 up to 07:59:59.999 and releases at
 * 08:00. A window may cross midnight (start after end) or lie within one day (start before end); start equal
 * to end is refused (it would mean "never" or "always"). Every calendar day, holidays included: night is night.
 */
export interface QuietHours {
  /** 'HH:mm', 00:00–23:59 */
  start: string;
  /** 'HH:mm', 00:00–23:59, not equal to start */
  end: string;
}

/** ms after 00:00 of 'HH:mm' (00:00–23:59: a window's clock is a time of day, so 24:00 is refused), or -1. */
function clockMs(v: unknown): number {
  const ms = parseClock(v);
  return ms >= DAY_MS ? -1 : ms;
}

/** Problems of a quiet-hours window, each prefixed with its field (`start`, `end`); empty when valid. */
export function quietHoursProblems(q: QuietHours, field = 'quietHours'): string[] {
  if (!q || typeof q !== 'object') return [`${field} 须为 { start, end } 或 null`];
  const problems: string[] = [];
  const s = clockMs(q.start);
  const e = clockMs(q.end);
  if (s < 0) problems.push(`${field}.start 须为 HH:mm（00:00–23:59），收到 ${JSON.stringify(q.start)}`);
  if (e < 0) problems.push(`${field}.end 须为 HH:mm（00:00–23:59），收到 ${JSON.stringify(q.end)}`);
  if (s >= 0 && s === e) problems.push(`${field}.end 不能与开始时间相同（${q.start}）`);
  return problems;
}

function parse(q: QuietHours): [number, number] {
  const s = clockMs(q?.start);
  const e = clockMs(q?.end);
  if (s < 0 || e < 0 || s === e) throw new RangeError(`invalid quiet hours: ${quietHoursProblems(q).join('; ')}`);
  return [s, e];
}

/** ms since 00:00 Asia/Shanghai of the instant's day. */
const timeOfDay = (t: number) => (((t + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;

/** Whether the instant lies inside the quiet hours (Asia/Shanghai wall time, [start, end)). */
export function isQuietHour(at: Date, q: QuietHours): boolean {
  return inWindow(timeOfDay(instantMs(at)), parse(q));
}

const inWindow = (tod: number, [s, e]: [number, number]) => (s < e ? tod >= s && tod < e : tod >= s || tod < e);

/**
 * The first instant at or after `at` outside the quiet hours: `at` itself when it is outside, else the end of
 * the window it lies in (23:30 with 22:00–08:00 → 08:00 the next day; 07:59 → 08:00 the same day).
 */
export function nextOutsideQuietHours(at: Date, q: QuietHours): Date {
  const window = parse(q);
  const e = window[1];
  const t = instantMs(at);
  const tod = timeOfDay(t);
  if (!inWindow(tod, window)) return toDate(t);
  // inside the window: its end is later today when the end clock is after now, else tomorrow
  const wait = e > tod ? e - tod : DAY_MS - tod + e;
  return toDate(t + wait);
}
