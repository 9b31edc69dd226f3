import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  DEFAULT_COMPLAINT_WINDOW,
  WorkCalendar,
  addWorkingTime,
  isWithinWindow,
  parseWindow,
  slaDeadline,
  subtractWorkingTime,
  validateWindow,
  workingTimeBetween,
  type ComplaintWindow,
} from './index.js';

const cal = new WorkCalendar();
const W = DEFAULT_COMPLAINT_WINDOW;
const WORKDAYS: ComplaintWindow = { start: '08:00', end: '23:00', days: 'workdays' };
const H = 3_600_000;
/** Asia/Shanghai wall time → instant. */
const sh = (s: string) => new Date(`${s}+08:00`);
const iso = (d: Date) => d.toISOString();
const due = (start: string, hours: number, w: ComplaintWindow = W, c = cal) =>
  iso(slaDeadline(sh(start), hours, w, c).dueAt);

describe('complaint working hours (WT-3)', () => {
  it('WT-3 default window is 08:00–23:00 every day', () => {
    assert.deepEqual({ ...DEFAULT_COMPLAINT_WINDOW }, { start: '08:00', end: '23:00', days: 'all' });
    assert.deepEqual(parseWindow(W), { openMs: 8 * H, closeMs: 23 * H, workdaysOnly: false });
  });

  it('WT-3 the clock is stopped outside 08:00–23:00', () => {
    assert.equal(isWithinWindow(sh('2026-03-07T07:59:59.999'), W, cal), false);
    assert.equal(isWithinWindow(sh('2026-03-07T08:00:00.000'), W, cal), true); // Saturday counts by default
    assert.equal(isWithinWindow(sh('2026-03-07T22:59:59.999'), W, cal), true);
    assert.equal(isWithinWindow(sh('2026-03-07T23:00:00.000'), W, cal), false);
    assert.equal(workingTimeBetween(sh('2026-03-06T22:30'), sh('2026-03-07T08:30'), W, cal), 1 * H);
    assert.equal(workingTimeBetween(sh('2026-03-06T23:00'), sh('2026-03-07T08:00'), W, cal), 0);
    assert.equal(workingTimeBetween(sh('2026-03-01T00:00'), sh('2026-03-08T00:00'), W, cal), 7 * 15 * H);
    assert.equal(workingTimeBetween(sh('2026-03-08T00:00'), sh('2026-03-01T00:00'), W, cal), 0);
    // 8 hours raised at 22:00 on National Day: the holiday does not stop the default clock
    assert.equal(due('2026-10-01T22:00', 8), iso(sh('2026-10-02T15:00')));
  });

  it("WT-3 days:'workdays' runs the clock only on WT-1 working days", () => {
    assert.equal(isWithinWindow(sh('2026-03-07T10:00'), WORKDAYS, cal), false); // Saturday
    assert.equal(isWithinWindow(sh('2026-10-10T10:00'), WORKDAYS, cal), true); // make-up Saturday
    assert.equal(isWithinWindow(sh('2026-10-01T10:00'), WORKDAYS, cal), false); // National Day
    // Friday 22:00 + 12 h: 1 h on Friday, 11 h on Monday (every day: Saturday 19:00)
    assert.equal(due('2026-03-06T22:00', 12, WORKDAYS), iso(sh('2026-03-09T19:00')));
    assert.equal(due('2026-03-06T22:00', 12, W), iso(sh('2026-03-07T19:00')));
    // Over National Day: 30 Sep 22:00 → 1 h, then nothing until 8 Oct
    assert.equal(due('2026-09-30T22:00', 12, WORKDAYS), iso(sh('2026-10-08T19:00')));
    // Friday 9 Oct 22:00 → Saturday 10 Oct is a make-up working day
    assert.equal(due('2026-10-09T22:00', 12, WORKDAYS), iso(sh('2026-10-10T19:00')));
    assert.equal(workingTimeBetween(sh('2026-09-30T00:00'), sh('2026-10-09T00:00'), WORKDAYS, cal), 2 * 15 * H);
    // overrides reach the clock
    const closed = new WorkCalendar({ overrides: [{ date: '2026-03-09', workday: false }] });
    assert.equal(due('2026-03-06T22:00', 12, WORKDAYS, closed), iso(sh('2026-03-10T19:00')));
  });

  it('WT-3 provisional only when a working-day clock consults a year without data', () => {
    const r = slaDeadline(sh('2026-12-31T22:00'), 12, WORKDAYS, cal);
    assert.equal(iso(r.dueAt), iso(sh('2027-01-01T19:00'))); // guessed: Friday 1 Jan 2027 is a weekday
    assert.equal(r.provisional, true);
    assert.equal(slaDeadline(sh('2026-12-31T22:00'), 12, W, cal).provisional, false);
    assert.equal(slaDeadline(sh('2026-12-31T10:00'), 12, WORKDAYS, cal).provisional, false); // ends 2026-12-31 22:00
    const loaded = new WorkCalendar({
      years: [{ year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], makeupWorkdays: [] }],
    });
    const r2 = slaDeadline(sh('2026-12-31T22:00'), 12, WORKDAYS, loaded);
    assert.equal(iso(r2.dueAt), iso(sh('2027-01-04T19:00')));
    assert.equal(r2.provisional, false);
  });

  it('WT-3 windows are validated; bad windows and budgets throw RangeError', () => {
    const bad: [Partial<ComplaintWindow> | null, RegExp][] = [
      [{ start: '8:00', end: '23:00', days: 'all' }, /开始/],
      [{ start: '08:00', end: '24:01', days: 'all' }, /结束/],
      [{ start: '08:60', end: '23:00', days: 'all' }, /开始/],
      [{ start: '24:00', end: '24:00', days: 'all' }, /开始/],
      [{ start: '23:00', end: '08:00', days: 'all' }, /早于/],
      [{ start: '08:00', end: '08:00', days: 'all' }, /早于/],
      [{ start: '08:00', end: '23:00', days: 'weekdays' as 'all' }, /days/],
      [{ start: '08:00', end: '23:00' }, /days/],
      [null, /对象/],
    ];
    for (const [w, msg] of bad) {
      assert.match(validateWindow(w as ComplaintWindow) ?? '', msg, JSON.stringify(w));
      assert.throws(() => slaDeadline(sh('2026-03-02T10:00'), 12, w as ComplaintWindow, cal), RangeError);
    }
    for (const ok of [
      W,
      WORKDAYS,
      { start: '00:00', end: '24:00', days: 'all' },
      { start: '23:59', end: '24:00', days: 'workdays' },
    ])
      assert.equal(validateWindow(ok as ComplaintWindow), null);
    for (const hours of [-1, NaN, Infinity, -Infinity])
      assert.throws(() => slaDeadline(sh('2026-03-02T10:00'), hours, W, cal), RangeError);
    assert.throws(() => addWorkingTime(sh('2026-03-02T10:00'), -1, W, cal), RangeError);
    assert.throws(() => subtractWorkingTime(sh('2026-03-02T10:00'), NaN, W, cal), RangeError);
    assert.throws(() => slaDeadline(new Date(NaN), 12, W, cal), RangeError);
    // horizon: more than 10 years of working time is refused, also for a one-minute working-day window
    assert.throws(() => slaDeadline(sh('2026-03-02T10:00'), 15 * 3661, W, cal), /10 years/);
    const tiny: ComplaintWindow = { start: '12:00', end: '12:01', days: 'workdays' };
    assert.throws(() => addWorkingTime(sh('2026-03-02T10:00'), 3661 * 60_000, tiny, cal), /10 years/);
    const far = addWorkingTime(sh('2026-03-02T10:00'), 3000 * 60_000, tiny, cal);
    assert.equal(workingTimeBetween(sh('2026-03-02T10:00'), far.at, tiny, cal), 3000 * 60_000);
    assert.equal(far.provisional, true);
  });
});

