import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { startTestApi, type TestApi } from '../../../test/support.js';

describe('policy simulations (fixed contracts)', () => {
  let api: TestApi;
  let staff: string;
  before(async () => {
    api = await startTestApi({ HUOBAN_SEED_DEMO: 'true' });
    staff = await api.staffToken();
  });
  after(() => api.close());

  const contractBody = {
    period: '2026H2',
    onboarding: 27,
    complaints: [
      { kind: 'ordinary', receivedAt: '2026-08-03T22:00:00+08:00', effectiveReplyAt: '2026-08-04T19:00:00.001+08:00' },
      { kind: 'ordinary', receivedAt: '2026-08-05T10:00:00+08:00', effectiveReplyAt: '2026-08-05T22:00:00+08:00' },
      { kind: 'escalated', attributable: true, malicious: false },
      { kind: 'escalated', attributable: true, malicious: true },
    ],
    securityIncidents: [],
    successRates: [
      { month: '2026-07', rate: 0.9985 },
      { month: '2026-08', rate: 0.9995 },
    ],
  };

  it('FT-12 FT-12a scorecard simulate matches the contract example', async () => {
    const r = await api.call('POST', '/api/v1/scorecards/simulate', { token: staff, body: contractBody });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    // one late ordinary (reply 1 ms after due), one on time exactly at due; one counted escalated
    assert.deepEqual(r.body, {
      onboarding: 27,
      complaintEfficiency: 39.5,
      escalated: 29,
      deductions: 2,
      total: 93.5,
      rectificationRequired: false,
    });
  });

  it('FT-12 FT-14 scorecard simulate: security incidents cap deductions at 40 and a low total requires rectification', async () => {
    const r = await api.call('POST', '/api/v1/scorecards/simulate', {
      token: staff,
      body: { ...contractBody, onboarding: 10, securityIncidents: [{ level: 'I' }, { level: 'III' }] },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.deductions, 40);
    assert.equal(r.body.total, 38.5);
    assert.equal(r.body.rectificationRequired, true);
  });

  for (const [body, field] of [
    [{ ...contractBody, period: '2026H3' }, 'period'],
    [{ ...contractBody, onboarding: 31 }, 'onboarding'],
    [{ ...contractBody, complaints: [{ kind: 'weird' }] }, 'complaints\\[0\\].kind'],
    [
      { ...contractBody, complaints: [{ kind: 'ordinary', receivedAt: 'x', effectiveReplyAt: null }] },
      'complaints\\[0\\].receivedAt',
    ],
    [{ ...contractBody, securityIncidents: [{ level: 'V' }] }, 'securityIncidents\\[0\\].level'],
    [{ ...contractBody, successRates: [{ month: '2026-13', rate: 2 }] }, 'successRates\\[0\\]'],
  ] as const) {
    it(`FT-12 scorecard simulate rejects bad ${field} with 400`, async () => {
      const r = await api.call('POST', '/api/v1/scorecards/simulate', { token: staff, body });
      assert.equal(r.status, 400);
      assert.match(JSON.stringify([r.body.message, r.body.fields]), new RegExp(field));
    });
  }

  it('MG-1 MG-13 credit simulate follows the contract shape, one month per item, score at close', async () => {
    const r = await api.call('POST', '/api/v1/credit/simulate', {
      token: staff,
      body: {
        start: '2026-01',
        months: 12,
        channel: { tier: 'ordinary', joinedAt: '2025-06-01' },
        events: [
          { month: '2026-02', type: 'deduction', category: 'violation', points: 10 },
          { month: '2026-04', type: 'quarterRank', quarter: '2026Q1', rank: 3, of: 100 },
          { month: '2026-05', type: 'rerate', tier: 'cooperation' },
        ],
      },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const months = r.body.months as { month: string; score: number; aClass: boolean; entries: { applied: number }[] }[];
    assert.equal(months.length, 12);
    assert.deepEqual(months.map((m) => m.month).slice(0, 3), ['2026-01', '2026-02', '2026-03']);
    assert.equal(months[0].score, 70); // MG-2 ordinary initial
    assert.equal(months[1].score, 60); // −10 violation
    assert.equal(months[3].score, 60); // April: the ranking is made, not yet credited
    // May: MG-4 +5 for the April ranking (rank 3 of 100 is in the top 5%) and MG-5 +5 after three clean months
    assert.equal(months[4].score, 70);
    assert.equal(months[5].score, 75); // June: a 4th clean month recovers the rest of the pool (10 in all)
    assert.equal(months[6].score, 75); // pool exhausted: recovery stops
    // MG-1: the score is the sum of every applied delta so far
    let sum = 0;
    for (const m of months) {
      sum += m.entries.reduce((a, e) => a + e.applied, 0);
      assert.equal(Math.round(sum * 10) / 10, m.score, m.month);
    }
  });

  it('MG-13 credit simulate rejects bad input naming the field; partners may not simulate', async () => {
    const bad = await api.call('POST', '/api/v1/credit/simulate', {
      token: staff,
      body: { start: '2026-1', months: 0, channel: { tier: 'gold', joinedAt: '2025-06-01' }, events: [] },
    });
    assert.equal(bad.status, 400);
    const msg = JSON.stringify([bad.body.message, bad.body.fields]);
    assert.match(msg, /start/);
    assert.match(msg, /months/);
    assert.match(msg, /channel\.tier/);
    const partner = await api.partnerToken('P001');
    assert.equal((await api.call('POST', '/api/v1/credit/simulate', { token: partner, body: {} })).status, 403);
    assert.equal((await api.call('POST', '/api/v1/scorecards/simulate', { body: {} })).status, 401);
  });
});
