import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import fc from 'fast-check';
import {
  WorkCalendar,
  addWorkingTime,
  isWithinWindow,
  subtractWorkingTime,
  workingTimeBetween,
  type ComplaintWindow,
} from './index.js';

const cal = new WorkCalendar({
  overrides: [
    { date: '2026-03-07', workday: true },
    { date: '2026-03-10', workday: false },
  ],
});
const MIN = 60_000;
const DAY = 86_400_000;
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Random valid windows, including the whole day, a one-minute window and the default. */
const windowArb: fc.Arbitrary<ComplaintWindow> = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 0, max: 1439 }),
      fc.integer({ min: 1, max: 1440 }),
      fc.constantFrom('all' as const, 'workdays' as const),
    )
    .filter(([a, b]) => a < b)
    .map(([a, b, days]) => ({ start: hhmm(a), end: hhmm(b), days })),
  fc.constantFrom<ComplaintWindow>(
    { start: '00:00', end: '24:00', days: 'all' },
    { start: '00:00', end: '24:00', days: 'workdays' },
    { start: '08:00', end: '23:00', days: 'all' },
    { start: '08:00', end: '23:00', days: 'workdays' },
    { start: '23:59', end: '24:00', days: 'workdays' },
  ),
);
const lenOf = (w: ComplaintWindow) => {
  const p = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
  return (p(w.end) - p(w.start)) * MIN;
};
/** Instants from 2025 to 2028: covered years, the 2026/2027 edge and a provisional year. */
const instantArb = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }).map((t) => new Date(t));
/** A budget of up to `days` full window-days, in ms (sometimes whole minutes, sometimes exact multiples). */
const budgetArb = (w: ComplaintWindow, days: number) =>
  fc.oneof(
    fc.integer({ min: 0, max: Math.floor(lenOf(w) * days) }),
    fc.integer({ min: 0, max: days }).map((k) => k * lenOf(w)),
    fc.integer({ min: 0, max: Math.floor((lenOf(w) * days) / MIN) }).map((m) => m * MIN),
  );
const caseArb = (days: number) =>
  windowArb.chain((w) =>
    fc.record({ w: fc.constant(w), start: instantArb, ms: budgetArb(w, days), ms2: budgetArb(w, days) }),
  );

const add = (t: Date, ms: number, w: ComplaintWindow) => addWorkingTime(t, ms, w, cal).at;
const between = (a: Date, b: Date, w: ComplaintWindow) => workingTimeBetween(a, b, w, cal);
const RUNS = { numRuns: 400 };

describe('working-time properties (WT-3, WT-3a)', () => {
  it('WT-3a add(a) then add(b) equals add(a + b) from inside the window (b > 0)', () => {
    fc.assert(
      fc.property(caseArb(20), ({ w, start, ms, ms2 }) => {
        const s = add(start, 0, w); // the clock start: inside the window
        assert.ok(isWithinWindow(s, w, cal));
        const b = ms2 + 1; // a zero second step from a closing instant would move to the next opening
        assert.equal(add(add(s, ms, w), b, w).getTime(), add(s, ms + b, w).getTime());
      }),
      RUNS,
    );
  });

  it('WT-3a workingTimeBetween(start, addWorkingTime(start, ms)) === ms', () => {
    fc.assert(
      fc.property(caseArb(40), ({ w, start, ms }) => {
        const r = addWorkingTime(start, ms, w, cal);
        assert.ok(r.at.getTime() >= start.getTime());
        assert.equal(between(start, r.at, w), ms);
        // earliest: one millisecond earlier the budget is not reached yet (unless the clock just started)
        if (ms > 0) assert.equal(between(start, new Date(r.at.getTime() - 1), w), ms - 1);
      }),
      RUNS,
    );
  });

  it('WT-3a deadlines fall inside the window or exactly at its closing instant', () => {
    fc.assert(
      fc.property(caseArb(10), ({ w, start, ms }) => {
        const at = add(start, ms, w);
        if (isWithinWindow(at, w, cal)) return;
        assert.ok(ms > 0, 'a zero budget is due at the clock start, inside the window');
        // a closing instant: the millisecond just before it was open
        assert.equal(between(new Date(at.getTime() - 1), at, w), 1, `${at.toISOString()} is not a closing instant`);
      }),
      RUNS,
    );
  });

  it('WT-3a subtractWorkingTime is the latest instant with exactly ms of working time to end', () => {
    fc.assert(
      fc.property(caseArb(40), ({ w, start: end, ms }) => {
        const t = subtractWorkingTime(end, ms, w, cal);
        assert.ok(t.getTime() <= end.getTime());
        assert.equal(between(t, end, w), ms);
        if (t.getTime() < end.getTime()) assert.ok(between(new Date(t.getTime() + 1), end, w) < ms);
        // and forward again: adding ms from t reaches the same working-time position as end
        if (ms > 0) assert.equal(between(t, add(t, ms, w), w), ms);
      }),
      RUNS,
    );
  });

  it('WT-3 workingTimeBetween is additive and bounded by elapsed time', () => {
    fc.assert(
      fc.property(windowArb, instantArb, instantArb, instantArb, (w, x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime());
        assert.equal(between(a, c, w), between(a, b, w) + between(b, c, w));
        assert.ok(between(a, b, w) <= b.getTime() - a.getTime());
        assert.equal(between(c, a, w), 0);
      }),
      { numRuns: 150 },
    );
  });

  it('WT-3 addWorkingTime agrees with a minute-by-minute reference clock', () => {
    // Whole-minute starts and budgets: every minute is either fully open or fully closed.
    const arb = windowArb.chain((w) =>
      fc.record({
        w: fc.constant(w),
        start: fc
          .integer({ min: Date.UTC(2026, 8, 20) / MIN, max: Date.UTC(2027, 0, 10) / MIN })
          .map((m) => new Date(m * MIN)),
        minutes: fc.integer({ min: 1, max: Math.floor((3 * lenOf(w)) / MIN) }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ w, start, minutes }) => {
        let t = start.getTime();
        let left = minutes;
        let guard = 0;
        while (left > 0) {
          if (isWithinWindow(new Date(t), w, cal)) left--;
          t += MIN;
          assert.ok(++guard < 40 * 1440, 'reference clock ran away');
        }
        assert.equal(add(start, minutes * MIN, w).toISOString(), new Date(t).toISOString());
      }),
      { numRuns: 120 },
    );
  });

  it('WT-3 whole window-days skip to the same clock time', () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 1, max: 400 }), (start, k) => {
        const w: ComplaintWindow = { start: '08:00', end: '23:00', days: 'all' };
        const s = add(start, 0, w);
        const r = add(s, k * 15 * 3_600_000 + 1, w);
        assert.equal(r.getTime() - 1, s.getTime() + k * DAY);
      }),
      { numRuns: 200 },
    );
  });
});
