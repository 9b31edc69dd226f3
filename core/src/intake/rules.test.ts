import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { WorkCalendar } from '../calendar/index.js';
import {
  DEFAULT_INTAKE_PRODUCTS,
  creditCodeCheckChar,
  creditCodeProblem,
  extensionType,
  intakeTimeline,
  isValidCreditCode,
  letterStatus,
  noRiskCancellation,
  panelOutcome,
  hardConflict,
  panelProblems,
  preReviewPassed,
  publicityEnd,
  rankAgainstQuota,
  registeredOverOneYear,
  sniffEvidence,
  unknownProducts,
  verdictProblems,
} from './rules.js';

const cal = new WorkCalendar();
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('intake rules', () => {
  it('FT-7 WT-2 batch: pre-review due at the end of the 3rd working day after the deadline day (over 国庆)', () => {
    const t = intakeTimeline({ mode: 'batch', closesOn: '2026-09-30' }, cal);
    assert.equal(t.reviewOn, '2026-09-30');
    // 10-01..10-07 holidays; 10-08 Thu, 10-09 Fri, 10-10 make-up Saturday
    assert.equal(iso(t.preReviewDueAt), '2026-10-10T15:59:59.999Z');
    assert.equal(t.evaluationDueAt, null);
    assert.equal(t.decisionDueAt, null);
  });

  it('FT-7 WT-5 monthly: before the 15th (Beijing) → this month, the 15th rolled to a working day', () => {
    const t = intakeTimeline({ mode: 'monthly', submittedAt: new Date('2026-03-14T20:00:00+08:00') }, cal);
    assert.equal(t.reviewOn, '2026-03-16'); // 15 March 2026 is a Sunday
    assert.equal(iso(t.preReviewDueAt), '2026-03-19T15:59:59.999Z');
    // 00:30 on the 15th in Beijing is still the 14th in UTC: next month
    const late = intakeTimeline({ mode: 'monthly', submittedAt: new Date('2026-03-14T16:30:00Z') }, cal);
    assert.equal(late.reviewOn, '2026-04-15');
    assert.equal(iso(late.preReviewDueAt), '2026-04-20T15:59:59.999Z');
    const december = intakeTimeline({ mode: 'monthly', submittedAt: new Date('2026-12-20T10:00:00+08:00') }, cal);
    assert.equal(december.reviewOn, '2027-01-15');
    assert.equal(december.provisional, true); // 2027 has no official data yet (WT-1)
  });

  it('FT-8 FT-9 evaluation due 3 working days after the pre-review day; decision at that month end', () => {
    const t = intakeTimeline(
      { mode: 'batch', closesOn: '2026-03-13', preReviewPassedAt: new Date('2026-03-18T10:00:00+08:00') },
      cal,
    );
    assert.equal(iso(t.evaluationDueAt), '2026-03-23T15:59:59.999Z');
    assert.equal(iso(t.decisionDueAt), '2026-03-31T15:59:59.999Z');
    // over 劳动节: 04-30, 05-06, 05-07 → the decision is due at the end of May
    const may = intakeTimeline(
      { mode: 'batch', closesOn: '2026-04-24', preReviewPassedAt: new Date('2026-04-29T18:00:00+08:00') },
      cal,
    );
    assert.equal(iso(may.evaluationDueAt), '2026-05-07T15:59:59.999Z');
    assert.equal(iso(may.decisionDueAt), '2026-05-31T15:59:59.999Z');
  });

  it('FT-2.1 credit code: GB 32100-2015 check digit on real codes; wrong digit, letters and length refused', () => {
    for (const code of ['9144030071526726XG', '91330100716105852F', '914403001922038216', '91110000710925462X'])
      assert.equal(creditCodeProblem(code), null, code);
    assert.equal(isValidCreditCode(' 91350100m000100y43 '), true);
    assert.equal(creditCodeCheckChar('91350100M000100Y4'), '3');
    assert.match(creditCodeProblem('9144030071526726XA')!, /校验位/);
    assert.match(creditCodeProblem('9144030071526726X')!, /18位/);
    assert.match(creditCodeProblem('9144030071526726IG')!, /18位/);
    assert.match(creditCodeProblem('0144030071526726XG')!, /类别/);
  });

  it('FT-2.1 registered more than one year before the submission date; the anniversary itself is not enough', () => {
    const at = new Date('2026-06-10T09:00:00+08:00');
    assert.equal(registeredOverOneYear('2025-06-09', at).passed, true);
    assert.equal(registeredOverOneYear('2025-06-10', at).passed, false);
    assert.equal(registeredOverOneYear('2026-01-01', at).passed, false);
  });

  it('FT-2.1 risk cancellation within three years blocks; older ones do not', () => {
    const at = new Date('2026-06-10T09:00:00+08:00');
    assert.equal(noRiskCancellation([{ at: new Date('2023-06-09T12:00:00+08:00'), reason: 'x' }], at).passed, true);
    const hit = noRiskCancellation([{ at: new Date('2024-01-01T12:00:00+08:00'), reason: '违规' }], at);
    assert.equal(hit.passed, false);
    assert.match(hit.reason, /违规/);
  });

  it('FT-2 FT-7 pre-review: a verdict per Annex 1 criterion; pass = every criterion met', () => {
    const all = ['c1', 'c2', 'c3', 'c4'].map((criterion) => ({ criterion, met: true }));
    assert.deepEqual(verdictProblems(all), []);
    assert.equal(preReviewPassed(all), true);
    assert.equal(preReviewPassed([...all.slice(0, 3), { criterion: 'c4', met: false }]), false);
    assert.ok(verdictProblems(all.slice(0, 3)).some((p) => p.includes('c4')));
    assert.ok(verdictProblems([...all, { criterion: 'c9', met: true }]).some((p) => p.includes('c9')));
  });

  it('FT-8 panel: ≥3 members, ≥3 teams (400), no pre-reviewer (409); quorum default all pass', () => {
    const m = (id: string, team: string) => ({ userId: id, name: id, team });
    assert.equal(panelProblems([m('a', 'T1'), m('b', 'T2')], undefined)?.code, 'invalid');
    assert.equal(panelProblems([m('a', 'T1'), m('b', 'T2'), m('c', 'T2')], undefined)?.code, 'invalid');
    assert.equal(panelProblems([m('a', 'T1'), m('b', 'T2'), m('c', 'T3')], 'b')?.code, 'conflict');
    assert.equal(panelProblems([m('a', 'T1'), m('b', 'T2'), m('c', 'T3')], 'x'), null);
    const ids = ['a', 'b', 'c'];
    assert.equal(panelOutcome(ids, [{ userId: 'a', pass: true }], { kind: 'all' }), 'pending');
    assert.equal(panelOutcome(ids, [{ userId: 'a', pass: false }], { kind: 'all' }), 'failed');
    const yes = ids.map((userId) => ({ userId, pass: true }));
    assert.equal(panelOutcome(ids, yes, { kind: 'all' }), 'passed');
    assert.equal(
      panelOutcome(
        ids,
        [
          { userId: 'a', pass: true },
          { userId: 'b', pass: true },
        ],
        { kind: 'min', minPass: 2 },
      ),
      'passed',
    );
  });

  it('FT-4 quota: over the quota a ranking is required and the first ranked are chosen', () => {
    assert.deepEqual(rankAgainstQuota(['a', 'b'], undefined, 3), { chosen: ['a', 'b'], overQuota: false });
    assert.ok('error' in rankAgainstQuota(['a', 'b', 'c'], undefined, 2));
    assert.ok('error' in rankAgainstQuota(['a', 'b', 'c'], ['a', 'b'], 2));
    assert.deepEqual(rankAgainstQuota(['a', 'b', 'c'], ['c', 'a', 'b'], 2), { chosen: ['c', 'a'], overQuota: true });
  });

  it('FT-9 公示: default 3 calendar days after the publication day; working-day unit follows WT-2', () => {
    const at = new Date('2026-09-29T15:00:00+08:00');
    assert.equal(publicityEnd(at, { days: 3, unit: 'calendar' }, cal).toISOString(), '2026-10-02T15:59:59.999Z');
    assert.equal(publicityEnd(at, { days: 3, unit: 'working' }, cal).toISOString(), '2026-10-09T15:59:59.999Z');
  });

  it('FT-11 FT-15 letter status: revoked > suspended > expired > valid', () => {
    const l = { validFrom: new Date('2026-01-01'), validTo: new Date('2026-12-31T15:59:59.999Z') };
    const now = new Date('2026-06-01');
    assert.equal(letterStatus(l, 'active', now), 'valid');
    assert.equal(letterStatus(l, 'suspended', now), 'suspended');
    assert.equal(letterStatus(l, 'exited', now), 'revoked');
    assert.equal(letterStatus({ ...l, revokedAt: now }, 'active', now), 'revoked');
    assert.equal(letterStatus(l, 'active', new Date('2027-01-01')), 'expired');
  });

  it('FT-1 products outside the programme product list are named; the default list is the five of seed 000', () => {
    assert.deepEqual([...DEFAULT_INTAKE_PRODUCTS], ['和包食堂', '融合支付解决方案', '预付卡', '积分', '商旅']);
    assert.deepEqual(unknownProducts(['和包食堂', '积分'], DEFAULT_INTAKE_PRODUCTS), []);
    assert.deepEqual(unknownProducts(['和包食堂', '理财'], DEFAULT_INTAKE_PRODUCTS), ['理财']);
    assert.deepEqual(unknownProducts(undefined, DEFAULT_INTAKE_PRODUCTS), []);
    assert.deepEqual(unknownProducts(['理财'], [...DEFAULT_INTAKE_PRODUCTS, '理财']), []);
  });

  it('evidence files are sniffed by magic bytes, not by name', () => {
    assert.equal(sniffEvidence(Buffer.from('%PDF-1.7\n')), 'pdf');
    assert.equal(sniffEvidence(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'jpg');
    assert.equal(sniffEvidence(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), 'png');
    assert.equal(sniffEvidence(Buffer.from('MZ....')), null);
    assert.equal(extensionType('营业执照.JPEG'), 'jpg');
    assert.equal(extensionType('a.exe'), null);
  });

  it('FT-8 hard conflict: affiliation credit code, company name (normalized) or contact phone (+86, separators)', () => {
    const app = {
      creditCode: '91330100716105852F',
      company: { name: '杭州测试科技有限公司', contacts: [{ phone: '138-0000-0000' }] },
    };
    assert.match(hardConflict({ creditCode: '91330100716105852f' }, app)!, /统一社会信用代码/);
    assert.match(hardConflict({ companyName: ' 杭州测试科技有限公司 ' }, app)!, /单位名称/);
    assert.match(hardConflict({ phone: '+86 13800000000' }, app)!, /联系电话/);
    assert.equal(hardConflict({ companyName: '别的公司', phone: '13900000000', creditCode: '' }, app), null);
    assert.equal(hardConflict(undefined, app), null);
  });
});
