import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { beijingParts, beijingToIso, clockOffsetMs, countdownText, formatBeijing, formatDuration } from './time.js';

const H = 3600_000;
const M = 60_000;
const S = 1000;

describe('Beijing wall clock', () => {
  it('reads a UTC instant in UTC+8, crossing midnight', () => {
    assert.deepEqual(beijingParts('2026-11-22T16:30:09.000Z'), { date: '2026-11-23', time: '00:30', seconds: '09' });
    assert.equal(formatBeijing('2026-12-31T15:59:00.000Z'), '2026-12-31 23:59');
    assert.equal(formatBeijing('2026-12-31T16:00:00.000Z'), '2027-01-01 00:00');
  });

  it('shows a dash for a missing or invalid instant', () => {
    assert.equal(formatBeijing(null), '—');
    assert.equal(formatBeijing(undefined), '—');
    assert.equal(formatBeijing('not a date'), '—');
  });

  it('turns a Beijing date and time into the UTC instant and back', () => {
    assert.equal(beijingToIso('2026-11-23', '00:30'), '2026-11-22T16:30:00.000Z');
    assert.equal(beijingToIso('2026-11-22', '22:00'), '2026-11-22T14:00:00.000Z');
    const parts = beijingParts(beijingToIso('2026-03-01', '07:59')!);
    assert.deepEqual([parts.date, parts.time], ['2026-03-01', '07:59']);
  });

  it('rejects malformed or impossible dates and times', () => {
    assert.equal(beijingToIso('2026-02-30', '10:00'), null);
    assert.equal(beijingToIso('2026-13-01', '10:00'), null);
    assert.equal(beijingToIso('2026-11-22', '24:00'), null);
    assert.equal(beijingToIso('2026/11/22', '10:00'), null);
    assert.equal(beijingToIso('2026-11-22', '9:00'), null);
  });
});

describe('durations and countdown', () => {
  it('formats durations with and without seconds', () => {
    assert.equal(formatDuration(3 * H + 12 * M + 5 * S, true), '3小时12分05秒');
    assert.equal(formatDuration(3 * H + 2 * M + 5 * S, true), '3小时02分05秒');
    assert.equal(formatDuration(5 * M + 9 * S, true), '5分09秒');
    assert.equal(formatDuration(26 * H + 3 * M + 4 * S, true), '1天2小时03分04秒');
    assert.equal(formatDuration(H + 2 * M + 59 * S, false), '1小时2分');
    assert.equal(formatDuration(24 * H, false), '1天0小时0分');
    assert.equal(formatDuration(-5 * S, true), '0分00秒');
  });

  it('counts down to the deadline, rounding up to whole seconds', () => {
    const now = Date.parse('2026-11-22T03:00:00.000Z');
    const due = new Date(now + 3 * H + 12 * M + 5 * S).toISOString();
    assert.equal(countdownText(due, now), '剩余 3小时12分05秒');
    assert.equal(countdownText(due, now + 400), '剩余 3小时12分05秒');
    assert.equal(countdownText(due, now + 1000), '剩余 3小时12分04秒');
    assert.equal(countdownText(new Date(now + 500).toISOString(), now), '剩余 0分01秒');
  });

  it('counts the overrun once the deadline has passed', () => {
    const due = Date.parse('2026-11-22T03:00:00.000Z');
    assert.equal(countdownText(due, due), '已超时 不足1分');
    assert.equal(countdownText(due, due + 59 * S), '已超时 不足1分');
    assert.equal(countdownText(due, due + H + 2 * M + 30 * S), '已超时 1小时2分');
    assert.equal(countdownText(due, due + 50 * H), '已超时 2天2小时0分');
  });

  it('measures the server clock offset from serverNow', () => {
    const device = Date.parse('2026-11-22T03:00:00.000Z');
    assert.equal(clockOffsetMs('2026-11-22T03:00:05.000Z', device), 5000);
    assert.equal(clockOffsetMs('2026-11-22T02:59:58.000Z', device), -2000);
    assert.equal(clockOffsetMs(undefined, device), 0);
    assert.equal(clockOffsetMs('garbage', device), 0);
  });
});
