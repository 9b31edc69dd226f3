import { isValidDateString, shanghaiMidnight } from '../calendar/index.js';
import { parsePeriod } from '../rules/scorecard.js';

const pad2 = (n: number) => String(n).padStart(2, '0');
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * FT-16 "one month before the contract ends", in Asia/Shanghai calendar days: the same day of the previous
 * month, or that month's last day when it is shorter (2027-03-31 → 2027-02-28, 2027-01-15 → 2026-12-15).
 */
export function oneMonthBefore(day: string): string {
  if (!isValidDateString(day)) throw new RangeError(`day must be YYYY-MM-DD, got ${JSON.stringify(day)}`);
  let y = Number(day.slice(0, 4));
  let m = Number(day.slice(5, 7)) - 1;
  if (m === 0) {
    m = 12;
    y -= 1;
  }
  const d = Math.min(Number(day.slice(8, 10)), daysInMonth(y, m));
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** FT-16: does the half-year overlap the contract's days `signedAt`..`endsAt` (both inclusive)? */
export function periodWithinContract(period: string, signedAt: string, endsAt: string): boolean {
  const p = parsePeriod(period);
  if (!p) return false;
  const from = shanghaiMidnight(signedAt).getTime();
  const to = shanghaiMidnight(endsAt).getTime() + 86_400_000;
  return p.start.getTime() < to && p.end.getTime() > from;
}

/** FT-16: special certificates are valid when there are none, or they run at least through `day`. */
export const certificatesValidOn = (certificatesValidUntil: string | null, day: string): boolean =>
  certificatesValidUntil === null || certificatesValidUntil >= day;
