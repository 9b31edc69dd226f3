import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import {
  isMonth,
  isPeriod,
  monthOf,
  periodBounds,
  periodEnded,
  periodOf,
  recentPeriods,
  shiftPeriod,
} from './period.js';

describe('half-year periods (Beijing time)', () => {
  it('puts an instant in its Beijing half-year, not its UTC one', () => {
    // 2026-06-30T16:30Z is 2026-07-01 00:30 in Beijing
    assert.equal(periodOf('2026-06-30T16:30:00.000Z'), '2026H2');
    assert.equal(periodOf('2026-06-30T15:59:59.000Z'), '2026H1');
    // 2026-12-31T16:00Z is 2027-01-01 00:00 in Beijing
    assert.equal(periodOf('2026-12-31T16:00:00.000Z'), '2027H1');
  });

  it('shifts across years both ways', () => {
    assert.equal(shiftPeriod('2026H2', 1), '2027H1');
    assert.equal(shiftPeriod('2026H1', -1), '2025H2');
    assert.equal(shiftPeriod('2026H1', -3), '2024H2');
    assert.equal(shiftPeriod('2026H2', 0), '2026H2');
    assert.throws(() => shiftPeriod('2026-07', 1));
  });

  it('lists the current half-year first', () => {
    assert.deepEqual(recentPeriods(Date.parse('2026-11-23T00:00:00Z'), 3), ['2026H2', '2026H1', '2025H2']);
  });

  it('bounds a half-year at Beijing midnight', () => {
    const { startMs, endMs } = periodBounds('2026H2');
    assert.equal(new Date(startMs).toISOString(), '2026-06-30T16:00:00.000Z');
    assert.equal(new Date(endMs).toISOString(), '2026-12-31T16:00:00.000Z');
    assert.equal(new Date(periodBounds('2026H1').endMs).toISOString(), '2026-06-30T16:00:00.000Z');
  });

  it('knows when a half-year has ended', () => {
    assert.equal(periodEnded('2026H1', Date.parse('2026-06-30T15:59:59.999Z')), false);
    assert.equal(periodEnded('2026H1', Date.parse('2026-06-30T16:00:00.000Z')), true);
    assert.equal(periodEnded('2026H2', Date.parse('2026-11-23T00:00:00Z')), false);
  });

  it('validates period and month text', () => {
    assert.equal(isPeriod('2026H2'), true);
    assert.equal(isPeriod('2026H3'), false);
    assert.equal(isMonth('2026-07'), true);
    assert.equal(isMonth('2026-13'), false);
    assert.equal(isMonth('2026-7'), false);
  });
});

describe('months (Beijing time)', () => {
  it('gives the Beijing month and shifts it across years', () => {
    const now = Date.parse('2026-12-31T16:30:00Z'); // 2027-01-01 00:30 Beijing
    assert.equal(monthOf(now), '2027-01');
    assert.equal(monthOf(now, -1), '2026-12');
    assert.equal(monthOf(Date.parse('2026-03-10T00:00:00Z'), -3), '2025-12');
  });
});
