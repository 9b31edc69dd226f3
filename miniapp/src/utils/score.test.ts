import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import {
  canSubmitPlan,
  componentPct,
  creditBreakdown,
  creditNextSteps,
  creditTrend,
  evidenceLines,
  fieldText,
  formatPoints,
  formatScore,
  latestSubmission,
  MIN_BAR_PCT,
  monthName,
  monthOptions,
  newestFirst,
  periodName,
  periodOptions,
  scaleChart,
  scorecardNextSteps,
  scorecardTrend,
  partnerStatusBanner,
} from './score.js';

const pts = (...values: number[]) => values.map((value, i) => ({ key: String(i), label: String(i), value }));

describe('score text', () => {
  it('formats scores and signed points to one decimal', () => {
    assert.equal(formatScore(72.5), '72.5');
    assert.equal(formatScore(70), '70');
    assert.equal(formatScore(69.96), '70');
    assert.equal(formatScore(-0), '0');
    assert.equal(formatPoints(5), '+5');
    assert.equal(formatPoints(-0.5), '-0.5');
    assert.equal(formatPoints(0), '0');
    assert.equal(formatPoints(-0), '0');
  });

  it('names half-years and months in Chinese', () => {
    assert.equal(periodName('2026H2'), '2026年下半年');
    assert.equal(periodName('2027H1'), '2027年上半年');
    assert.equal(periodName('bad'), 'bad');
    assert.equal(monthName('2026-07'), '2026年7月');
  });

  it('gives half-years and months as named chip options, in the order given', () => {
    assert.deepEqual(periodOptions(['2026H2', '2026H1']), [
      { value: '2026H2', label: '2026年下半年' },
      { value: '2026H1', label: '2026年上半年' },
    ]);
    assert.deepEqual(monthOptions(['2026-11']), [{ value: '2026-11', label: '2026年11月' }]);
  });
});

describe('trend chart scaling', () => {
  it('fits the axis to whole steps around the data and the reference line', () => {
    const chart = scaleChart(pts(70, 72, 75, 88), [{ label: 'A类线', value: 85 }]);
    assert.equal(chart.min, 60);
    assert.equal(chart.max, 100);
    assert.deepEqual(
      chart.bars.map((b) => b.pct),
      [25, 30, 37.5, 70],
    );
    assert.deepEqual(chart.lines, [{ label: 'A类线', value: 85, pct: 62.5 }]);
  });

  it('keeps the rectification line inside the plot when every score is above it', () => {
    const chart = scaleChart(pts(82.5, 91), [{ label: '整改线', value: 60 }]);
    assert.equal(chart.min, 50);
    assert.equal(chart.max, 100);
    assert.equal(chart.lines[0].pct, 20);
  });

  it('never leaves 0..100 and keeps a zero bar visible', () => {
    const zero = scaleChart(pts(0));
    assert.deepEqual([zero.min, zero.max], [0, 10]);
    assert.equal(zero.bars[0].pct, MIN_BAR_PCT);
    const full = scaleChart(pts(100, 100));
    assert.deepEqual([full.min, full.max], [90, 100]);
    assert.equal(full.bars[1].pct, 100);
  });

  it('shows only the last points and nothing for no data', () => {
    const chart = scaleChart(pts(...Array.from({ length: 14 }, (_, i) => 70 + i)), [], { limit: 12 });
    assert.equal(chart.bars.length, 12);
    assert.equal(chart.bars[0].value, 72);
    assert.deepEqual(scaleChart([]).bars, []);
  });

  it('builds the credit trend from closed months plus the open month, with the year where it changes', () => {
    const trend = creditTrend({
      months: [
        { month: '2026-12', score: 80 },
        { month: '2026-11', score: 75 },
      ],
      openMonth: '2027-01',
      score: 85,
    });
    assert.deepEqual(trend, [
      { key: '2026-11', label: '11月', sub: '2026', value: 75 },
      { key: '2026-12', label: '12月', value: 80 },
      { key: '2027-01', label: '1月', sub: '2027', value: 85, current: true },
    ]);
    // an open month already listed is not repeated
    assert.equal(creditTrend({ months: [{ month: '2026-11', score: 75 }], openMonth: '2026-11', score: 70 }).length, 1);
  });

  it('builds the scorecard trend over half-years, the open one marked current', () => {
    const trend = scorecardTrend({
      history: [
        { period: '2026H2', total: 58.5, status: 'open' },
        { period: '2026H1', total: 82, status: 'closed' },
      ],
    });
    assert.deepEqual(trend, [
      { key: '2026H1', label: '上半年', sub: '2026', value: 82 },
      { key: '2026H2', label: '下半年', sub: '2026', value: 58.5, current: true },
    ]);
  });

  it('sizes component bars against their maximum', () => {
    assert.equal(componentPct(26, 30), 86.7);
    assert.equal(componentPct(-12, 40), 30);
    assert.equal(componentPct(50, 40), 100);
    assert.equal(componentPct(5, 0), 0);
  });
});

