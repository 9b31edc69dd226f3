import { createHash } from 'node:crypto';
import { builtinYears } from './builtin.js';
import { dayFromCivil, parseDay, requireDay, weekdayOfDay, yearOfDay } from './days.js';

/** State Council calendar of one year (WT-1): statutory rest days and make-up working days, as YYYY-MM-DD. */
export interface OfficialYear {
  year: number;
  holidays: string[];
  makeupWorkdays: string[];
}

/** A company decision for one date; wins over the official calendar. */
export interface CompanyOverride {
  date: string;
  workday: boolean;
  note?: string;
}

export interface CalendarInput {
  /** Loaded official years; each replaces the built-in data of its year. */
  years?: OfficialYear[];
  overrides?: CompanyOverride[];
}

/** Bits of {@link WorkCalendar.dayFlags}. */
export const DAY_KNOWN = 1;
export const DAY_WORK = 2;
export const DAY_PROVISIONAL = 4;

const MIN_YEAR = 1000;
const MAX_YEAR = 9999;
// Per-day memo covers 1970-01-01 .. 2199-12-31 (84k bytes); other days are computed on each call.
const MEMO_DAYS = dayFromCivil(2200, 1, 1);

/** Error message for a malformed official year, or null. */
export function validateOfficialYear(y: OfficialYear): string | null {
  if (!y || !Number.isInteger(y.year) || y.year < MIN_YEAR || y.year > MAX_YEAR)
    return `year must be an integer between ${MIN_YEAR} and ${MAX_YEAR}`;
  if (!Array.isArray(y.holidays) || !Array.isArray(y.makeupWorkdays))
    return `year ${y.year}: holidays and makeupWorkdays must be lists of dates`;
  const holidays = new Set<string>();
  for (const [list, name] of [
    [y.holidays, 'holidays'],
    [y.makeupWorkdays, 'makeupWorkdays'],
  ] as const) {
    for (const d of list) {
      if (Number.isNaN(parseDay(d))) return `year ${y.year}: ${name} has an invalid date ${JSON.stringify(d)}`;
      if (Number(d.slice(0, 4)) !== y.year) return `year ${y.year}: ${name} has ${d}, which is in another year`;
      if (list === y.holidays) holidays.add(d);
      else if (holidays.has(d)) return `year ${y.year}: ${d} is both a holiday and a make-up working day`;
    }
  }
  return null;
}

/** Error message for a malformed company override, or null. */
export function validateOverride(o: CompanyOverride): string | null {
  if (!o || Number.isNaN(parseDay(o.date))) return `override date must be YYYY-MM-DD, got ${JSON.stringify(o?.date)}`;
  if (typeof o.workday !== 'boolean') return `override ${o.date}: workday must be true or false`;
  return null;
}

/**
 * The effective PRC working-day calendar (WT-1): Monday–Friday, minus statutory holidays, plus make-up
 * working days; built-in official years from `chinese-days`, loaded years replace the built-in data of their
 * year, company overrides win over everything. A day in a year without official data is computed as
 * Monday–Friday and is provisional, unless a company override decides it (an override cannot change when
 * the official year is loaded later).
 *
 * Immutable; build a new one when the data changes. Lookups are memoised per day.
 */
export class WorkCalendar {
  /** Short stable hash of the effective data: same effective calendar ⇒ same version. */
  readonly version: string;
  private readonly covered: ReadonlySet<number>;
  private readonly coveredSorted: readonly number[];
  /** holiday → false, make-up working day → true; only days of covered years. */
  private readonly official = new Map<number, boolean>();
  private readonly overrides = new Map<number, boolean>();
  private readonly memo = new Uint8Array(MEMO_DAYS);

  constructor(input: CalendarInput = {}) {
    const years = new Map(builtinYears());
    const loaded = new Set<number>();
    for (const y of input.years ?? []) {
      const err = validateOfficialYear(y);
      if (err) throw new RangeError(`invalid official calendar: ${err}`);
      if (loaded.has(y.year)) throw new RangeError(`invalid official calendar: year ${y.year} given twice`);
      loaded.add(y.year);
      years.set(y.year, y);
    }
    for (const o of input.overrides ?? []) {
      const err = validateOverride(o);
      if (err) throw new RangeError(`invalid company override: ${err}`);
      const day = parseDay(o.date);
      const prev = this.overrides.get(day);
      if (prev !== undefined && prev !== o.workday)
        throw new RangeError(`invalid company override: ${o.date} given twice with different values`);
      this.overrides.set(day, o.workday);
    }

    const canonical: string[] = [];
    this.coveredSorted = [...years.keys()].sort((a, b) => a - b);
    this.covered = new Set(this.coveredSorted);
    for (const year of this.coveredSorted) {
      const y = years.get(year)!;
      for (const d of y.holidays) this.official.set(parseDay(d), false);
      for (const d of y.makeupWorkdays) this.official.set(parseDay(d), true);
      canonical.push(
        `${year}:${[...new Set(y.holidays)].sort().join(',')};${[...new Set(y.makeupWorkdays)].sort().join(',')}`,
      );
    }
    const overrides = [...(input.overrides ?? [])].map((o) => `${o.date}=${o.workday ? 1 : 0}`);
    canonical.push(`overrides:${[...new Set(overrides)].sort().join(',')}`);
    this.version = createHash('sha256').update(canonical.join('|')).digest('hex').slice(0, 12);
  }

  /** WT-1: is this YYYY-MM-DD (Asia/Shanghai) a working day? RangeError for an invalid date. */
  isWorkday(date: string): boolean {
    return (this.dayFlags(requireDay(date)) & DAY_WORK) !== 0;
  }

  /** The year has official data (built-in or loaded). */
  isCovered(year: number): boolean {
    return this.covered.has(year);
  }

  /** The date's status is a Monday–Friday guess: its year has no official data and no override decides it. */
  isProvisional(date: string): boolean {
    return (this.dayFlags(requireDay(date)) & DAY_PROVISIONAL) !== 0;
  }

  coveredYears(): number[] {
    return [...this.coveredSorted];
  }

  lastCoveredYear(): number {
    return this.coveredSorted[this.coveredSorted.length - 1];
  }

  /**
   * Low-level lookup for the working-time arithmetic: {@link DAY_WORK} | {@link DAY_PROVISIONAL} bits (plus
   * {@link DAY_KNOWN}) of a day number (days since 1970-01-01, Asia/Shanghai).
   */
  dayFlags(day: number): number {
    if (day >= 0 && day < MEMO_DAYS) {
      const f = this.memo[day];
      return f !== 0 ? f : (this.memo[day] = this.computeFlags(day));
    }
    return this.computeFlags(day);
  }

  private computeFlags(day: number): number {
    const ov = this.overrides.get(day);
    if (ov !== undefined) return DAY_KNOWN | (ov ? DAY_WORK : 0);
    const wd = weekdayOfDay(day);
    const weekday = wd >= 1 && wd <= 5;
    if (!this.covered.has(yearOfDay(day))) return DAY_KNOWN | DAY_PROVISIONAL | (weekday ? DAY_WORK : 0);
    const off = this.official.get(day);
    return DAY_KNOWN | ((off ?? weekday) ? DAY_WORK : 0);
  }
}
