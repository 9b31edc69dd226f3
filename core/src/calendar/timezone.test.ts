/**
 * @timezone America/New_York
 *
 * A server far from Shanghai, with daylight saving time: nothing may depend on the process time zone.
 */
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  DEFAULT_COMPLAINT_WINDOW,
  WorkCalendar,
  isWithinWindow,
  rollToWorkday,
  shanghaiDate,
  shanghaiMidnight,
  slaDeadline,
  workingDayDeadline,
} from './index.js';

describe('independent of the process time zone (WT-1, WT-4)', () => {
  it('WT-4 examples hold on a server in America/New_York', () => {
    assert.equal(new Date(2026, 6, 1).getTimezoneOffset(), 240, 'TZ did not take effect');
    const cal = new WorkCalendar();
    const due = (s: string) =>
      slaDeadline(new Date(`${s}+08:00`), 12, DEFAULT_COMPLAINT_WINDOW, cal).dueAt.toISOString();
    assert.equal(due('2026-03-08T22:00'), '2026-03-09T11:00:00.000Z'); // US DST starts 8 March 2026
    assert.equal(due('2026-03-08T02:00'), '2026-03-08T12:00:00.000Z');
    assert.equal(due('2026-11-01T11:00'), '2026-11-01T15:00:00.000Z'); // US DST ends 1 November 2026
  });

  it('WT-1 dates, roll and working-day deadlines are Asia/Shanghai dates on a US server', () => {
    const cal = new WorkCalendar();
    assert.equal(cal.isWorkday('2026-10-01'), false);
    assert.equal(cal.isWorkday('2026-10-10'), true);
    assert.equal(shanghaiDate(new Date('2026-09-30T16:00:00Z')), '2026-10-01');
    assert.equal(shanghaiMidnight('2026-10-01').toISOString(), '2026-09-30T16:00:00.000Z');
    assert.deepEqual(rollToWorkday('2026-10-01', cal), { date: '2026-10-08', provisional: false });
    assert.equal(
      workingDayDeadline(new Date('2026-09-30T02:00:00Z'), 1, cal).dueAt.toISOString(),
      '2026-10-08T15:59:59.999Z',
    );
    assert.equal(isWithinWindow(new Date('2026-03-08T00:00:00Z'), DEFAULT_COMPLAINT_WINDOW, cal), true); // 08:00 Shanghai
    assert.equal(isWithinWindow(new Date('2026-03-07T23:59:59.999Z'), DEFAULT_COMPLAINT_WINDOW, cal), false);
  });
});
