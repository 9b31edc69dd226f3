/** Calendar months (`YYYY-MM`) of the credit ledger: Asia/Shanghai months, from the one period module. */
import { MONTH_PATTERN, isMonth, monthOf, rankedQuarter, shiftMonth } from '../period/index.js';

export const CREDIT_MONTH_PATTERN = MONTH_PATTERN;
export const isCreditMonth = isMonth;
export const shiftCreditMonth = shiftMonth;

/** The Asia/Shanghai month holding an instant. */
export const creditMonthOf = (at: Date): string => monthOf(at);

/** The month that ended most recently before `at` (Asia/Shanghai): the one the monthly close settles. */
export const previousCreditMonth = (at: Date): string => shiftMonth(monthOf(at), -1);

/** MG-4: the quarter ranked in an evaluation month is the one holding the month before it. */
export const creditRankedQuarter = rankedQuarter;
