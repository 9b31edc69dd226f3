import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { DEFAULT_COMPLAINT_WINDOW, WorkCalendar } from '../calendar/index.js';
import type { Actor, ComplaintRecord } from '../db/types.js';
import { computeScorecard } from '../rules/scorecard.js';
import { complaintUndecided, evaluateScorecard, type ScorecardFacts } from './evaluate.js';
import { certificatesValidOn, oneMonthBefore, periodWithinContract } from './renewal.js';
import { DEFAULT_PROGRAMME_SCORECARD_TABLES as T, validateProgrammeScorecardTables } from './tables.js';
import type { ScorecardInputsRecord } from './types.js';

const cal = new WorkCalendar();
const W = DEFAULT_COMPLAINT_WINDOW;
const actor: Actor = { type: 'user', id: 'u1', role: 'staff', name: '运营' };
const H = 3_600_000;

let seq = 0;
function complaint(
  kind: 'ordinary' | 'escalated',
  receivedAt: string,
  patch: Partial<ComplaintRecord> = {},
): ComplaintRecord {
  const received = new Date(receivedAt);
  seq++;
  return {
    id: `c${seq}`,
    no: `TS-20260803-${String(seq).padStart(4, '0')}`,
    programmeId: 'p',
    partnerId: 'x',
    kind,
    channel: kind === 'ordinary' ? 'hotline_10086' : 'miit',
    summary: '',
    receivedAt: received,
    dueAt: new Date(received.getTime() + 12 * H),
    provisional: false,
    calendarVersion: 'v',
    window: W,
    slaHours: 12,
    warningMinutes: [],
    status: 'open',
    replies: [],
    effectiveReplyAt: null,
    breachedAt: null,
    slaSettled: false,
    warningsSent: [],
    rev: 0,
    createdBy: 'u1',
    createdAt: received,
    updatedAt: received,
    ...patch,
  };
}

const inputs = (patch: Partial<ScorecardInputsRecord> = {}): ScorecardInputsRecord => ({
  id: 'x-2026H2',
  partnerId: 'x',
  programmeId: 'p',
  period: '2026H2',
  onboarding: { rating: 20, comment: '良好', actor, at: new Date('2026-07-10T02:00:00Z') },
  securityIncidents: [],
  successRates: [],
  closed: false,
  closedAt: null,
  ...patch,
});

const facts = (patch: Partial<ScorecardFacts>): ScorecardFacts => ({
  period: '2026H2',
  inputs: inputs(),
  complaints: [],
  flags: new Map(),
  now: new Date('2026-11-22T00:00:00Z'),
  ...patch,
});

const sumEntries = (ev: ReturnType<typeof evaluateScorecard>) =>
  Math.round(ev.entries.reduce((s, e) => s + e.points, T.complaintEfficiencyMax + T.escalatedMax) * 1000) / 1000;

