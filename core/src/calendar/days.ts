/**
 * Day arithmetic in Asia/Shanghai (fixed UTC+8, no DST since 1991) without `Date` objects or the
 * process time zone. A "day number" counts calendar days since 1970-01-01 in Asia/Shanghai.
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;
/** Largest |ms| a `Date` can hold. */
export const MAX_DATE_MS = 8.64e15;

/** Day number of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Year, month (1–12) and day of a day number (civil_from_days). */
export function civilFromDay(dayNumber: number): [number, number, number] {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export function yearOfDay(dayNumber: number): number {
  return civilFromDay(dayNumber)[0];
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDay(dayNumber: number): number {
  return ((dayNumber % 7) + 11) % 7;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

export function formatDay(dayNumber: number): string {
  const [y, m, d] = civilFromDay(dayNumber);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Day number of a strict `YYYY-MM-DD` string, or NaN when it is not a real calendar date. */
export function parseDay(s: unknown): number {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  let y = 0;
  let m = 0;
  let d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    if (i < 4) y = y * 10 + c;
    else if (i < 7) m = m * 10 + c;
    else d = d * 10 + c;
  }
  if (m < 1 || m > 12 || d < 1) return NaN;
  if (d > (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1])) return NaN;
  return dayFromCivil(y, m, d);
}

/** Strict `YYYY-MM-DD` naming a real calendar date (`2026-02-29` is false). */
export function isValidDateString(s: string): boolean {
  return !Number.isNaN(parseDay(s));
}

/** Day number of a date string; RangeError when invalid. */
export function requireDay(s: string, what = 'date'): number {
  const d = parseDay(s);
  if (Number.isNaN(d))
    throw new RangeError(`${what} must be a real calendar date as YYYY-MM-DD, got ${JSON.stringify(s)}`);
  return d;
}

/** Epoch ms of a valid Date; RangeError otherwise. */
export function instantMs(at: Date, what = 'instant'): number {
  const t = at instanceof Date ? at.getTime() : NaN;
  if (!Number.isFinite(t)) throw new RangeError(`${what} must be a valid Date`);
  return t;
}

/** Asia/Shanghai day number containing the instant `t` (epoch ms). */
export function dayOfInstant(t: number): number {
  return Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** Epoch ms of 00:00 Asia/Shanghai of a day number. */
export function dayStartMs(dayNumber: number): number {
  return dayNumber * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** `YYYY-MM-DD` of the instant in Asia/Shanghai, whatever the process time zone. */
export function shanghaiDate(at: Date): string {
  return formatDay(dayOfInstant(instantMs(at)));
}

/** The instant of 00:00 Asia/Shanghai on that date. */
export function shanghaiMidnight(date: string): Date {
  return new Date(dayStartMs(requireDay(date)));
}

/** A Date for epoch ms, refusing instants a Date cannot hold. */
export function toDate(t: number): Date {
  if (!(Math.abs(t) <= MAX_DATE_MS)) throw new RangeError('result lies outside the range of a Date');
  return new Date(t);
}
