import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { isQuietHour, nextOutsideQuietHours, quietHoursProblems, type QuietHours } from './index.js';

/** Asia/Shanghai wall time → instant. */
const sh = (s: string) => new Date(`${s}+08:00`);
const NIGHT: QuietHours = { start: '22:00', end: '08:00' };

describe('quiet hours (Asia/Shanghai wall time)', () => {
  it('21:59 Beijing is outside 22:00–08:00 and is delivered at once', () => {
    assert.equal(isQuietHour(sh('2026-12-01T21:59:59.999'), NIGHT), false);
    assert.equal(
      nextOutsideQuietHours(sh('2026-12-01T21:59'), NIGHT).toISOString(),
      sh('2026-12-01T21:59').toISOString(),
    );
  });

  it('22:00 Beijing opens the quiet hours: held until 08:00 the next day', () => {
    assert.equal(isQuietHour(sh('2026-12-01T22:00'), NIGHT), true);
    assert.equal(
      nextOutsideQuietHours(sh('2026-12-01T22:00'), NIGHT).toISOString(),
      sh('2026-12-02T08:00').toISOString(),
    );
  });

  it('a held warning created at 23:30 is due 08:00 the next day', () => {
    assert.equal(
      nextOutsideQuietHours(sh('2026-12-01T23:30'), NIGHT).toISOString(),
      sh('2026-12-02T08:00').toISOString(),
    );
  });

  it('00:00 and 07:59 Beijing are still quiet and release at 08:00 the same day', () => {
    assert.equal(
      nextOutsideQuietHours(sh('2026-12-02T00:00'), NIGHT).toISOString(),
      sh('2026-12-02T08:00').toISOString(),
    );
    assert.equal(isQuietHour(sh('2026-12-02T07:59:59.999'), NIGHT), true);
    assert.equal(
      nextOutsideQuietHours(sh('2026-12-02T07:59'), NIGHT).toISOString(),
      sh('2026-12-02T08:00').toISOString(),
    );
  });

  it('08:00 Beijing closes the quiet hours: delivered at once', () => {
    assert.equal(isQuietHour(sh('2026-12-02T08:00'), NIGHT), false);
    assert.equal(
      nextOutsideQuietHours(sh('2026-12-02T08:00'), NIGHT).toISOString(),
      sh('2026-12-02T08:00').toISOString(),
    );
  });

  it('is computed in Beijing time whatever the instant: 15:30 UTC is 23:30 Beijing', () => {
    const at = new Date('2026-12-01T15:30:00Z');
    assert.equal(nextOutsideQuietHours(at, NIGHT).toISOString(), '2026-12-02T00:00:00.000Z');
  });

  it('crosses month and year ends (31 Dec 23:30 → 1 Jan 08:00)', () => {
    assert.equal(
      nextOutsideQuietHours(sh('2026-12-31T23:30'), NIGHT).toISOString(),
      sh('2027-01-01T08:00').toISOString(),
    );
  });

  it('a window inside one day (12:00–14:00) holds 12:00–13:59 only', () => {
    const noon: QuietHours = { start: '12:00', end: '14:00' };
    assert.equal(isQuietHour(sh('2026-12-01T11:59'), noon), false);
    assert.equal(
      nextOutsideQuietHours(sh('2026-12-01T12:00'), noon).toISOString(),
      sh('2026-12-01T14:00').toISOString(),
    );
    assert.equal(isQuietHour(sh('2026-12-01T14:00'), noon), false);
    assert.equal(isQuietHour(sh('2026-12-01T23:00'), noon), false);
  });

  it('the default window 23:00–08:00 leaves the last hour of the complaint window (22:00–23:00) loud', () => {
    const q: QuietHours = { start: '23:00', end: '08:00' };
    assert.equal(isQuietHour(sh('2026-12-01T22:30'), q), false);
    assert.equal(nextOutsideQuietHours(sh('2026-12-01T23:00'), q).toISOString(), sh('2026-12-02T08:00').toISOString());
  });

  it('refuses a bad HH:mm and a window whose start equals its end, naming the field', () => {
    assert.deepEqual(quietHoursProblems(NIGHT), []);
    assert.deepEqual(quietHoursProblems({ start: '24:00', end: '8:00' }), [
      'quietHours.start 须为 HH:mm（00:00–23:59），收到 "24:00"',
      'quietHours.end 须为 HH:mm（00:00–23:59），收到 "8:00"',
    ]);
    assert.deepEqual(quietHoursProblems({ start: '08:00', end: '08:00' }), [
      'quietHours.end 不能与开始时间相同（08:00）',
    ]);
    assert.throws(() => nextOutsideQuietHours(new Date(), { start: '08:00', end: '08:00' }), RangeError);
    assert.throws(() => isQuietHour(new Date(Number.NaN), NIGHT), RangeError);
  });
});
