import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { WorkCalendar, rollToWorkday, workingDayDeadline } from './index.js';

const cal = new WorkCalendar();
const sh = (s: string) => new Date(`${s}+08:00`);
const endOf = (date: string) => sh(`${date}T23:59:59.999`).toISOString();
const deadline = (start: string, days: number, c = cal) => {
  const r = workingDayDeadline(sh(start), days, c);
  return { dueAt: r.dueAt.toISOString(), provisional: r.provisional };
};

describe('working-day deadlines (WT-2)', () => {
  it("WT-2 the event's own day is not counted; due at the end of the N-th working day", () => {
    assert.deepEqual(deadline('2026-03-02T09:00', 1), { dueAt: endOf('2026-03-03'), provisional: false });
    assert.deepEqual(deadline('2026-03-02T23:59:59.999', 3), { dueAt: endOf('2026-03-05'), provisional: false });
    assert.deepEqual(deadline('2026-03-02T00:00', 3), { dueAt: endOf('2026-03-05'), provisional: false });
  });

  it('WT-2 weekends are skipped', () => {
    assert.equal(deadline('2026-03-06T10:00', 1).dueAt, endOf('2026-03-09')); // Friday → Monday
    assert.equal(deadline('2026-03-07T10:00', 1).dueAt, endOf('2026-03-09')); // event on Saturday
    assert.equal(deadline('2026-03-06T10:00', 5).dueAt, endOf('2026-03-13'));
    assert.equal(deadline('2026-03-02T10:00', 30).dueAt, endOf('2026-04-14')); // 30 working days (Qingming 4–6 Apr)
  });

  it('WT-2 statutory holidays are skipped and 调休 make-up days count', () => {
    // 30 Sep → 1–7 Oct holiday → Thu 8, Fri 9, Sat 10 (make-up day)
    assert.equal(deadline('2026-09-30T10:00', 1).dueAt, endOf('2026-10-08'));
    assert.equal(deadline('2026-09-30T10:00', 3).dueAt, endOf('2026-10-10'));
    assert.equal(deadline('2026-10-03T10:00', 1).dueAt, endOf('2026-10-08')); // event inside the holiday
    // Spring Festival 2026: 15–23 Feb off, Sat 14 Feb and Sat 28 Feb make-up days
    assert.equal(deadline('2026-02-13T10:00', 1).dueAt, endOf('2026-02-14'));
    assert.equal(deadline('2026-02-13T10:00', 2).dueAt, endOf('2026-02-24'));
  });

  it('WT-2 the event day is the Asia/Shanghai day of the instant', () => {
    // 16:30Z Thursday 5 March is 00:30 Friday 6 March in Shanghai → 1 working day = Monday 9 March
    const r = workingDayDeadline(new Date('2026-03-05T16:30:00Z'), 1, cal);
    assert.equal(r.dueAt.toISOString(), '2026-03-09T15:59:59.999Z');
    const r2 = workingDayDeadline(new Date('2026-03-05T15:59:59.999Z'), 1, cal);
    assert.equal(r2.dueAt.toISOString(), '2026-03-06T15:59:59.999Z');
  });

  it("WT-2 zero working days is the end of the event's own day", () => {
    assert.deepEqual(deadline('2026-03-02T09:00', 0), { dueAt: endOf('2026-03-02'), provisional: false });
    assert.deepEqual(deadline('2026-10-01T09:00', 0), { dueAt: endOf('2026-10-01'), provisional: false });
  });

  it('WT-2 provisional when a counted day falls in a year without official data', () => {
    assert.deepEqual(deadline('2026-12-30T10:00', 1), { dueAt: endOf('2026-12-31'), provisional: false });
    assert.deepEqual(deadline('2026-12-30T10:00', 3), { dueAt: endOf('2027-01-04'), provisional: true });
    const loaded = new WorkCalendar({
      years: [{ year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], makeupWorkdays: [] }],
    });
    assert.deepEqual(deadline('2026-12-30T10:00', 3, loaded), { dueAt: endOf('2027-01-05'), provisional: false });
  });

  it('WT-2 company overrides count', () => {
    const c = new WorkCalendar({
      overrides: [
        { date: '2026-03-07', workday: true },
        { date: '2026-03-09', workday: false },
      ],
    });
    assert.equal(deadline('2026-03-06T10:00', 1, c).dueAt, endOf('2026-03-07'));
    assert.equal(deadline('2026-03-06T10:00', 2, c).dueAt, endOf('2026-03-10'));
  });

  it('WT-2 invalid day counts throw RangeError', () => {
    for (const n of [-1, 1.5, NaN, Infinity, 2501])
      assert.throws(() => workingDayDeadline(sh('2026-03-02T10:00'), n, cal), RangeError);
    assert.throws(() => workingDayDeadline(new Date('x'), 1, cal), RangeError);
    assert.ok(workingDayDeadline(sh('2026-03-02T10:00'), 2500, cal).provisional);
  });
});

describe('holiday roll (WT-5)', () => {
  it('WT-5 a working day stays', () => {
    assert.deepEqual(rollToWorkday('2026-03-16', cal), { date: '2026-03-16', provisional: false });
    assert.deepEqual(rollToWorkday('2026-10-10', cal), { date: '2026-10-10', provisional: false }); // make-up Saturday
  });

  it('WT-5 the 15th on a weekend or holiday rolls to the next working day', () => {
    assert.deepEqual(rollToWorkday('2026-03-15', cal), { date: '2026-03-16', provisional: false }); // Sunday
    assert.deepEqual(rollToWorkday('2026-02-15', cal), { date: '2026-02-24', provisional: false }); // Spring Festival
    assert.deepEqual(rollToWorkday('2026-10-01', cal), { date: '2026-10-08', provisional: false }); // National Day
    assert.deepEqual(rollToWorkday('2025-10-01', cal), { date: '2025-10-09', provisional: false });
  });

  it('WT-5 rolling in a year without official data is provisional', () => {
    assert.deepEqual(rollToWorkday('2027-02-13', cal), { date: '2027-02-15', provisional: true });
    assert.deepEqual(rollToWorkday('2026-12-31', cal), { date: '2026-12-31', provisional: false });
    const c = new WorkCalendar({ overrides: [{ date: '2027-05-15', workday: true }] });
    assert.deepEqual(rollToWorkday('2027-05-15', c), { date: '2027-05-15', provisional: false });
  });

  it('WT-5 invalid dates throw RangeError', () => {
    assert.throws(() => rollToWorkday('2026-02-30', cal), RangeError);
  });
});
