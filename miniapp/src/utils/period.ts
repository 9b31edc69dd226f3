// Pure half-year and month helpers of the staff pages (no Taro imports, so they run under node --test).
// Periods are half-years in Beijing time (Asia/Shanghai, fixed UTC+8): "2026H1" = Jan–Jun, "2026H2" = Jul–Dec.
import { BEIJING_OFFSET_MS, beijingParts } from './time';

const PERIOD_RE = /^(\d{4})H([12])$/;
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(value: string): boolean {
  return PERIOD_RE.test(value);
}

export function isMonth(value: string): boolean {
  return MONTH_RE.test(value);
}

/** The half-year an instant falls in, Beijing time. */
export function periodOf(instant: number | string | Date): string {
  const [year, month] = beijingParts(instant).date.split('-').map(Number);
  return `${year}H${month <= 6 ? 1 : 2}`;
}

/** The half-year `n` periods after (negative: before) `period`. */
export function shiftPeriod(period: string, n: number): string {
  const m = PERIOD_RE.exec(period);
  if (!m) throw new Error(`not a period: ${period}`);
  const index = Number(m[1]) * 2 + Number(m[2]) - 1 + n;
  return `${Math.floor(index / 2)}H${(index % 2) + 1}`;
}

/** The current half-year and the `count - 1` before it, newest first. */
export function recentPeriods(nowMs: number, count: number): string[] {
  const current = periodOf(nowMs);
  return Array.from({ length: count }, (_, i) => shiftPeriod(current, -i));
}

/** First and last+1 instant (UTC ms) of a half-year: Beijing midnight of Jan 1 / Jul 1. */
export function periodBounds(period: string): { startMs: number; endMs: number } {
  const m = PERIOD_RE.exec(period);
  if (!m) throw new Error(`not a period: ${period}`);
  const year = Number(m[1]);
  const startMonth = m[2] === '1' ? 0 : 6;
  const startMs = Date.UTC(year, startMonth, 1) - BEIJING_OFFSET_MS;
  const endMs = Date.UTC(year, startMonth + 6, 1) - BEIJING_OFFSET_MS;
  return { startMs, endMs };
}

/** Whether the half-year is over at `nowMs` (only then can it be closed). */
export function periodEnded(period: string, nowMs: number): boolean {
  return nowMs >= periodBounds(period).endMs;
}

/** The month `n` months after (negative: before) the Beijing month of `nowMs`, "YYYY-MM". */
export function monthOf(nowMs: number, n = 0): string {
  const [year, month] = beijingParts(nowMs).date.split('-').map(Number);
  const index = year * 12 + month - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
