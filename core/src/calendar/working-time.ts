import { DAY_MS, HOUR_MS, SHANGHAI_OFFSET_MS, dayOfInstant, dayStartMs, instantMs, toDate } from './days.js';
import { DAY_PROVISIONAL, DAY_WORK, type WorkCalendar } from './work-calendar.js';

/**
 * Complaint working hours (WT-3, WT-3a, WT-4).
 *
 * The window is open on [start, end) of each Asia/Shanghai day — every day, or with `days: 'workdays'` only
 * on WT-1 working days. Working time is the measure of open time; all arithmetic is in integer milliseconds on
 * epoch numbers (no Date objects and no process time zone in the loops). With `days: 'all'` whole days are
 * skipped arithmetically (O(1)); with `days: 'workdays'` the loop takes one step per calendar day, using the
 * calendar's per-day memo.
 *
 * Deadlines (WT-3a): `addWorkingTime(start, ms)` is the earliest instant at which the working time elapsed
 * since the clock started reaches `ms`, so it can be a closing instant (11:00 + 12 h = 23:00, not 08:00 the
 * next day). The clock starts at `start` when the window is open then, else at the next opening. Hence a zero
 * budget is due when the clock starts: `start` itself inside the window, the next opening outside it.
 */
/** Which days the complaint window opens: every day, or working days only. */
export const WINDOW_DAYS = ['all', 'workdays'] as const;
export type WindowDays = (typeof WINDOW_DAYS)[number];

export interface ComplaintWindow {
  /** 'HH:mm', 00:00–23:59 */
  start: string;
  /** 'HH:mm', after start; '24:00' is midnight at the end of the day */
  end: string;
  days: WindowDays;
}

/** WT-3: 08:00–23:00 every calendar day. */
export const DEFAULT_COMPLAINT_WINDOW: ComplaintWindow = Object.freeze({ start: '08:00', end: '23:00', days: 'all' });

export interface ParsedWindow {
  /** opening, ms after 00:00 */
  openMs: number;
  /** closing, ms after 00:00 (≤ 24 h) */
  closeMs: number;
  workdaysOnly: boolean;
}

/** Budgets longer than this many full window-days (10 years of days) are refused. */
const MAX_BUDGET_WINDOW_DAYS = 3660;
/** A `days: 'workdays'` scan that finds no end within this many calendar days is refused. */
const MAX_SCAN_DAYS = 20_000;
/** workingTimeBetween with `days: 'workdays'` walks the days; spans beyond ~2,700 years are refused. */
const MAX_BETWEEN_DAYS = 1_000_000;

/** ms after midnight of 'HH:mm' (00:00–24:00), or -1. */
export function parseClock(v: unknown): number {
  if (typeof v !== 'string' || v.length !== 5 || v.charCodeAt(2) !== 58) return -1;
  const h1 = v.charCodeAt(0) - 48;
  const h2 = v.charCodeAt(1) - 48;
  const m1 = v.charCodeAt(3) - 48;
  const m2 = v.charCodeAt(4) - 48;
  if (h1 < 0 || h1 > 9 || h2 < 0 || h2 > 9 || m1 < 0 || m1 > 5 || m2 < 0 || m2 > 9) return -1;
  const h = h1 * 10 + h2;
  const m = m1 * 10 + m2;
  if (h > 24 || (h === 24 && m !== 0)) return -1;
  return (h * 60 + m) * 60_000;
}

/** Error message for an invalid window (Chinese: it reaches the user as `complaintWindow: …`), or null. */
export function validateWindow(window: ComplaintWindow): string | null {
  if (!window || typeof window !== 'object') return '须为对象 { start, end, days }';
  const open = parseClock(window.start);
  const close = parseClock(window.end);
  if (open < 0) return `开始时间 start 须为 00:00 到 23:59 之间的 HH:mm，收到 ${JSON.stringify(window.start)}`;
  if (close < 0) return `结束时间 end 须为 00:01 到 24:00 之间的 HH:mm，收到 ${JSON.stringify(window.end)}`;
  if (open >= close) return `开始时间 ${window.start} 须早于结束时间 ${window.end}`;
  if (window.days !== 'all' && window.days !== 'workdays')
    return `days 须为 'all'（每天）或 'workdays'（工作日），收到 ${JSON.stringify(window.days)}`;
  return null;
}

/** The window in milliseconds; RangeError when invalid. */
export function parseWindow(window: ComplaintWindow): ParsedWindow {
  const open = parseClock(window?.start);
  const close = parseClock(window?.end);
  if (open < 0 || close <= open || (window.days !== 'all' && window.days !== 'workdays'))
    throw new RangeError(`invalid complaint window: ${validateWindow(window)}`);
  return { openMs: open, closeMs: close, workdaysOnly: window.days === 'workdays' };
}

function budgetMs(ms: number, w: ParsedWindow, what: string): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
    throw new RangeError(`${what} must be a finite number ≥ 0, got ${ms}`);
  const rounded = Math.round(ms);
  if (rounded > MAX_BUDGET_WINDOW_DAYS * (w.closeMs - w.openMs))
    throw new RangeError(`${what} exceeds 10 years of working time in this window`);
  return rounded;
}

function scanLimit(): never {
  throw new RangeError(`no end found within ${MAX_SCAN_DAYS} days of working-day calendar`);
}

// Set by addMs: whether any consulted day was provisional (avoids allocating a result tuple).
let lastProvisional = false;

