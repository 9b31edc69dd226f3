/**
 * The one calendar module (RULES.md WT-1..WT-5, WT-3a). Pure functions: no database, no I/O, no process
 * time zone. Instants are `Date`s (UTC); days are `YYYY-MM-DD` strings in Asia/Shanghai.
 */
export { isValidDateString, shanghaiDate, shanghaiMidnight } from './days.js';
export {
  WorkCalendar,
  validateOfficialYear,
  validateOverride,
  type CalendarInput,
  type CompanyOverride,
  type OfficialYear,
} from './work-calendar.js';
export {
  DEFAULT_COMPLAINT_WINDOW,
  WINDOW_DAYS,
  addWorkingTime,
  isWithinWindow,
  parseWindow,
  slaDeadline,
  subtractWorkingTime,
  validateWindow,
  workingTimeBetween,
  type ComplaintWindow,
  type ParsedWindow,
  type WindowDays,
} from './working-time.js';
export { rollToWorkday, workingDayDeadline } from './working-days.js';
export { isQuietHour, nextOutsideQuietHours, quietHoursProblems, type QuietHours } from './quiet-hours.js';