describe('what the partner needs next', () => {
  it('MG-7 tells a credit partner how far A-class is', () => {
    const next = (over: object) => ({ toAClass: 0, aClassThreshold: 85, aClassReviewPending: false, ...over });
    assert.deepEqual(creditNextSteps({ aClass: false, next: next({ toAClass: 12.5 }) }), [
      { text: '距离A类还差 12.5 分（A类线 85 分）', tone: 'warn' },
    ]);
    assert.equal(
      creditNextSteps({ aClass: false, next: next({ aClassReviewPending: true }) })[0].text,
      '积分已达A类线 85 分，等待A类评审',
    );
    assert.equal(
      creditNextSteps({ aClass: false, next: next({}) })[0].text,
      '积分已达A类线 85 分，月末结账时进行A类评审',
    );
    assert.equal(creditNextSteps({ aClass: true, next: next({}) })[0].text, '已是A类渠道（A类线 85 分）');
    assert.equal(
      creditNextSteps({ aClass: false, next: { toAClass: 3, aClassReviewPending: false } })[0].text,
      '距离A类还差 3 分（A类线 85 分）',
    );
  });

  it('FT-14 tells a scorecard partner the distance to the rectification line', () => {
    const view = (d: number, status: 'open' | 'closed' = 'open') => ({
      status,
      next: { rectificationLine: 60, distanceToRectification: d },
    });
    assert.deepEqual(scorecardNextSteps(view(22.5)), [{ text: '距整改线 60 分还有 22.5 分', tone: 'good' }]);
    assert.equal(scorecardNextSteps(view(4))[0].tone, 'warn');
    assert.equal(scorecardNextSteps(view(0))[0].text, '正好在整改线 60 分，再扣分将需要整改');
    assert.deepEqual(scorecardNextSteps(view(-1.5, 'closed')), [
      { text: '已低于整改线 60 分（差 1.5 分），需要整改', tone: 'bad' },
    ]);
    assert.equal(scorecardNextSteps(view(-1.5))[0].text, '已低于整改线 60 分（差 1.5 分），期末仍低于整改线将需要整改');
  });

  it('FT-16 adds the renewal average once a half-year is closed', () => {
    const steps = scorecardNextSteps({
      status: 'open',
      next: { rectificationLine: 60, distanceToRectification: 20, renewalAverage: 78.25, renewalAverageThreshold: 80 },
    });
    assert.deepEqual(steps[1], { text: '已结算半年平均 78.3 分，续约要求不低于 80 分（未达到）', tone: 'bad' });
    const none = scorecardNextSteps({
      status: 'open',
      next: { rectificationLine: 60, distanceToRectification: 20, renewalAverage: null, renewalAverageThreshold: 80 },
    });
    assert.equal(none.length, 1);
  });
});

describe('rectification form', () => {
  it('reads evidence one per line', () => {
    assert.deepEqual(evidenceLines(' https://a.example/1 \r\n\n整改会议纪要\n  '), [
      'https://a.example/1',
      '整改会议纪要',
    ]);
    assert.deepEqual(evidenceLines(''), []);
  });

  it('finds the latest plan and whether the partner may still submit', () => {
    const s = (plan: string) => ({ plan, evidence: [], at: '2026-07-01T00:00:00.000Z' });
    assert.equal(latestSubmission({ submissions: [s('一'), s('二')] })?.plan, '二');
    assert.deepEqual(latestSubmission({ plan: '旧', evidence: ['x'] }), { plan: '旧', evidence: ['x'], at: '' });
    assert.equal(latestSubmission({ submissions: [] }), null);
    assert.equal(canSubmitPlan({ status: 'open' }), true);
    assert.equal(canSubmitPlan({ status: 'submitted' }), true);
    assert.equal(canSubmitPlan({ status: 'passed' }), false);
    assert.equal(canSubmitPlan({ status: 'failed' }), false);
  });
});

describe('ledger summaries', () => {
  it('MG-1 sums the credit ledger by kind in a fixed order', () => {
    assert.deepEqual(
      creditBreakdown([
        { kind: 'deduction', applied: -5 },
        { kind: 'initial', applied: 70 },
        { kind: 'bonus', applied: 2 },
        { kind: 'deduction', applied: -0.3 },
        { kind: 'deduction', applied: 0.3 },
      ]),
      [
        { kind: 'initial', points: 70 },
        { kind: 'bonus', points: 2 },
        { kind: 'deduction', points: -5 },
      ],
    );
  });

  it('lists entries newest first; at equal instants the later ledger entry first', () => {
    const list = [
      { id: 'a', at: '2026-07-01T00:00:00.000Z' },
      { id: 'b', at: '2026-08-01T00:00:00.000Z' },
      { id: 'c', at: '2026-07-01T00:00:00.000Z' },
    ];
    assert.deepEqual(
      newestFirst(list).map((e) => e.id),
      ['b', 'c', 'a'],
    );
  });
});

describe('form field messages', () => {
  it('turns the api validation messages into Chinese naming the field', () => {
    assert.equal(fieldText('reason must not be empty', '申诉理由'), '请填写申诉理由');
    assert.equal(
      fieldText('reason must be shorter than or equal to 1000 characters', '申诉理由'),
      '申诉理由不能超过 1000 字',
    );
    assert.equal(fieldText('evidence must contain no more than 20 elements', '佐证材料'), '佐证材料最多 20 条');
    assert.equal(fieldText('plan should not be empty', '整改方案'), '请填写整改方案');
    assert.equal(fieldText('something else', '整改方案'), 'something else');
    // issue #15: the api's Chinese messages leave the field's name out
    assert.equal(fieldText('不能为空（不能只含空格或不可见字符）', '申诉理由'), '请填写申诉理由');
    assert.equal(fieldText('不能超过 1000 个字符', '申诉理由'), '申诉理由不能超过 1000 个字符');
  });

  it('#18 an exited partner reads that it has exited on 我的评分', () => {
    assert.match(partnerStatusBanner('exited'), /已退出合作/);
    assert.match(partnerStatusBanner('exiting'), /退出申请正在办理中/);
    assert.equal(partnerStatusBanner('active'), '');
    assert.equal(partnerStatusBanner(null), '');
  });
});
