import type { WorkCalendar } from '../calendar/index.js';
import type { CalendarRepository } from '../db/repositories.js';

/** The effective calendar, reloaded from MongoDB at most every `ttlMs` (admins' edits reach timers within a minute). */
export class CalendarSource {
  private cached?: { cal: WorkCalendar; at: number };
  constructor(
    private readonly repo: Pick<CalendarRepository, 'load'>,
    private readonly ttlMs = 60_000,
  ) {}

  /** A source that always answers `cal` (tests that pin the calendar). */
  static fixed(cal: WorkCalendar): CalendarSource {
    return new CalendarSource({ load: async () => cal }, Infinity);
  }

  async get(now = Date.now()): Promise<WorkCalendar> {
    if (!this.cached || now - this.cached.at > this.ttlMs) this.cached = { cal: await this.repo.load(), at: now };
    return this.cached.cal;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}
