import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_COMPLAINT_WINDOW, WorkCalendar } from '../calendar/index.js';
import {
  complaintSpike,
  computeScorecard,
  DEFAULT_SCORECARD_TABLES as T,
  parsePeriod,
  periodOf,
  periodOfMonth,
  renewalRecommendation,
  validateScorecardTables,
  type ScorecardComplaint,
  type ScorecardInput,
  type ScorecardTables,
  type SecurityLevel,
} from './scorecard.js';

const cal = new WorkCalendar();
const W = DEFAULT_COMPLAINT_WINDOW;
const at = (iso: string) => new Date(iso);

/** A day inside 2026H2 (Asia/Shanghai), as an instant. */
const IN_H2 = '2026-08-03T02:00:00.000Z';

const late = (receivedAt = IN_H2): ScorecardComplaint => ({
  kind: 'ordinary',
  receivedAt: at(receivedAt),
  effectiveReplyAt: null,
});
const onTime = (receivedAt = IN_H2): ScorecardComplaint => ({
  kind: 'ordinary',
  receivedAt: at(receivedAt),
  effectiveReplyAt: at(receivedAt),
});
const escalated = (attributable = true, malicious = false, receivedAt?: string): ScorecardComplaint => ({
  kind: 'escalated',
  attributable,
  malicious,
  ...(receivedAt ? { receivedAt: at(receivedAt) } : {}),
});
const many = <X>(n: number, f: () => X): X[] => Array.from({ length: n }, f);

function score(fields: Partial<ScorecardInput>, tables: ScorecardTables = T) {
  const input: ScorecardInput = {
    period: '2026H2',
    onboarding: 30,
    complaints: [],
    securityIncidents: [],
    successRates: [],
    ...fields,
  };
  return computeScorecard(input, tables, W, cal);
}
const headline = (r: ReturnType<typeof score>) => ({
  onboarding: r.onboarding,
  complaintEfficiency: r.complaintEfficiency,
  escalated: r.escalated,
  deductions: r.deductions,
  total: r.total,
  rectificationRequired: r.rectificationRequired,
});

describe('scorecard tables', () => {
  it('FT-12 the default tables are valid and add up to 100 points', () => {
    assert.deepEqual(validateScorecardTables(T), []);
    assert.equal(T.onboardingMax + T.complaintEfficiencyMax + T.escalatedMax, 100);
  });

  it('FT-12 invalid tables are reported field by field', () => {
    assert.deepEqual(validateScorecardTables(null), ['tables: 须为对象']);
    const errors = validateScorecardTables({
      ...T,
      onboardingMax: 31,
      lateOrdinaryPoints: 0.25,
      slaHours: 0,
      successRateThreshold: 99.9,
      securityIncidentPoints: { I: 40, II: 20, III: -1 },
    });
    assert.ok(
      errors.some((e) =>
        e.startsWith('onboardingMax: onboardingMax、complaintEfficiencyMax、escalatedMax 之和须为 100'),
      ),
    );
    assert.ok(errors.some((e) => e.startsWith('lateOrdinaryPoints: ')));
    assert.ok(errors.some((e) => e.startsWith('slaHours: ')));
    assert.ok(errors.some((e) => e.startsWith('successRateThreshold: ')));
    assert.ok(errors.some((e) => e.startsWith('securityIncidentPoints.III: ')));
    assert.ok(errors.some((e) => e.startsWith('securityIncidentPoints.IV: ')));
    assert.equal(errors.length, 6, errors.join('\n'));
  });

  it('FT-12 edited tables are used instead of the defaults', () => {
    const tables = { ...T, lateOrdinaryPoints: 1, securityIncidentPoints: { ...T.securityIncidentPoints, IV: 3 } };
    const r = score({ complaints: [late()], securityIncidents: [{ level: 'IV' }] }, tables);
    assert.equal(r.complaintEfficiency, 39);
    assert.equal(r.deductions, 3);
    assert.throws(() => score({}, { ...T, deductionCap: -1 }), RangeError);
  });
});

