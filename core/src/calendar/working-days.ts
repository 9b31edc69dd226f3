import { dayOfInstant, dayStartMs, formatDay, instantMs, requireDay, toDate } from './days.js';
import { DAY_PROVISIONAL, DAY_WORK, type WorkCalendar } from './work-calendar.js';
import { WORKING_DAYS_MAX as MAX_WORKING_DAYS } from '../validation/bounds.js';
/** A roll or count that finds no working day within this many calendar days is refused. */
const MAX_SCAN_DAYS = 20_000;

/**
 * WT-2: "within N working days" after the event at `start`. The event's own Asia/Shanghai day is not counted;
 * the deadline is 23:59:59.999 of the N-th working day after it. N = 0 means the end of the event's own day
 * (working day or not). `provisional` when any day consulted lies in a year without official data.
 */
export function workingDayDeadline(
  start: Date,
  days: number,
  cal: WorkCalendar,
): { dueAt: Date; provisional: boolean } {
  if (!Number.isInteger(days) || days < 0 || days > MAX_WORKING_DAYS)
    throw new RangeError(`working days must be an integer between 0 and ${MAX_WORKING_DAYS}, got ${days}`);
  let day = dayOfInstant(instantMs(start, 'start'));
  let provisional = false;
  let left = days;
  for (let n = 0; left > 0; n++) {
    if (n >= MAX_SCAN_DAYS) throw new RangeError(`no ${days} working days found within ${MAX_SCAN_DAYS} days`);
    day++;
    const f = cal.dayFlags(day);
    if (f & DAY_PROVISIONAL) provisional = true;
    if (f & DAY_WORK) left--;
  }
  return { dueAt: toDate(dayStartMs(day + 1) - 1), provisional };
}

/** WT-5: a date on a non-working day moves to the next working day; a working day stays. */
export function rollToWorkday(date: string, cal: WorkCalendar): { date: string; provisional: boolean } {
  let day = requireDay(date);
  let provisional = false;
  for (let n = 0; n < MAX_SCAN_DAYS; n++, day++) {
    const f = cal.dayFlags(day);
    if (f & DAY_PROVISIONAL) provisional = true;
    if (f & DAY_WORK) return { date: formatDay(day), provisional };
  }
  throw new RangeError(`no working day within ${MAX_SCAN_DAYS} days after ${date}`);
}
