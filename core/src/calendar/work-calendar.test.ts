import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  WorkCalendar,
  isValidDateString,
  shanghaiDate,
  shanghaiMidnight,
  validateOfficialYear,
  validateOverride,
} from './index.js';
import { builtinYears } from './builtin.js';

const cal = new WorkCalendar();

describe('WorkCalendar (WT-1)', () => {
  it('WT-1 2026 National Day holidays are not working days', () => {
    for (let d = 1; d <= 7; d++) assert.equal(cal.isWorkday(`2026-10-0${d}`), false, `2026-10-0${d}`);
    assert.equal(cal.isWorkday('2026-10-08'), true); // Thursday after the block
    assert.equal(cal.isWorkday('2026-10-01'), false); // a Thursday, holiday
  });

  it('WT-1 调休 make-up days 2026-09-20 (Sunday) and 2026-10-10 (Saturday) are working days', () => {
    assert.equal(cal.isWorkday('2026-09-20'), true);
    assert.equal(cal.isWorkday('2026-10-10'), true);
    assert.equal(cal.isWorkday('2026-10-11'), false); // ordinary Sunday
    assert.equal(cal.isWorkday('2026-02-14'), true); // Spring Festival make-up Saturday
    assert.equal(cal.isWorkday('2026-02-28'), true);
  });

  it('WT-1 ordinary weeks are Monday–Friday', () => {
    const week = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08'];
    assert.deepEqual(
      week.map((d) => cal.isWorkday(d)),
      [true, true, true, true, true, false, false],
    );
  });

  it('WT-1 built-in data covers 2025 and 2026 and knows its last year', () => {
    assert.equal(cal.isCovered(2025), true);
    assert.equal(cal.isCovered(2026), true);
    assert.equal(cal.isCovered(2027), false);
    assert.equal(cal.lastCoveredYear(), 2026);
    assert.ok(cal.coveredYears().includes(2004));
    assert.deepEqual(
      cal.coveredYears(),
      [...cal.coveredYears()].sort((a, b) => a - b),
    );
    assert.equal(cal.isProvisional('2026-12-31'), false);
  });

  it('WT-1 a year without official data is Monday–Friday and provisional', () => {
    assert.equal(cal.isProvisional('2027-01-01'), true);
    assert.equal(cal.isWorkday('2027-01-01'), true); // a Friday: only a guess without the 2027 notice
    assert.equal(cal.isWorkday('2027-01-02'), false); // Saturday
    assert.equal(cal.isProvisional('2027-10-01'), true);
  });

  it('WT-1 loading the 2027 year removes the provisional flag', () => {
    const loaded = new WorkCalendar({
      years: [{ year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], makeupWorkdays: ['2027-01-09'] }],
    });
    assert.equal(loaded.isCovered(2027), true);
    assert.equal(loaded.lastCoveredYear(), 2027);
    assert.equal(loaded.isProvisional('2027-01-01'), false);
    assert.equal(loaded.isProvisional('2027-06-01'), false);
    assert.equal(loaded.isWorkday('2027-01-01'), false);
    assert.equal(loaded.isWorkday('2027-01-09'), true); // Saturday make-up
    assert.equal(loaded.isWorkday('2027-01-04'), true);
    assert.notEqual(loaded.version, cal.version);
  });

  it('WT-1 a loaded year replaces the built-in data of that year', () => {
    const replaced = new WorkCalendar({ years: [{ year: 2026, holidays: ['2026-10-02'], makeupWorkdays: [] }] });
    assert.equal(replaced.isWorkday('2026-10-01'), true); // Thursday, no longer a holiday
    assert.equal(replaced.isWorkday('2026-10-02'), false);
    assert.equal(replaced.isWorkday('2026-10-10'), false); // Saturday, no longer a make-up day
    assert.equal(replaced.isWorkday('2025-10-01'), false); // other years untouched
  });

  it('WT-1 company overrides win over official data and over the Monday–Friday guess', () => {
    const o = new WorkCalendar({
      years: [{ year: 2027, holidays: ['2027-01-01'], makeupWorkdays: [] }],
      overrides: [
        { date: '2026-10-10', workday: false, note: '公司统一休息' },
        { date: '2026-10-03', workday: true },
        { date: '2026-03-06', workday: false },
        { date: '2027-01-01', workday: true },
        { date: '2028-05-06', workday: true },
      ],
    });
    assert.equal(o.isWorkday('2026-10-10'), false);
    assert.equal(o.isWorkday('2026-10-03'), true);
    assert.equal(o.isWorkday('2026-03-06'), false);
    assert.equal(o.isWorkday('2027-01-01'), true); // override beats a loaded year
    // An override decides its day for good, so it is not provisional even in a year without data.
    assert.equal(o.isWorkday('2028-05-06'), true);
    assert.equal(o.isProvisional('2028-05-06'), false);
    assert.equal(o.isProvisional('2028-05-08'), true);
  });

  it('WT-1 version: same effective data gives the same version, any change a new one', () => {
    const a = new WorkCalendar({
      overrides: [
        { date: '2026-03-06', workday: false },
        { date: '2026-03-07', workday: true, note: 'x' },
      ],
    });
    const b = new WorkCalendar({
      overrides: [
        { date: '2026-03-07', workday: true },
        { date: '2026-03-06', workday: false, note: 'note text does not change the calendar' },
      ],
    });
    assert.equal(a.version, b.version);
    assert.match(a.version, /^[0-9a-f]{12}$/);
    assert.equal(new WorkCalendar().version, cal.version);
    assert.equal(new WorkCalendar({}).version, cal.version);
    assert.notEqual(a.version, cal.version);
    const flipped = new WorkCalendar({
      overrides: [
        { date: '2026-03-06', workday: true },
        { date: '2026-03-07', workday: true },
      ],
    });
    assert.notEqual(flipped.version, a.version);
    // Loading a year identical to the built-in one does not change the effective calendar.
    const y2026 = builtinYears().get(2026)!;
    assert.ok(y2026.holidays.includes('2026-10-01') && y2026.makeupWorkdays.includes('2026-10-10'));
    const copy = { year: 2026, holidays: [...y2026.holidays].reverse(), makeupWorkdays: [...y2026.makeupWorkdays] };
    assert.equal(new WorkCalendar({ years: [copy] }).version, cal.version);
  });

  it('WT-1 malformed data is refused with a clear RangeError', () => {
    assert.match(validateOfficialYear({ year: 2027, holidays: ['2027-02-30'], makeupWorkdays: [] })!, /invalid date/);
    assert.match(validateOfficialYear({ year: 2027, holidays: ['2026-12-31'], makeupWorkdays: [] })!, /another year/);
    assert.match(
      validateOfficialYear({ year: 2027, holidays: ['2027-01-02'], makeupWorkdays: ['2027-01-02'] })!,
      /both/,
    );
    assert.match(validateOfficialYear({ year: 27, holidays: [], makeupWorkdays: [] })!, /year must be/);
    assert.equal(validateOfficialYear({ year: 2027, holidays: [], makeupWorkdays: [] }), null);
    assert.match(validateOverride({ date: '2026/10/01', workday: true })!, /YYYY-MM-DD/);
    assert.equal(validateOverride({ date: '2026-10-01', workday: true }), null);
    assert.throws(
      () => new WorkCalendar({ years: [{ year: 2027, holidays: ['2027-13-01'], makeupWorkdays: [] }] }),
      RangeError,
    );
    assert.throws(
      () => new WorkCalendar({ years: [2027, 2027].map((year) => ({ year, holidays: [], makeupWorkdays: [] })) }),
      /twice/,
    );
    assert.throws(
      () =>
        new WorkCalendar({
          overrides: [
            { date: '2026-10-01', workday: true },
            { date: '2026-10-01', workday: false },
          ],
        }),
      /twice/,
    );
    assert.throws(() => cal.isWorkday('2026-02-29'), RangeError);
    assert.throws(() => cal.isProvisional('20261001'), RangeError);
  });
});

