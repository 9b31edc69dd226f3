import { isMonthInRange } from '../validation/bounds.js';
import { shanghaiDate } from '../calendar/index.js';

/** Calendar months (`YYYY-MM`) of the credit ledger; months are Asia/Shanghai months. */
export const CREDIT_MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
/** A ledger month `YYYY-MM` of a year in YEAR_MIN..YEAR_MAX (`0000-01` is not one). */
export const isCreditMonth = (v: unknown): v is string => isMonthInRange(v);

const index = (m: string): number => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const ofIndex = (i: number): string =>
  `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;

export const shiftCreditMonth = (m: string, n: number): string => ofIndex(index(m) + n);

/** The Asia/Shanghai month holding an instant. */
export const creditMonthOf = (at: Date): string => shanghaiDate(at).slice(0, 7);

/** The month that ended most recently before `at` (Asia/Shanghai): the one the monthly close settles. */
export const previousCreditMonth = (at: Date): string => shiftCreditMonth(creditMonthOf(at), -1);

/** MG-4: the quarter ranked in an evaluation month is the one holding the month before it. */
export function creditRankedQuarter(evaluationMonth: string): string {
  const prev = shiftCreditMonth(evaluationMonth, -1);
  return `${prev.slice(0, 4)}Q${Math.floor((Number(prev.slice(5, 7)) - 1) / 3) + 1}`;
}