function addMs(t: number, rem: number, w: ParsedWindow, cal: WorkCalendar): number {
  const open = w.openMs;
  const close = w.closeMs;
  let day = dayOfInstant(t);
  let tod = t + SHANGHAI_OFFSET_MS - day * DAY_MS;
  lastProvisional = false;
  if (!w.workdaysOnly) {
    if (tod < close) {
      const from = tod < open ? open : tod;
      if (rem <= close - from) return dayStartMs(day) + from + rem;
      rem -= close - from;
    } else if (rem === 0) {
      return dayStartMs(day + 1) + open;
    }
    // rem > 0: skip k whole windows so that 0 < rem ≤ len remains for the last day.
    const len = close - open;
    const k = Math.ceil(rem / len) - 1;
    return dayStartMs(day + 1 + k) + open + (rem - k * len);
  }
  for (let n = 0; n < MAX_SCAN_DAYS; n++) {
    if (tod < close) {
      const f = cal.dayFlags(day);
      if (f & DAY_PROVISIONAL) lastProvisional = true;
      if (f & DAY_WORK) {
        const from = tod < open ? open : tod;
        if (rem <= close - from) return dayStartMs(day) + from + rem;
        rem -= close - from;
      }
    }
    day++;
    tod = 0;
  }
  return scanLimit();
}

function subMs(t: number, rem: number, w: ParsedWindow, cal: WorkCalendar): number {
  if (rem === 0) return t;
  const open = w.openMs;
  const close = w.closeMs;
  let day = dayOfInstant(t);
  let tod = t + SHANGHAI_OFFSET_MS - day * DAY_MS;
  if (!w.workdaysOnly) {
    if (tod > open) {
      const to = tod < close ? tod : close;
      if (rem <= to - open) return dayStartMs(day) + to - rem;
      rem -= to - open;
    }
    const len = close - open;
    const k = Math.ceil(rem / len) - 1;
    return dayStartMs(day - 1 - k) + close - (rem - k * len);
  }
  for (let n = 0; n < MAX_SCAN_DAYS; n++) {
    if (tod > open && cal.dayFlags(day) & DAY_WORK) {
      const to = tod < close ? tod : close;
      if (rem <= to - open) return dayStartMs(day) + to - rem;
      rem -= to - open;
    }
    day--;
    tod = DAY_MS;
  }
  return scanLimit();
}

/**
 * WT-3/WT-3a: the instant at which `ms` of working time has elapsed since the clock started at `start`
 * (at `start` inside the window, else at the next opening). `provisional` when a day whose status mattered
 * lies in a year without official data (only with `days: 'workdays'`).
 */
export function addWorkingTime(
  start: Date,
  ms: number,
  window: ComplaintWindow,
  cal: WorkCalendar,
): { at: Date; provisional: boolean } {
  const w = parseWindow(window);
  const t = addMs(instantMs(start, 'start'), budgetMs(ms, w, 'working time'), w, cal);
  return { at: toDate(t), provisional: lastProvisional };
}

/** The latest instant t ≤ end with workingTimeBetween(t, end) === ms (an opening instant when it lands on one). */
export function subtractWorkingTime(end: Date, ms: number, window: ComplaintWindow, cal: WorkCalendar): Date {
  const w = parseWindow(window);
  return toDate(subMs(instantMs(end, 'end'), budgetMs(ms, w, 'working time'), w, cal));
}

/** Working time (ms) in [a, b); 0 when b ≤ a. */
export function workingTimeBetween(a: Date, b: Date, window: ComplaintWindow, cal: WorkCalendar): number {
  const w = parseWindow(window);
  const ta = instantMs(a, 'from');
  const tb = instantMs(b, 'to');
  if (tb <= ta) return 0;
  const open = w.openMs;
  const close = w.closeMs;
  const da = dayOfInstant(ta);
  const db = dayOfInstant(tb);
  const todA = ta + SHANGHAI_OFFSET_MS - da * DAY_MS;
  const todB = tb + SHANGHAI_OFFSET_MS - db * DAY_MS;
  if (!w.workdaysOnly) {
    // Cumulative open time since day 0; exact in doubles for every instant a Date can hold.
    const len = close - open;
    const clampA = todA <= open ? 0 : todA >= close ? len : todA - open;
    const clampB = todB <= open ? 0 : todB >= close ? len : todB - open;
    return (db - da) * len + clampB - clampA;
  }
  if (db - da > MAX_BETWEEN_DAYS) throw new RangeError(`workingTimeBetween spans more than ${MAX_BETWEEN_DAYS} days`);
  let total = 0;
  for (let d = da; d <= db; d++) {
    if (!(cal.dayFlags(d) & DAY_WORK)) continue;
    const lo = d === da && todA > open ? todA : open;
    const hi = d === db && todB < close ? todB : close;
    if (hi > lo) total += hi - lo;
  }
  return total;
}

/** WT-3: is the complaint clock running at this instant? */
export function isWithinWindow(at: Date, window: ComplaintWindow, cal: WorkCalendar): boolean {
  const w = parseWindow(window);
  const t = instantMs(at, 'at');
  const day = dayOfInstant(t);
  const tod = t + SHANGHAI_OFFSET_MS - day * DAY_MS;
  if (tod < w.openMs || tod >= w.closeMs) return false;
  return !w.workdaysOnly || (cal.dayFlags(day) & DAY_WORK) !== 0;
}

/** WT-4: due instant of a budget of `hours` working hours from `start` (WT-3a semantics, ms precision). */
export function slaDeadline(
  start: Date,
  hours: number,
  window: ComplaintWindow,
  cal: WorkCalendar,
): { dueAt: Date; provisional: boolean } {
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0)
    throw new RangeError(`SLA hours must be a finite number ≥ 0, got ${hours}`);
  const w = parseWindow(window);
  const t = addMs(instantMs(start, 'start'), budgetMs(hours * HOUR_MS, w, 'SLA budget'), w, cal);
  return { dueAt: toDate(t), provisional: lastProvisional };
}
