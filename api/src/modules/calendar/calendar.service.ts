import { Injectable } from '@nestjs/common';
import {
  DomainError,
  CalendarRepository,
  CalendarSource,
  DEFAULT_COMPLAINT_WINDOW,
  YEAR_MAX,
  YEAR_MIN,
  exitTimeline,
  exitTimelineJson,
  isDayInRange,
  rollToWorkday,
  shanghaiDate,
  slaDeadline,
  workingDayDeadline,
} from '@huoban/core';
import { AuditTrail } from '../../common/audit.service.js';
import type { AuthUser } from '../../common/auth.js';
import { Clock } from '../../common/infra.module.js';

const checkDate = (name: string, v: string | undefined): string => {
  if (!isDayInRange(v))
    throw DomainError.invalidList([`${name}: 须为 ${YEAR_MIN}–${YEAR_MAX} 年之间的日期（YYYY-MM-DD）`]);
  return v;
};

@Injectable()
export class CalendarService {
  constructor(
    private readonly calendar: CalendarSource,
    private readonly repo: CalendarRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async slaDeadline(start: Date, hours: number) {
    const { dueAt } = slaDeadline(start, hours, DEFAULT_COMPLAINT_WINDOW, await this.calendar.get());
    return { dueAt: dueAt.toISOString() };
  }

  async workingDayDeadline(start: Date, days: number) {
    const { dueAt, provisional } = workingDayDeadline(start, days, await this.calendar.get());
    return { dueAt: dueAt.toISOString(), provisional };
  }

  /** The fixed contract of `GET /calendar/exit-timeline` (the exit workflow uses the same function). */
  async exitTimeline(appliedAt: Date, clearedAt?: Date, approvedAt?: Date) {
    return exitTimelineJson(exitTimeline({ appliedAt, clearedAt, approvedAt }, await this.calendar.get()));
  }

  async roll(date: string | undefined) {
    const { date: rolled } = rollToWorkday(checkDate('date', date), await this.calendar.get());
    return { date: rolled };
  }

  /** WT-1: which years have official data; admins are warned when next year is missing. */
  async years() {
    const cal = await this.calendar.get();
    const thisYear = Number(shanghaiDate(this.clock.now()).slice(0, 4));
    return {
      covered: cal.coveredYears(),
      lastCovered: cal.lastCoveredYear(),
      version: cal.version,
      missingNextYear: !cal.isCovered(thisYear + 1),
    };
  }

  async putYear(year: number, dto: { holidays: string[]; makeupWorkdays: string[] }, user: AuthUser) {
    const all = [...dto.holidays, ...dto.makeupWorkdays];
    const bad = all.find((d) => !isDayInRange(d) || Number(d.slice(0, 4)) !== year);
    if (bad) throw DomainError.invalid(`dates: 须为 ${year} 年的真实日期：${bad}`);
    await this.repo.putYear(year, dto.holidays, dto.makeupWorkdays);
    this.calendar.invalidate();
    await this.audit.record(user, 'calendar.year_loaded', 'calendar_year', String(year), { after: dto });
    return this.years();
  }

  async putOverride(date: string, dto: { workday: boolean; note?: string }, user: AuthUser) {
    checkDate('date', date);
    await this.repo.putOverride(date, dto.workday, dto.note);
    this.calendar.invalidate();
    await this.audit.record(user, 'calendar.override_set', 'calendar_override', date, { after: dto, reason: dto.note });
    return { date, workday: dto.workday };
  }
}
