import { createRequire } from 'node:module';
import type { OfficialYear } from './work-calendar.js';

/**
 * Built-in official data (WT-1), shipped offline by the `chinese-days` package.
 *
 * We read its published table `chinese-days/dist/chinese-days.json` (documented in its README) rather than
 * calling `isWorkday()`: the table is plain `YYYY-MM-DD` keys, so it cannot be misread in the process time
 * zone, and it tells us which years it knows. The package answers Monday–Friday for any year it does not know,
 * without saying so; here a year is covered only when the table lists holidays in it.
 *   holidays: statutory rest days (法定节假日 including the weekend days of a holiday block);
 *   workdays: official make-up working days (调休上班).
 */
interface ChineseDaysTable {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let cache: ReadonlyMap<number, OfficialYear> | undefined;

export function builtinYears(): ReadonlyMap<number, OfficialYear> {
  if (cache) return cache;
  const table = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDaysTable;
  const years = new Map<number, OfficialYear>();
  const yearOf = (date: string) => {
    const y = Number(date.slice(0, 4));
    let entry = years.get(y);
    if (!entry) years.set(y, (entry = { year: y, holidays: [], makeupWorkdays: [] }));
    return entry;
  };
  for (const date of Object.keys(table.holidays)) yearOf(date).holidays.push(date);
  // A make-up day only counts inside a year whose holidays are known (a stray entry must not mark a year covered).
  for (const date of Object.keys(table.workdays)) {
    if (years.has(Number(date.slice(0, 4)))) yearOf(date).makeupWorkdays.push(date);
  }
  for (const y of years.values()) {
    y.holidays.sort();
    y.makeupWorkdays.sort();
  }
  cache = years;
  return cache;
}