describe('deadline instant (WT-3a)', () => {
  it('WT-3a 11:00 + 12 h is 23:00 the same day, not 08:00 the next', () => {
    assert.equal(due('2026-03-02T11:00', 12), iso(sh('2026-03-02T23:00')));
    assert.equal(due('2026-03-02T08:00', 15), iso(sh('2026-03-02T23:00')));
    assert.equal(due('2026-03-02T11:00', 12, WORKDAYS), iso(sh('2026-03-02T23:00')));
  });

  it('WT-3a millisecond precision either side of the closing instant', () => {
    assert.equal(due('2026-03-02T10:59:59.999', 12), iso(sh('2026-03-02T22:59:59.999')));
    assert.equal(due('2026-03-02T11:00:00.001', 12), iso(sh('2026-03-03T08:00:00.001')));
    const r = addWorkingTime(sh('2026-03-02T08:00'), 15 * H + 1, W, cal);
    assert.equal(iso(r.at), iso(sh('2026-03-03T08:00:00.001')));
    assert.equal(iso(addWorkingTime(sh('2026-03-02T08:00'), 1, W, cal).at), iso(sh('2026-03-02T08:00:00.001')));
    assert.equal(iso(addWorkingTime(sh('2026-03-02T08:00'), 45 * H, W, cal).at), iso(sh('2026-03-04T23:00')));
  });

  it('WT-3a a start outside the window starts the clock at the next opening', () => {
    assert.equal(due('2026-03-02T23:00', 1), iso(sh('2026-03-03T09:00')));
    assert.equal(due('2026-03-02T07:59:59.999', 1), iso(sh('2026-03-02T09:00')));
    assert.equal(due('2026-03-07T03:00', 1, WORKDAYS), iso(sh('2026-03-09T09:00'))); // Saturday → Monday
  });

  it('WT-3a a zero budget is due when the clock starts', () => {
    assert.equal(due('2026-03-02T10:00:00.123', 0), iso(sh('2026-03-02T10:00:00.123')));
    assert.equal(due('2026-03-02T02:00', 0), iso(sh('2026-03-02T08:00')));
    assert.equal(due('2026-03-02T23:00', 0), iso(sh('2026-03-03T08:00')));
    assert.equal(due('2026-03-07T10:00', 0, WORKDAYS), iso(sh('2026-03-09T08:00')));
    assert.equal(due('2026-03-09T08:00', 0, WORKDAYS), iso(sh('2026-03-09T08:00')));
  });

  it('WT-3a subtracting working time steps back over closed hours', () => {
    assert.equal(iso(subtractWorkingTime(sh('2026-03-02T23:00'), 15 * H, W, cal)), iso(sh('2026-03-02T08:00')));
    assert.equal(iso(subtractWorkingTime(sh('2026-03-03T08:00'), 1 * H, W, cal)), iso(sh('2026-03-02T22:00')));
    assert.equal(iso(subtractWorkingTime(sh('2026-03-03T19:00'), 12 * H, W, cal)), iso(sh('2026-03-02T22:00')));
    assert.equal(iso(subtractWorkingTime(sh('2026-03-03T03:00'), 0, W, cal)), iso(sh('2026-03-03T03:00')));
    // landing exactly on an opening gives the opening (the latest such instant)
    assert.equal(iso(subtractWorkingTime(sh('2026-03-03T09:00'), 1 * H, W, cal)), iso(sh('2026-03-03T08:00')));
    assert.equal(iso(subtractWorkingTime(sh('2026-03-09T09:00'), 2 * H, WORKDAYS, cal)), iso(sh('2026-03-06T22:00')));
    assert.equal(iso(subtractWorkingTime(sh('2026-10-08T09:00'), 2 * H, WORKDAYS, cal)), iso(sh('2026-09-30T22:00')));
  });

  it("WT-3a a '00:00'–'24:00' window is plain elapsed time", () => {
    const allDay: ComplaintWindow = { start: '00:00', end: '24:00', days: 'all' };
    const t = sh('2026-03-02T23:30:00.250');
    assert.equal(iso(slaDeadline(t, 12, allDay, cal).dueAt), iso(new Date(t.getTime() + 12 * H)));
    assert.equal(iso(subtractWorkingTime(t, 36 * H, allDay, cal)), iso(new Date(t.getTime() - 36 * H)));
    assert.equal(workingTimeBetween(t, new Date(t.getTime() + 5 * 86_400_000 + 7), allDay, cal), 5 * 86_400_000 + 7);
    assert.equal(isWithinWindow(sh('2026-03-03T00:00'), allDay, cal), true);
    // up to midnight on working days: Friday 23:00 + 2 h → Monday 01:00
    const late: ComplaintWindow = { start: '00:00', end: '24:00', days: 'workdays' };
    assert.equal(iso(slaDeadline(sh('2026-03-06T23:00'), 2, late, cal).dueAt), iso(sh('2026-03-09T01:00')));
    // a deadline landing on midnight is the closing instant of the day before
    assert.equal(iso(slaDeadline(sh('2026-03-06T23:00'), 1, late, cal).dueAt), iso(sh('2026-03-07T00:00')));
  });
});

