/**
 * The one period module: calendar months (`YYYY-MM`), quarters (`YYYYQn`) and half-years (`YYYYH1` = Jan–Jun,
 * `YYYYH2` = Jul–Dec), all in Asia/Shanghai (FT-12a half-years, MG-4 quarters, MG-13 months). Pure and
 * browser-safe (no Node imports): the mini-program imports it as `@huoban/core/period`.
 */
import { shanghaiDate, shanghaiMidnight } from '../calendar/days.js';
import { isMonthInRange, isPeriodInRange, isQuarterInRange } from '../validation/bounds.js';

export type Month = string;
export type Quarter = string;
export type Period = string;

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const QUARTER_PATTERN = /^\d{4}Q[1-4]$/;
export const PERIOD_PATTERN = /^([1-9]\d{3})H([12])$/;

const MONTHS_PER_YEAR = 12;
const MONTHS_PER_QUARTER = 3;
const MONTHS_PER_HALF = 6;
const pad2 = (n: number) => String(n).padStart(2, '0');

/** Months, quarters and half-years of a year in YEAR_MIN..YEAR_MAX (core/src/validation: `0000-01`, `9999H2` are not). */
export const isMonth = (v: unknown): v is Month => isMonthInRange(v);
export const isQuarter = (v: unknown): v is Quarter => isQuarterInRange(v);
export const isPeriod = (v: unknown): v is Period => isPeriodInRange(v);

export const monthIndex = (m: Month): number => Number(m.slice(0, 4)) * MONTHS_PER_YEAR + Number(m.slice(5, 7)) - 1;
const monthOfIndex = (i: number): Month =>
  `${String(Math.floor(i / MONTHS_PER_YEAR)).padStart(4, '0')}-${pad2((i % MONTHS_PER_YEAR) + 1)}`;

/** The month of the year, 1..12. */
export const monthOfYear = (m: Month): number => Number(m.slice(5, 7));

/** The month `n` months after (negative: before) `m`. */
export const shiftMonth = (m: Month, n: number): Month => monthOfIndex(monthIndex(m) + n);

/** Months from `a` to `b` (0 when equal, negative when `b` is earlier). */
export const monthsBetween = (a: Month, b: Month): number => monthIndex(b) - monthIndex(a);

/** The Asia/Shanghai month holding an instant. */
export const monthOf = (at: Date | number): Month => shanghaiDate(new Date(at)).slice(0, 7);

/** The quarter a month belongs to (`2026-05` → `2026Q2`). */
export const quarterOfMonth = (m: Month): Quarter =>
  `${m.slice(0, 4)}Q${Math.floor((Number(m.slice(5, 7)) - 1) / MONTHS_PER_QUARTER) + 1}`;

/** MG-4: the quarter ranked in an evaluation month is the one holding the month before it. */
export const rankedQuarter = (evaluationMonth: Month): Quarter => quarterOfMonth(shiftMonth(evaluationMonth, -1));

/** The three months of a quarter. */
export function monthsOfQuarter(q: Quarter): Month[] {
  const first = (Number(q.slice(5)) - 1) * MONTHS_PER_QUARTER + 1;
  return Array.from({ length: MONTHS_PER_QUARTER }, (_, i) => `${q.slice(0, 4)}-${pad2(first + i)}`);
}

export interface ParsedPeriod {
  year: number;
  half: 1 | 2;
  /** 00:00 Asia/Shanghai of the first day of the half-year. */
  start: Date;
  /** 00:00 Asia/Shanghai of the first day of the next half-year (exclusive). */
  end: Date;
  /** the six months, 'YYYY-MM' */
  months: Month[];
}

/** FT-12a: the half-year named by `p`, or null when `p` is not `YYYYH1`/`YYYYH2` of a year in YEAR_MIN..YEAR_MAX. */
export function parsePeriod(p: string): ParsedPeriod | null {
  const m = typeof p === 'string' ? PERIOD_PATTERN.exec(p) : null;
  if (!m || !isPeriodInRange(p)) return null;
  const year = Number(m[1]);
  const half = m[2] === '1' ? 1 : 2;
  const firstMonth = half === 1 ? 1 : 1 + MONTHS_PER_HALF;
  const months = Array.from({ length: MONTHS_PER_HALF }, (_, i) => `${year}-${pad2(firstMonth + i)}`);
  const start = shanghaiMidnight(`${months[0]}-01`);
  const end = shanghaiMidnight(half === 1 ? `${year}-07-01` : `${year + 1}-01-01`);
  return { year, half, start, end, months };
}

/** FT-12a: the half-year a calendar month `YYYY-MM` belongs to (`2026-07` is `2026H2`). */
export function periodOfMonth(month: Month): Period {
  return `${month.slice(0, 4)}H${Number(month.slice(5, 7)) <= MONTHS_PER_HALF ? 1 : 2}`;
}

/** FT-12a: the half-year containing the instant, in Asia/Shanghai (2026-06-30T16:30Z is `2026H2`). */
export function periodOf(at: Date | number): Period {
  return periodOfMonth(monthOf(at));
}

/** The half-year `n` periods after (negative: before) `period`. */
export function shiftPeriod(period: Period, n: number): Period {
  const m = PERIOD_PATTERN.exec(period);
  if (!m) throw new Error(`not a period: ${period}`);
  const index = Number(m[1]) * 2 + Number(m[2]) - 1 + n;
  return `${Math.floor(index / 2)}H${(index % 2) + 1}`;
}