describe('scorecard components', () => {
  it('FT-12 a clean half-year scores every component in full', () => {
    assert.deepEqual(headline(score({ complaints: [onTime(), escalated(false), escalated(true, true)] })), {
      onboarding: 30,
      complaintEfficiency: 40,
      escalated: 30,
      deductions: 0,
      total: 100,
      rectificationRequired: false,
    });
  });

  it('FT-12 −0.5 per ordinary complaint not answered within the SLA', () => {
    const r = score({ complaints: [late(), late(), late(), onTime()] });
    assert.equal(r.detail.lateOrdinary, 3);
    assert.equal(r.complaintEfficiency, 38.5);
    assert.equal(r.total, 98.5);
  });

  it('FT-12 complaint efficiency floors at 0', () => {
    assert.equal(score({ complaints: many(80, () => late()) }).complaintEfficiency, 0);
    const r = score({ complaints: many(95, () => late()) });
    assert.equal(r.complaintEfficiency, 0);
    assert.equal(r.detail.lateOrdinary, 95);
    assert.equal(r.total, 60);
  });

  it('FT-12 −1 per escalated complaint that is attributable and not malicious', () => {
    const r = score({ complaints: [escalated(), escalated(), escalated(false, false), escalated(true, true)] });
    assert.equal(r.detail.countedEscalated, 2);
    assert.equal(r.escalated, 28);
  });

  it('FT-12 escalated floors at 0', () => {
    const r = score({ complaints: many(45, () => escalated()) });
    assert.equal(r.escalated, 0);
    assert.equal(r.detail.countedEscalated, 45);
  });

  it('FT-12 onboarding is the staff rating, validated against its maximum', () => {
    assert.equal(score({ onboarding: 12.5 }).onboarding, 12.5);
    assert.equal(score({ onboarding: 0 }).total, 70);
    assert.throws(() => score({ onboarding: 30.1 }), /onboarding must be a number 0\.\.30/);
    assert.throws(() => score({ onboarding: -1 }), RangeError);
    assert.throws(() => score({ onboarding: Number.NaN }), RangeError);
  });

  it('FT-12 an invalid period or input is a RangeError', () => {
    assert.throws(() => score({ period: '2026H3' }), /period must be YYYYH1 or YYYYH2/);
    assert.throws(() => score({ period: '2026-H1' }), RangeError);
    assert.throws(
      () => score({ securityIncidents: [{ level: 'V' as SecurityLevel }] }),
      /securityIncidents\[0\]\.level/,
    );
    assert.throws(() => score({ successRates: [{ month: '2026-13', rate: 1 }] }), /successRates\[0\]\.month/);
    assert.throws(() => score({ successRates: [{ month: '2026-07', rate: 99.8 }] }), /successRates\[0\]\.rate/);
    assert.throws(() => score({ complaints: [late('not a date')] }), /complaints\[0\]\.receivedAt/);
  });

  it('FT-12 the total floors at 0', () => {
    const r = score({
      onboarding: 0,
      complaints: [...many(80, () => late()), ...many(30, () => escalated())],
      securityIncidents: [{ level: 'I' }],
    });
    assert.deepEqual(headline(r), {
      onboarding: 0,
      complaintEfficiency: 0,
      escalated: 0,
      deductions: 40,
      total: 0,
      rectificationRequired: true,
    });
  });
});

