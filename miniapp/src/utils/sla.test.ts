import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { hoursText, shareText, slaTrend, workingLeftText } from './sla.js';

const figures = { complaints: 4, withinSla: 3, late: 1, open: 0, medianWorkingMsToReply: null, escalated: 0 };

describe('staff SLA page helpers', () => {
  it('FT-12a share within SLA and median hours as text', () => {
    assert.equal(shareText(0.875), '87.5%');
    assert.equal(shareText(1), '100%');
    assert.equal(shareText(null), '—');
    assert.equal(hoursText(5_400_000), '1.5 小时');
    assert.equal(hoursText(null), '—');
  });

  it('WT-4 working time left reads as hours and minutes, zero as 已到期', () => {
    assert.equal(workingLeftText(3 * 3_600_000 + 12 * 60_000), '工作时间剩余 3小时12分');
    assert.equal(workingLeftText(0), '已到期');
  });

  it('FT-12a the trend has one bar per decided month, in percent, the current month marked', () => {
    const points = slaTrend(
      {
        months: [
          { month: '2026-07', ...figures, shareWithinSla: 0.75 },
          { month: '2026-08', ...figures, complaints: 0, shareWithinSla: null },
          { month: '2026-09', ...figures, shareWithinSla: 1 },
        ],
      },
      '2026-09',
    );
    assert.deepEqual(
      points.map((p) => [p.key, p.label, p.value, Boolean(p.current)]),
      [
        ['2026-07', '7月', 75, false],
        ['2026-09', '9月', 100, true],
      ],
    );
  });
});
