/**
 * The bounds every input is checked against, in one place: the api's DTOs and core's rules import them from
 * here, so an edge and the rule behind it cannot disagree (issue #8: the api allowed 3650 working days, core 2500).
 */

/** Months, half-years, quarters and dates entered or asked for lie in these years (Asia/Shanghai). */
export const YEAR_MIN = 2000;
export const YEAR_MAX = 2100;
/** WT-2 "within N working days" is accepted up to this N (10 years of working days). */
export const WORKING_DAYS_MAX = 2500;
/** WT-3 a working-hour budget asked of the public SLA calculator. */
export const SLA_HOURS_MAX = 10_000;
/** A programme's complaint SLA budget (FT-13), in working hours. */
export const PROGRAMME_SLA_HOURS_MIN = 1;
export const PROGRAMME_SLA_HOURS_MAX = 240;
/** A programme's SLA budget must end within this many calendar days of any registration (window × budget). */
export const PROGRAMME_SLA_MAX_CALENDAR_DAYS = 60;
/** An imported dishonest list (FT-2.1, Excel or CSV) is refused above this size before any parsing (413). */
export const DISHONEST_LIST_MAX_BYTES = 5 * 1024 * 1024;
/** JSON request bodies nest at most this deep (objects and arrays). */
export const JSON_MAX_DEPTH = 32;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const PERIOD = /^(\d{4})H([12])$/;
const QUARTER = /^(\d{4})Q([1-4])$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const isYearInRange = (y: number): boolean => Number.isInteger(y) && y >= YEAR_MIN && y <= YEAR_MAX;

/** `YYYY-MM` with the year in YEAR_MIN..YEAR_MAX (`0000-01`, `9999-12` are false). */
export const isMonthInRange = (v: unknown): v is string => {
  const m = typeof v === 'string' ? MONTH.exec(v) : null;
  return !!m && isYearInRange(Number(m[1]));
};

/** `YYYYH1`/`YYYYH2` with the year in range. */
export const isPeriodInRange = (v: unknown): v is string => {
  const m = typeof v === 'string' ? PERIOD.exec(v) : null;
  return !!m && isYearInRange(Number(m[1]));
};

/** `YYYYQn` with the year in range. */
export const isQuarterInRange = (v: unknown): v is string => {
  const m = typeof v === 'string' ? QUARTER.exec(v) : null;
  return !!m && isYearInRange(Number(m[1]));
};

/** A real calendar date `YYYY-MM-DD` (2026-02-29 is false) with the year in range. */
export const isDayInRange = (v: unknown): v is string => {
  const m = typeof v === 'string' ? DAY.exec(v) : null;
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isYearInRange(y) || mo < 1 || mo > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (mo === 2 && leap ? 29 : MONTH_DAYS[mo - 1]!);
};

/** An instant whose year (Asia/Shanghai) lies in YEAR_MIN..YEAR_MAX (year 0000 or 9999, +010000 are false). */
export const isInstantInRange = (d: Date): boolean => {
  const t = d.getTime();
  if (Number.isNaN(t)) return false;
  return isYearInRange(new Date(t + 8 * 3_600_000).getUTCFullYear());
};

const INT = /^-?(0|[1-9]\d{0,14})$/;
const DECIMAL = /^-?(0|[1-9]\d{0,14})(\.\d{1,6})?$/;

/**
 * Strict decimal integer: digits only, no sign but `-`, no spaces, no `0x`/`0b`/`1e3`, no leading zeros
 * (`Number()` reads `0x10` as 16 and `' 12'` as 12). Null when not one.
 */
export function parseStrictInt(v: unknown): number | null {
  return typeof v === 'string' && INT.test(v) ? Number(v) : null;
}

/** Strict decimal number (`12`, `0.5`, `-3.25`), same refusals as parseStrictInt. Null when not one. */
export function parseStrictNumber(v: unknown): number | null {
  return typeof v === 'string' && DECIMAL.test(v) ? Number(v) : null;
}