describe('scorecard arithmetic', () => {
  it('FT-12a the contract example: 2026H2, 27 onboarding, one late, one escalated, July at 99.85%', () => {
    const r = score({
      onboarding: 27,
      complaints: [late(), escalated()],
      successRates: [{ month: '2026-07', rate: 0.9985 }],
    });
    assert.deepEqual(headline(r), {
      onboarding: 27,
      complaintEfficiency: 39.5,
      escalated: 29,
      deductions: 2,
      total: 93.5,
      rectificationRequired: false,
    });
    assert.deepEqual(r.detail, {
      lateOrdinary: 1,
      countedEscalated: 1,
      securityPoints: 0,
      successRatePoints: 2,
      lowMonths: ['2026-07'],
      deductionsBeforeCap: 2,
      excluded: 0,
    });
  });

  it('FT-12a half-years are Jan–Jun and Jul–Dec in Asia/Shanghai', () => {
    assert.equal(periodOf(at('2026-06-30T16:30:00Z')), '2026H2');
    assert.equal(periodOf(at('2026-06-30T15:59:59.999Z')), '2026H1');
    assert.equal(periodOf(at('2025-12-31T16:00:00Z')), '2026H1');
    assert.equal(periodOf(at('2025-12-31T15:59:59.999Z')), '2025H2');
    assert.deepEqual(['2026-01', '2026-06', '2026-07', '2026-12'].map(periodOfMonth), [
      '2026H1',
      '2026H1',
      '2026H2',
      '2026H2',
    ]);
    const h2 = parsePeriod('2026H2');
    assert.ok(h2);
    assert.equal(h2.year, 2026);
    assert.equal(h2.half, 2);
    assert.equal(h2.start.toISOString(), '2026-06-30T16:00:00.000Z');
    assert.equal(h2.end.toISOString(), '2026-12-31T16:00:00.000Z');
    assert.deepEqual(h2.months, ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    assert.deepEqual(parsePeriod('2026H1')?.months, ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    assert.equal(parsePeriod('2026H1')?.end.toISOString(), '2026-06-30T16:00:00.000Z');
    for (const bad of ['2026H0', '2026H3', '26H1', '2026h1', ' 2026H1', '2026H12', ''])
      assert.equal(parsePeriod(bad), null, bad);
  });

  it('FT-12a a complaint counts in the half-year in which it was received (2026-06-30T16:30Z is H2)', () => {
    const complaints = [
      late('2026-06-30T16:30:00Z'),
      late('2026-06-30T15:59:59.999Z'),
      escalated(true, false, '2026-06-30T16:30:00Z'),
    ];
    const h2 = score({ complaints });
    assert.equal(h2.detail.lateOrdinary, 1);
    assert.equal(h2.detail.countedEscalated, 1);
    assert.equal(h2.detail.excluded, 1);
    const h1 = score({ period: '2026H1', complaints });
    assert.equal(h1.detail.lateOrdinary, 1);
    assert.equal(h1.detail.countedEscalated, 0);
    assert.equal(h1.detail.excluded, 2);
    assert.equal(score({ complaints: [late('2026-12-31T16:00:00Z')] }).detail.excluded, 1);
  });

  it('FT-12a an escalated complaint without a receipt date counts in the period scored', () => {
    const r = score({ period: '2027H1', complaints: [escalated()] });
    assert.equal(r.detail.countedEscalated, 1);
    assert.equal(r.detail.excluded, 0);
  });

  it('FT-12a a reply exactly at the stored due instant is on time, 1 ms later is late, none is late', () => {
    const receivedAt = at(IN_H2);
    const dueAt = at('2026-08-03T14:00:00.000Z');
    const reply = (ms: number | null): ScorecardComplaint => ({
      kind: 'ordinary',
      receivedAt,
      dueAt,
      effectiveReplyAt: ms === null ? null : new Date(dueAt.getTime() + ms),
    });
    assert.equal(score({ complaints: [reply(0)] }).detail.lateOrdinary, 0);
    assert.equal(score({ complaints: [reply(-60_000)] }).detail.lateOrdinary, 0);
    assert.equal(score({ complaints: [reply(1)] }).detail.lateOrdinary, 1);
    assert.equal(score({ complaints: [reply(null)] }).detail.lateOrdinary, 1);
  });

  it('FT-12a without a stored due instant the WT-4 deadline is used (22:00 → 19:00 next day)', () => {
    const receivedAt = at('2026-08-03T14:00:00.000Z'); // 22:00 Shanghai
    const due = at('2026-08-04T11:00:00.000Z'); // 19:00 Shanghai the next day
    const reply = (t: Date | null): ScorecardComplaint => ({ kind: 'ordinary', receivedAt, effectiveReplyAt: t });
    assert.equal(score({ complaints: [reply(due)] }).detail.lateOrdinary, 0);
    assert.equal(score({ complaints: [reply(new Date(due.getTime() + 1))] }).detail.lateOrdinary, 1);
    assert.equal(score({ complaints: [reply(null)] }).detail.lateOrdinary, 1);
    // the stored due instant wins over the computed one
    const stored: ScorecardComplaint = {
      kind: 'ordinary',
      receivedAt,
      dueAt: new Date(due.getTime() - 1),
      effectiveReplyAt: due,
    };
    assert.equal(score({ complaints: [stored] }).detail.lateOrdinary, 1);
  });

  it('FT-12a default deductions: security I 40, II 20, III 10, IV 5; 2 per low month of the period', () => {
    const points = (level: SecurityLevel) => score({ securityIncidents: [{ level }] }).deductions;
    assert.deepEqual([points('I'), points('II'), points('III'), points('IV')], [40, 20, 10, 5]);
    const r = score({
      securityIncidents: [{ level: 'III' }, { level: 'IV' }],
      successRates: [
        { month: '2026-09', rate: 0.99 },
        { month: '2026-07', rate: 0.9989 },
        { month: '2026-07', rate: 0.5 }, // the same month again counts once
        { month: '2026-08', rate: 0.999 }, // at the threshold: not low
        { month: '2026-10', rate: 1 },
        { month: '2026-06', rate: 0.9 }, // outside 2026H2: ignored
        { month: '2027-01', rate: 0.9 },
      ],
    });
    assert.deepEqual(r.detail.lowMonths, ['2026-07', '2026-09']);
    assert.equal(r.detail.successRatePoints, 4);
    assert.equal(r.detail.securityPoints, 15);
    assert.equal(r.deductions, 19);
    assert.equal(r.total, 81);
  });

  it('FT-12a deductions are capped at 40', () => {
    const r = score({
      securityIncidents: [{ level: 'I' }, { level: 'IV' }],
      successRates: [{ month: '2026-12', rate: 0.9 }],
    });
    assert.equal(r.detail.deductionsBeforeCap, 47);
    assert.equal(r.deductions, 40);
    assert.equal(r.total, 60);
    const six = score({ successRates: parsePeriod('2026H2')!.months.map((month) => ({ month, rate: 0.99 })) });
    assert.equal(six.deductions, 12);
  });

  it('FT-12a the total is kept to one decimal, rounded half up, without float drift', () => {
    assert.equal(score({ onboarding: 27.25 }).total, 97.3);
    assert.equal(score({ onboarding: 27.24 }).total, 97.2);
    assert.equal(score({ onboarding: 0.05, complaints: many(80, () => late()) }).total, 30.1);
    // 0.1 + 0.2 style drift: 3 late (1.5) from 40, onboarding 0.3, one IV
    const r = score({ onboarding: 0.3, complaints: many(3, () => late()), securityIncidents: [{ level: 'IV' }] });
    assert.equal(r.total, 63.8);
    assert.equal(score({ onboarding: 29.95, securityIncidents: [{ level: 'I' }] }).total, 60);
  });
});

describe('rectification', () => {
  it('FT-14 a total of 59.9 requires rectification, 60 does not', () => {
    const r = score({ onboarding: 29.9, securityIncidents: [{ level: 'I' }] });
    assert.equal(r.total, 59.9);
    assert.equal(r.rectificationRequired, true);
    const ok = score({ onboarding: 30, securityIncidents: [{ level: 'I' }] });
    assert.equal(ok.total, 60);
    assert.equal(ok.rectificationRequired, false);
    assert.equal(
      score({ onboarding: 29.9, securityIncidents: [{ level: 'I' }] }, { ...T, rectificationThreshold: 59.9 })
        .rectificationRequired,
      false,
    );
  });
});

describe('complaint spike', () => {
  it('FT-15 a spike is more than 3× the weekly average of the 4 weeks before', () => {
    assert.equal(complaintSpike({ last7Days: 7, previous4Weeks: [2, 2, 2, 2] }), true);
    assert.equal(complaintSpike({ last7Days: 6, previous4Weeks: [2, 2, 2, 2] }), false);
    assert.equal(complaintSpike({ last7Days: 10, previous4Weeks: [1, 5, 3, 3] }), true);
    assert.equal(complaintSpike({ last7Days: 9, previous4Weeks: [1, 5, 3, 3] }), false);
    assert.equal(complaintSpike({ last7Days: 7, previous4Weeks: [2, 2, 2, 2] }, 4), false);
    assert.equal(complaintSpike({ last7Days: 9, previous4Weeks: [2, 2, 2, 2] }, 4), true);
  });

  it('FT-15 after quiet weeks the average counts as one a week (average 0: more than 3 is a spike)', () => {
    assert.equal(complaintSpike({ last7Days: 0, previous4Weeks: [0, 0, 0, 0] }), false);
    assert.equal(complaintSpike({ last7Days: 3, previous4Weeks: [0, 0, 0, 0] }), false);
    assert.equal(complaintSpike({ last7Days: 4, previous4Weeks: [0, 0, 0, 0] }), true);
    assert.equal(complaintSpike({ last7Days: 3, previous4Weeks: [1, 0, 0, 0] }), false);
    // the literal rule on request
    assert.equal(complaintSpike({ last7Days: 1, previous4Weeks: [0, 0, 0, 0] }, 3, 0), true);
    assert.equal(complaintSpike({ last7Days: 0, previous4Weeks: [0, 0, 0, 0] }, 3, 0), false);
  });

  it('FT-15 invalid counts or factor are a RangeError', () => {
    assert.throws(() => complaintSpike({ last7Days: -1, previous4Weeks: [0, 0, 0, 0] }), RangeError);
    assert.throws(() => complaintSpike({ last7Days: 1, previous4Weeks: [] }), RangeError);
    assert.throws(() => complaintSpike({ last7Days: 1, previous4Weeks: [1, Number.NaN, 1, 1] }), RangeError);
    assert.throws(() => complaintSpike({ last7Days: 1, previous4Weeks: [1, 1, 1, 1] }, 0), RangeError);
  });

  it('FT-15 more complaints this week never clear a spike; more before never create one', () => {
    const week = fc.integer({ min: 0, max: 50 });
    fc.assert(
      fc.property(
        week,
        fc.array(week, { minLength: 4, maxLength: 4 }),
        fc.nat(10),
        fc.nat(3),
        (last, prev, more, i) => {
          const base = complaintSpike({ last7Days: last, previous4Weeks: prev });
          if (base) assert.equal(complaintSpike({ last7Days: last + more, previous4Weeks: prev }), true);
          const quieter = prev.map((w, j) => (j === i ? w + more : w));
          if (!base) assert.equal(complaintSpike({ last7Days: last, previous4Weeks: quieter }), false);
        },
      ),
    );
  });
});

describe('renewal review', () => {
  const renew = (scores: number[], certificatesValid = true, meetsQualification = true) =>
    renewalRecommendation({ scores, certificatesValid, meetsQualification }, T);

  it('FT-16 renew when the average is at least 80, certificates valid and FT-2 still met', () => {
    assert.deepEqual(renew([85, 75]), { renew: true, average: 80, reasons: [] });
    assert.deepEqual(renew([79.9, 80.1]), { renew: true, average: 80, reasons: [] });
    assert.deepEqual(renew([93.5]), { renew: true, average: 93.5, reasons: [] });
  });

  it('FT-16 an average below 80 is refused with the reason', () => {
    const r = renew([80, 79.9]);
    assert.equal(r.renew, false);
    assert.equal(r.average, 79.95);
    assert.deepEqual(r.reasons, ['半年度考核平均分 79.95 分，低于续约要求的 80 分']);
    assert.deepEqual(renew([79.999]).reasons, ['半年度考核平均分 79.99 分，低于续约要求的 80 分']);
  });

  it('FT-16 expired certificates or lost qualification block renewal', () => {
    assert.deepEqual(renew([90], false), { renew: false, average: 90, reasons: ['特殊资质证书已过期或失效'] });
    assert.deepEqual(renew([90], true, false), {
      renew: false,
      average: 90,
      reasons: ['已不再符合服务商引入资质条件（附件1）'],
    });
    assert.equal(renew([50], false, false).reasons.length, 3);
  });

  it('FT-16 without scorecards there is no average and no renewal', () => {
    assert.deepEqual(renew([]), {
      renew: false,
      average: null,
      reasons: ['合作期内没有半年度考核得分，无法计算平均分'],
    });
    assert.throws(() => renew([101]), RangeError);
  });
});

describe('scorecard properties', () => {
  const level = fc.constantFrom<SecurityLevel>('I', 'II', 'III', 'IV');
  const month = fc.constantFrom('2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01');
  const inputArb = fc.record({
    onboarding: fc.integer({ min: 0, max: 3000 }).map((n) => n / 100),
    late: fc.nat(100),
    onTime: fc.nat(5),
    escalated: fc.array(fc.record({ attributable: fc.boolean(), malicious: fc.boolean() }), { maxLength: 40 }),
    securityIncidents: fc.array(
      level.map((l) => ({ level: l })),
      { maxLength: 4 },
    ),
    successRates: fc.array(fc.record({ month, rate: fc.double({ min: 0.99, max: 1, noNaN: true }) }), {
      maxLength: 10,
    }),
  });
  type Generated = typeof inputArb extends fc.Arbitrary<infer X> ? X : never;
  const toInput = (v: Generated): Partial<ScorecardInput> => ({
    onboarding: v.onboarding,
    complaints: [
      ...many(v.late, () => late()),
      ...many(v.onTime, () => onTime()),
      ...v.escalated.map((e) => escalated(e.attributable, e.malicious)),
    ],
    securityIncidents: v.securityIncidents,
    successRates: v.successRates,
  });

  it('FT-12a the total is always within 0..100, one decimal, and the components add up', () => {
    fc.assert(
      fc.property(inputArb, (v) => {
        const r = score(toInput(v));
        assert.ok(r.total >= 0 && r.total <= 100, String(r.total));
        assert.equal(Math.round(r.total * 10) / 10, r.total);
        assert.ok(r.complaintEfficiency >= 0 && r.escalated >= 0 && r.deductions >= 0 && r.deductions <= 40);
        const raw = r.onboarding + r.complaintEfficiency + r.escalated - r.deductions;
        assert.ok(Math.abs(r.total - Math.max(0, raw)) <= 0.05 + 1e-9, `${r.total} vs ${raw}`);
        assert.equal(r.rectificationRequired, r.total < 60);
      }),
    );
  });

  it('FT-12 adding a late complaint, escalated complaint or incident never raises the total', () => {
    fc.assert(
      fc.property(inputArb, level, (v, l) => {
        const base = score(toInput(v)).total;
        const withLate = toInput({ ...v, late: v.late + 1 });
        assert.ok(score(withLate).total <= base);
        const withEscalated = toInput({ ...v, escalated: [...v.escalated, { attributable: true, malicious: false }] });
        assert.ok(score(withEscalated).total <= base);
        const withIncident = toInput({ ...v, securityIncidents: [...v.securityIncidents, { level: l }] });
        assert.ok(score(withIncident).total <= base);
      }),
    );
  });
});
