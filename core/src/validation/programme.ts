import { slaDeadline, validateWindow, type ComplaintWindow } from '../calendar/working-time.js';
import type { WorkCalendar } from '../calendar/work-calendar.js';
import { PROGRAMME_SLA_HOURS_MAX, PROGRAMME_SLA_HOURS_MIN, PROGRAMME_SLA_MAX_CALENDAR_DAYS } from './bounds.js';

const DAY_MS = 86_400_000;
/** Registrations the SLA clock is tried on: ordinary days, a Friday night, and the eves of the long holidays. */
const SAMPLES = [
  '2026-03-02T10:00:00+08:00',
  '2026-03-06T23:30:00+08:00',
  '2026-02-13T22:00:00+08:00',
  '2026-09-30T22:00:00+08:00',
];

/**
 * WT-3/FT-13: the complaint window and SLA budget of a programme must be something the SLA clock can compute and
 * a partner can meet: the window is valid, the budget within bounds, and every sample registration falls due
 * within PROGRAMME_SLA_MAX_CALENDAR_DAYS. Returns the problems (field-named), empty when the settings are usable.
 */
export function programmeClockProblems(window: ComplaintWindow, slaHours: number, cal: WorkCalendar): string[] {
  const problem = validateWindow(window);
  if (problem) return [`complaintWindow: ${problem}`];
  if (!Number.isFinite(slaHours) || slaHours < PROGRAMME_SLA_HOURS_MIN || slaHours > PROGRAMME_SLA_HOURS_MAX)
    return [`slaHours: 须在 ${PROGRAMME_SLA_HOURS_MIN} 到 ${PROGRAMME_SLA_HOURS_MAX} 小时之间`];
  for (const s of SAMPLES) {
    const start = new Date(s);
    let dueAt: Date;
    try {
      dueAt = slaDeadline(start, slaHours, window, cal).dueAt;
    } catch {
      return [`slaHours: ${slaHours} 个工作小时在投诉时段 ${window.start}–${window.end} 内无法计算截止时间`];
    }
    if (dueAt.getTime() - start.getTime() > PROGRAMME_SLA_MAX_CALENDAR_DAYS * DAY_MS)
      return [
        `slaHours: ${slaHours} 个工作小时在投诉时段 ${window.start}–${window.end} 内需超过 ${PROGRAMME_SLA_MAX_CALENDAR_DAYS} 天，请放宽时段或缩短时限`,
      ];
  }
  return [];
}
