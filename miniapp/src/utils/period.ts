// Half-year and month helpers of the staff pages, over core's one period module (`@huoban/core/period`, pure and
// browser-safe). Periods are half-years in Beijing time: "2026H1" = Jan–Jun, "2026H2" = Jul–Dec.
import {
  isMonth,
  isPeriod,
  monthOf as monthHolding,
  parsePeriod,
  periodOf as periodHolding,
  shiftMonth,
  shiftPeriod,
} from '@huoban/core/period';

export { isMonth, isPeriod, shiftPeriod };

/** The half-year an instant falls in, Beijing time. */
export function periodOf(instant: number | string | Date): string {
  return periodHolding(new Date(instant));
}

/** The current half-year and the `count - 1` before it, newest first. */
export function recentPeriods(nowMs: number, count: number): string[] {
  const current = periodOf(nowMs);
  return Array.from({ length: count }, (_, i) => shiftPeriod(current, -i));
}

/** First and last+1 instant (UTC ms) of a half-year: Beijing midnight of Jan 1 / Jul 1. */
export function periodBounds(period: string): { startMs: number; endMs: number } {
  const p = parsePeriod(period);
  if (!p) throw new Error(`not a period: ${period}`);
  return { startMs: p.start.getTime(), endMs: p.end.getTime() };
}

/** Whether the half-year is over at `nowMs` (only then can it be closed). */
export function periodEnded(period: string, nowMs: number): boolean {
  return nowMs >= periodBounds(period).endMs;
}

/** The month `n` months after (negative: before) the Beijing month of `nowMs`, "YYYY-MM". */
export function monthOf(nowMs: number, n = 0): string {
  return shiftMonth(monthHolding(nowMs), n);
}