describe('Asia/Shanghai dates (WT-1)', () => {
  it('WT-1 isValidDateString is strict and knows real dates', () => {
    for (const ok of ['2026-10-01', '2024-02-29', '2000-02-29', '1999-12-31'])
      assert.equal(isValidDateString(ok), true, ok);
    for (const bad of [
      '2026-02-29',
      '1900-02-29',
      '2026-1-01',
      '2026-10-1',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      ' 2026-10-01',
      '2026-10-01T00:00',
      '２０２６-10-01',
      '',
    ])
      assert.equal(isValidDateString(bad), false, bad);
    assert.equal(isValidDateString(undefined as unknown as string), false);
  });

  it('WT-1 shanghaiDate and shanghaiMidnight use UTC+8 whatever the process time zone', () => {
    assert.equal(shanghaiDate(new Date('2026-09-30T15:59:59.999Z')), '2026-09-30');
    assert.equal(shanghaiDate(new Date('2026-09-30T16:00:00.000Z')), '2026-10-01');
    assert.equal(shanghaiMidnight('2026-10-01').toISOString(), '2026-09-30T16:00:00.000Z');
    assert.equal(shanghaiMidnight('2024-03-01').toISOString(), '2024-02-29T16:00:00.000Z');
    assert.equal(shanghaiDate(new Date('1969-12-31T16:00:00Z')), '1970-01-01');
    assert.equal(shanghaiDate(new Date('1969-12-31T15:59:59.999Z')), '1969-12-31');
    // round trip over many days, including leap years and negative day numbers
    for (let t = Date.UTC(1895, 0, 1); t < Date.UTC(2105, 0, 1); t += 86_400_000 * 13 + 3_600_000) {
      const d = shanghaiDate(new Date(t));
      const mid = shanghaiMidnight(d).getTime();
      assert.ok(mid <= t && t < mid + 86_400_000, d);
      assert.equal(d, new Date(t + 8 * 3_600_000).toISOString().slice(0, 10));
    }
    assert.throws(() => shanghaiDate(new Date(NaN)), RangeError);
    assert.throws(() => shanghaiMidnight('2026-02-30'), RangeError);
  });
});
