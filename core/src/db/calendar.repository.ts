import { WorkCalendar } from '../calendar/index.js';
import type { Doc } from './queries.js';
import type { Models } from './schemas.js';

export class CalendarRepository {
  constructor(private readonly m: Models) {}
  /** The effective calendar: built-in official data + loaded years + company overrides. */
  async load(): Promise<WorkCalendar> {
    const [years, overrides] = await Promise.all([
      this.m.CalendarYear.find().lean(),
      this.m.CalendarOverride.find().lean(),
    ]);
    return new WorkCalendar({
      years: years.map((y: Doc) => ({ year: y.year, holidays: y.holidays, makeupWorkdays: y.makeupWorkdays })),
      overrides: overrides.map((o: Doc) => ({ date: o.date, workday: o.workday, note: o.note ?? undefined })),
    });
  }
  async putYear(year: number, holidays: string[], makeupWorkdays: string[]): Promise<void> {
    await this.m.CalendarYear.updateOne({ year }, { $set: { holidays, makeupWorkdays } }, { upsert: true });
  }
  async putOverride(date: string, workday: boolean, note?: string): Promise<void> {
    await this.m.CalendarOverride.updateOne({ date }, { $set: { workday, note } }, { upsert: true });
  }
}