describe('scorecard evaluation from stored facts', () => {
  it('FT-12a uses the stored dueAt: a reply at the due instant is on time, a missing reply after due is late', () => {
    const onTime = complaint('ordinary', '2026-08-03T02:00:00Z');
    onTime.effectiveReplyAt = onTime.dueAt;
    onTime.status = 'closed';
    const missing = complaint('ordinary', '2026-08-04T02:00:00Z');
    const ev = evaluateScorecard(facts({ complaints: [onTime, missing] }), T, W, cal);
    assert.equal(ev.result.detail.lateOrdinary, 1);
    assert.equal(ev.result.complaintEfficiency, 39.5);
    assert.deepEqual(
      ev.entries.filter((e) => e.component === 'complaintEfficiency').map((e) => e.source.id),
      [missing.id],
    );
    assert.deepEqual(ev.input.complaints[0], {
      kind: 'ordinary',
      receivedAt: onTime.receivedAt,
      effectiveReplyAt: onTime.dueAt,
      dueAt: onTime.dueAt,
    });
  });

  it('FT-12a an ordinary complaint not yet due, or with a timely reply awaiting confirmation, is pending and not scored', () => {
    const now = new Date('2026-11-22T00:00:00Z');
    const running = complaint('ordinary', new Date(now.getTime() - H).toISOString());
    const awaiting = complaint('ordinary', '2026-11-20T02:00:00Z', { status: 'replied' });
    awaiting.replies = [{ id: 'r', text: '已处理', at: awaiting.dueAt, by: 'p', verdict: 'pending' }];
    const lateReply = complaint('ordinary', '2026-11-19T02:00:00Z', { status: 'replied' });
    lateReply.replies = [
      { id: 'r', text: '已处理', at: new Date(lateReply.dueAt.getTime() + 1), by: 'p', verdict: 'pending' },
    ];
    assert.equal(complaintUndecided(running, now), true);
    assert.equal(complaintUndecided(awaiting, now), true);
    assert.equal(complaintUndecided(lateReply, now), false, 'a reply after due cannot make it on time');
    const ev = evaluateScorecard(facts({ complaints: [running, awaiting, lateReply], now }), T, W, cal);
    assert.deepEqual(
      ev.pending.map((p) => [p.complaintId, p.state]),
      [
        [running.id, 'running'],
        [awaiting.id, 'awaiting_confirmation'],
      ],
    );
    assert.equal(ev.input.complaints.length, 1);
    assert.equal(ev.result.detail.lateOrdinary, 1);
  });

  it('FT-12 escalated complaints count by their flags (default attributable, not malicious)', () => {
    const a = complaint('escalated', '2026-08-03T02:00:00Z');
    const b = complaint('escalated', '2026-08-04T02:00:00Z');
    const c = complaint('escalated', '2026-08-05T02:00:00Z');
    const flag = (id: string, attributable: boolean, malicious: boolean) =>
      [id, { complaintId: id, partnerId: 'x', attributable, malicious, reason: 'r', actor, at: new Date() }] as const;
    const ev = evaluateScorecard(
      facts({ complaints: [a, b, c], flags: new Map([flag(b.id, false, false), flag(c.id, true, true)]) }),
      T,
      W,
      cal,
    );
    assert.equal(ev.result.detail.countedEscalated, 1);
    assert.equal(ev.result.escalated, 29);
    assert.deepEqual(
      ev.entries.filter((e) => e.component === 'escalated').map((e) => e.source.id),
      [a.id],
    );
    assert.match(ev.entries.find((e) => e.component === 'escalated')!.reason, /工信部/);
  });

  it('FT-12a deductions: every incident and low month is an entry, the cap gives points back, entries add up to the total', () => {
    const incident = (id: string, level: 'I' | 'II', day: string) => ({
      id,
      level,
      description: '事件',
      occurredAt: new Date(day),
      actor,
      at: new Date(day),
    });
    const rate = (month: string, r: number) => ({ month, rate: r, actor, at: new Date() });
    const ev = evaluateScorecard(
      facts({
        inputs: inputs({
          securityIncidents: [
            incident('s1', 'I', '2026-08-01T00:00:00Z'),
            incident('s2', 'II', '2026-09-01T00:00:00Z'),
          ],
          successRates: [rate('2026-07', 0.998), rate('2026-08', 0.9991)],
        }),
      }),
      T,
      W,
      cal,
    );
    assert.equal(ev.result.detail.deductionsBeforeCap, 62);
    assert.equal(ev.result.deductions, 40);
    const deductions = ev.entries.filter((e) => e.component === 'deductions').map((e) => e.points);
    assert.deepEqual(
      deductions.sort((x, y) => x - y),
      [-40, -20, -2, 22],
    );
    assert.equal(ev.result.total, 50); // 20 + 40 + 30 − 40
    assert.equal(sumEntries(ev), ev.result.total);
    assert.equal(ev.components.find((c) => c.key === 'deductions')!.points, -40);
  });

  it('FT-12 the complaint-efficiency floor gives back what exceeds 40 points, so the entries still add up', () => {
    const late = Array.from({ length: 90 }, (_, i) =>
      complaint('ordinary', new Date(Date.parse('2026-08-01T02:00:00Z') + i * H).toISOString()),
    );
    const ev = evaluateScorecard(facts({ complaints: late }), T, W, cal);
    assert.equal(ev.result.complaintEfficiency, 0);
    assert.equal(sumEntries(ev), ev.result.total);
    assert.equal(ev.result.total, 50);
  });

  it('FT-12 the same input through computeScorecard gives the same result (one engine)', () => {
    const c = complaint('ordinary', '2026-08-03T02:00:00Z');
    const ev = evaluateScorecard(facts({ complaints: [c] }), T, W, cal);
    assert.deepEqual(computeScorecard(ev.input, T, W, cal), ev.result);
  });

  it('FT-12 an onboarding rating above a lowered onboardingMax counts as that maximum', () => {
    const tables = { ...T, onboardingMax: 20, complaintEfficiencyMax: 50 };
    const ev = evaluateScorecard(
      facts({ inputs: inputs({ onboarding: { rating: 28, comment: '', actor, at: new Date() } }) }),
      tables,
      W,
      cal,
    );
    assert.equal(ev.result.onboarding, 20);
  });

  it('FT-14 FT-15 programme tables: full, known fields only, whole working days, positive spike factor', () => {
    assert.deepEqual(validateProgrammeScorecardTables({ ...T }), []);
    const errors = validateProgrammeScorecardTables({
      ...T,
      rectificationWorkingDays: 2.5,
      spikeFactor: 0,
      colour: 'red',
    });
    assert.equal(errors.length, 3, errors.join('\n'));
    assert.ok(
      validateProgrammeScorecardTables({ ...T, securityIncidentPoints: { ...T.securityIncidentPoints, V: 1 } }).some(
        (e) => /V/.test(e),
      ),
    );
    const { spikeFactor: _drop, ...missing } = T;
    assert.ok(validateProgrammeScorecardTables(missing).some((e) => /spikeFactor/.test(e)));
  });
});

describe('FT-16 renewal calendar helpers', () => {
  it('FT-16 one month before is the same day of the previous month, clamped to its end', () => {
    assert.equal(oneMonthBefore('2027-03-31'), '2027-02-28');
    assert.equal(oneMonthBefore('2028-03-31'), '2028-02-29');
    assert.equal(oneMonthBefore('2027-01-15'), '2026-12-15');
    assert.equal(oneMonthBefore('2027-05-31'), '2027-04-30');
    assert.equal(oneMonthBefore('2027-07-01'), '2027-06-01');
    assert.throws(() => oneMonthBefore('2027-02-30'), RangeError);
  });

  it('FT-16 the scorecards counted are the half-years overlapping the contract days', () => {
    assert.equal(periodWithinContract('2025H1', '2025-03-01', '2027-02-28'), true);
    assert.equal(periodWithinContract('2024H2', '2025-01-01', '2027-02-28'), false);
    assert.equal(periodWithinContract('2024H2', '2024-12-31', '2027-02-28'), true);
    assert.equal(periodWithinContract('2027H1', '2025-01-01', '2026-12-31'), false);
  });

  it('FT-16 certificates: none is valid; valid through the review day inclusive', () => {
    assert.equal(certificatesValidOn(null, '2027-02-28'), true);
    assert.equal(certificatesValidOn('2027-02-28', '2027-02-28'), true);
    assert.equal(certificatesValidOn('2027-02-27', '2027-02-28'), false);
  });
});
