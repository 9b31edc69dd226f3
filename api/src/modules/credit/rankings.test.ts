/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { creditMonthOf } from '@huoban/core';
import { startTestApi, type TestApi } from '../../../test/support.js';

describe('MG-4 quarter ranking from imported revenue', () => {
  let api: TestApi;
  let staff: string;
  let programmeId: string;
  const partners: Record<'a' | 'b' | 'c', { id: string; code: string; token: string }> = {} as any;
  const rank = (quarter: string, pid = programmeId, token = staff) =>
    api.call('POST', `/api/v1/credit/quarters/${quarter}/rankings?programmeId=${pid}`, { token });
  const events = async (partnerId: string) =>
    (await api.call('GET', `/api/v1/credit/accounts/${partnerId}/events?month=2026-10`, { token: staff })).body.items;

  before(async () => {
    api = await startTestApi();
    staff = await api.staffToken();
    const programme = await api.call('POST', '/api/v1/programmes', {
      token: staff,
      body: {
        code: `rank-${randomBytes(3).toString('hex')}`,
        name: '咪咕渠道合作',
        rulebook: 'credit',
        complaintWindow: { start: '08:00', end: '23:00', days: 'all' },
        slaHours: 12,
        warningMinutes: [120],
      },
    });
    programmeId = programme.body.id;
    for (const k of ['a', 'b', 'c'] as const) {
      const code = `R${randomBytes(3).toString('hex')}`;
      const p = await api.call('POST', '/api/v1/partners', {
        token: staff,
        body: { code, name: `${k}渠道有限公司`, programmeId },
      });
      const opened = await api.call('POST', '/api/v1/credit/accounts', {
        token: staff,
        body: { partnerId: p.body.id, tier: 'ordinary', joinedAt: '2025-06-01', firstMonth: '2026-01' },
      });
      assert.equal(opened.status, 201, JSON.stringify(opened.body));
      partners[k] = { id: p.body.id, code, token: await api.partnerToken(code) };
    }
    const { a, b, c } = partners;
    const csv = [
      '伙伴编码,月份,结算前收入',
      ...['2026-07', '2026-08', '2026-09'].flatMap((m) => [`${a.code},${m},300`, `${c.code},${m},300.00`]),
      `${b.code},2026-07,500`,
      `${b.code},2026-06,99999`, // outside the quarter
    ].join('\n');
    const form = new FormData();
    form.set('programmeId', programmeId);
    form.set('file', new Blob([csv]), 'q3.csv');
    const up = await fetch(`${api.url}/api/v1/metrics/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}` },
      body: form,
    });
    assert.equal(up.status, 202, 'accepted and committed: its figures count from now on');
  });

  after(() => api.close());

  it('MG-4 channels are ranked by the quarter’s summed revenue (ties share a rank) and each quarterRank is registered in the evaluation month', async () => {
    const r = await rank('2026Q3');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual([r.body.evaluationMonth, r.body.of], ['2026-10', 3]);
    const line = (k: 'a' | 'b' | 'c') => r.body.items.find((i: any) => i.partnerId === partners[k].id);
    assert.deepEqual([line('a').revenue, line('a').rank, line('a').outcome], [900, 1, 'registered']);
    assert.deepEqual([line('c').revenue, line('c').rank], [900, 1]);
    assert.deepEqual([line('b').revenue, line('b').rank, line('b').missingMonths], [500, 3, ['2026-08', '2026-09']]);
    const [ev] = await events(partners.b.id);
    assert.deepEqual([ev.type, ev.month, ev.quarter, ev.rank, ev.of], ['quarterRank', '2026-10', '2026Q3', 3, 3]);
  });

  it('MG-4 ranking the quarter again registers nothing', async () => {
    const before = await Promise.all(Object.values(partners).map((p) => events(p.id)));
    const again = await rank('2026Q3');
    assert.equal(again.status, 200);
    assert.ok(again.body.items.every((i: any) => i.outcome === 'already-ranked'));
    for (const i of again.body.items) {
      const [held] = await events(i.partnerId);
      assert.deepEqual(i.registered, { rank: held.rank, of: held.of, quarter: held.quarter }, 'the held ranking');
    }
    assert.deepEqual(await Promise.all(Object.values(partners).map((p) => events(p.id))), before);
  });

  it('MG-4 refusals: a quarter not over (409), another rulebook (409), bad input (400), partners (403)', async () => {
    const month = creditMonthOf(new Date());
    const running = `${month.slice(0, 4)}Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
    assert.equal((await rank(running)).status, 409, 'the running quarter is not over');
    const scorecardProgramme = (await api.call('GET', '/api/v1/programmes', { token: staff })).body.find(
      (p: any) => p.rulebook === 'scorecard',
    ).id;
    assert.equal((await rank('2026Q2', scorecardProgramme)).status, 409);
    assert.equal((await rank('2026Q5')).status, 400);
    assert.equal((await rank('2026Q2', 'nope')).status, 400);
    assert.equal((await rank('2026Q2', programmeId, partners.a.token)).status, 403);
  });
});
