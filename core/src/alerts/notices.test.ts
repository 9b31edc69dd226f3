import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { exitDeadlineNotice } from '../exit/notices.js';
import type { ExitCaseRecord } from '../exit/repository.js';
import { slaNotice } from '../notify/index.js';
import { partnerStatusNotice } from '../scorecards/notices.js';
import { isUrgent } from './rules.js';

/** The notices other features build carry their programme and the kind that decides whether quiet hours hold them. */
describe('staff notices carry their programme and urgency class', () => {
  const now = new Date('2026-12-01T15:30:00Z');

  it('an SLA warning and breach name the complaint’s programme; the warning may be held, the breach never', () => {
    const c = { id: 'c1', no: 'TS-1', dueAt: now, slaHours: 12, kind: 'ordinary' as const, programmeId: 'p1' };
    const warn = slaNotice(c, '甲公司', 'warn-30', 30 * 60_000);
    const breach = slaNotice(c, '甲公司', 'breach', 0);
    assert.deepEqual([warn.programmeId, warn.kind, isUrgent(warn.kind)], ['p1', 'sla-warning', false]);
    assert.deepEqual([breach.programmeId, breach.kind, isUrgent(breach.kind)], ['p1', 'sla-breach', true]);
  });

  it('a suspension is urgent, a resumption is not; both name the partner’s programme', () => {
    const p = { id: 'pa', name: '甲公司', programmeId: 'p1' };
    const s = partnerStatusNotice(p, true, '投诉异常', 'r1', now);
    const r = partnerStatusNotice(p, false, '整改完成', 'r2', now);
    assert.deepEqual([s.programmeId, s.kind, isUrgent(s.kind)], ['p1', 'partner-suspended', true]);
    assert.deepEqual([r.programmeId, r.kind, isUrgent(r.kind)], ['p1', 'generic', false]);
  });

  it('an exit step overdue is urgent; its due-today warning (raised at 00:00) is not', () => {
    const c = {
      id: 'e1',
      programmeId: 'p2',
      partnerName: '乙公司',
      trigger: 'voluntary',
    } as unknown as ExitCaseRecord;
    const overdue = exitDeadlineNotice(c, 'approval', 'overdue', now);
    const warn = exitDeadlineNotice(c, 'approval', 'warn', now);
    assert.deepEqual([overdue.programmeId, overdue.kind, isUrgent(overdue.kind)], ['p2', 'exit-deadline', true]);
    assert.deepEqual([warn.kind, isUrgent(warn.kind)], ['exit-warning', false]);
  });
});
