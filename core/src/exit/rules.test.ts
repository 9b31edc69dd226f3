import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { WorkCalendar } from '../calendar/index.js';
import {
  addMonthsClamped,
  canMoveExit,
  exitStages,
  exitTimeline,
  exitTimelineJson,
  nextExitDue,
  noCustomersCheck,
} from './rules.js';

const cal = new WorkCalendar();

describe('exit rules (FT-17, FT-18, WT-2)', () => {
  it('FT-17.3 earliest end date: 3 calendar months, the day clamped to the month end', () => {
    assert.equal(addMonthsClamped('2026-11-30', 3), '2027-02-28');
    assert.equal(addMonthsClamped('2027-11-30', 3), '2028-02-29');
    assert.equal(addMonthsClamped('2026-03-31', 3), '2026-06-30');
    assert.equal(addMonthsClamped('2026-01-15', 3), '2026-04-15');
    assert.equal(addMonthsClamped('2026-10-31', 3), '2027-01-31');
  });

  it('FT-17.3 the Beijing date counts: 2026-11-29T17:00Z is already 30 November in Beijing', () => {
    const t = exitTimeline({ appliedAt: new Date('2026-11-29T17:00:00Z') }, cal);
    assert.equal(t.earliestEndOn, '2027-02-28');
  });

  it('FT-18 WT-2 approval starts by the end of the 3rd working day after the application day', () => {
    // Friday 2026-09-25 → Mon 28, Tue 29, Wed 30
    const t = exitTimeline({ appliedAt: new Date('2026-09-25T10:00:00+08:00') }, cal);
    assert.equal(t.approvalStartDueAt.toISOString(), '2026-09-30T15:59:59.999Z');
    assert.equal(t.approvalDueAt, null);
    assert.equal(t.terminationDueAt, null);
    assert.equal(t.provisional, false);
  });

  it('FT-18 WT-2 approval completes within 30 working days of the cleared day (Dragon Boat 2026 skipped)', () => {
    const t = exitTimeline(
      { appliedAt: new Date('2026-05-28T10:00:00+08:00'), clearedAt: new Date('2026-06-01T23:30:00+08:00') },
      cal,
    );
    assert.equal(t.approvalDueAt!.toISOString(), '2026-07-14T15:59:59.999Z');
  });

  it('FT-18 WT-2 termination within 5 working days of approval, across the National Day holiday', () => {
    const t = exitTimeline(
      {
        appliedAt: new Date('2026-08-03T10:00:00+08:00'),
        clearedAt: new Date('2026-08-04T10:00:00+08:00'),
        approvedAt: new Date('2026-09-25T16:00:00+08:00'),
      },
      cal,
    );
    assert.equal(t.terminationDueAt!.toISOString(), '2026-10-09T15:59:59.999Z');
    assert.deepEqual(Object.keys(exitTimelineJson(t)), [
      'earliestEndOn',
      'approvalStartDueAt',
      'approvalDueAt',
      'terminationDueAt',
    ]);
  });

  it('FT-18 flow: requested → precheck → approval → approved → terminated; closed states move nowhere', () => {
    assert.ok(canMoveExit('requested', 'precheck'));
    assert.ok(canMoveExit('precheck', 'approval'));
    assert.ok(canMoveExit('approval', 'approved'));
    assert.ok(canMoveExit('approved', 'terminated'));
    assert.ok(!canMoveExit('approved', 'withdrawn'));
    assert.ok(!canMoveExit('precheck', 'approved'));
    for (const s of ['rejected', 'withdrawn', 'terminated'] as const) assert.ok(!canMoveExit(s, 'approval'));
  });

  it('FT-18 stages: met when done by the due instant; the next due is the earliest pending one', () => {
    const base = {
      status: 'approval' as const,
      approvalStartDueAt: new Date('2026-09-30T15:59:59.999Z'),
      approvalDueAt: new Date('2026-11-10T15:59:59.999Z'),
      terminationDueAt: null,
      approvalStartedAt: new Date('2026-10-08T02:00:00Z'),
      decidedAt: null,
      terminatedAt: null,
    };
    const stages = exitStages(base);
    assert.equal(stages[0].met, false);
    assert.equal(stages[1].met, null);
    assert.deepEqual(nextExitDue(base), { stage: 'approval', dueAt: base.approvalDueAt });
  });

  it('FT-17.1 zero customers six months after signing; a month without an import is missing, not zero', () => {
    const six = new Map<string, number | null>([
      ['2026-01', 0],
      ['2026-02', 0],
      ['2026-03', 0],
      ['2026-04', 0],
      ['2026-05', 0],
      ['2026-06', 0],
    ]);
    assert.equal(noCustomersCheck('2026-01-10', '2026-07-09', six).triggered, false, 'not yet six months');
    const r = noCustomersCheck('2026-01-10', '2026-07-10', six);
    assert.deepEqual([r.due, r.triggered, r.total, r.missing], [true, true, 0, []]);
    const gap = new Map(six);
    gap.delete('2026-04');
    const g = noCustomersCheck('2026-01-10', '2026-08-01', gap);
    assert.deepEqual([g.triggered, g.missing], [false, ['2026-04']]);
    const some = new Map(six).set('2026-03', 2);
    assert.equal(noCustomersCheck('2026-01-10', '2026-08-01', some).triggered, false);
  });
});