describe('complaint SLA (WT-4)', () => {
  it('WT-4 raised 22:00 is due 19:00 the next day', () => {
    assert.equal(due('2026-03-02T22:00', 12), iso(sh('2026-03-03T19:00')));
  });

  it('WT-4 raised 02:00 is due 20:00 the same day', () => {
    assert.equal(due('2026-03-02T02:00', 12), iso(sh('2026-03-02T20:00')));
  });

  it('WT-4 days are Asia/Shanghai days, not UTC days', () => {
    // 15:30Z is 23:30 in Shanghai: closed, so the clock starts at 08:00 Shanghai (00:00Z) the next day.
    const r = slaDeadline(new Date('2026-03-02T15:30:00Z'), 12, W, cal);
    assert.equal(iso(r.dueAt), '2026-03-03T12:00:00.000Z');
    // 23:30Z is 07:30 Shanghai the next day: due 20:00 Shanghai.
    assert.equal(iso(slaDeadline(new Date('2026-03-02T23:30:00Z'), 12, W, cal).dueAt), '2026-03-03T12:00:00.000Z');
    // With working days: 16:30Z on Friday 6 March is 00:30 Saturday in Shanghai → Monday 08:00 + 12 h.
    assert.equal(
      iso(slaDeadline(new Date('2026-03-06T16:30:00Z'), 12, WORKDAYS, cal).dueAt),
      iso(sh('2026-03-09T20:00')),
    );
    // …while 14:30Z is Friday 22:30 in Shanghai: 30 min on Friday, 11.5 h on Monday.
    assert.equal(
      iso(slaDeadline(new Date('2026-03-06T14:30:00Z'), 12, WORKDAYS, cal).dueAt),
      iso(sh('2026-03-09T19:30')),
    );
  });

  it('WT-4 fractional hours keep millisecond precision', () => {
    assert.equal(due('2026-03-02T22:00', 0.5), iso(sh('2026-03-02T22:30')));
    assert.equal(due('2026-03-02T22:30', 1 / 3), iso(sh('2026-03-02T22:50')));
    assert.equal(due('2026-03-02T22:59:59', 1 / 3600), iso(sh('2026-03-02T23:00')));
  });
});
