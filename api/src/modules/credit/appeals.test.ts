import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startTestApi, type TestApi } from '../../../test/support.js';

interface Entry {
  id: string;
  month: string;
  rule: string;
  kind: string;
  applied: number;
  scoreAfter: number;
  reverses?: string;
  appealable: boolean;
  appeal?: { id: string; status: string };
}
interface Partner {
  id: string;
  code: string;
  token: string;
}

describe('credit appeals api (issue #3 item 8) and partner safety', () => {
  let api: TestApi;
  let staff: string;
  let programmeId: string;
  let a: Partner;
  let b: Partner;
  let aDeduction: Entry;
  let bDeduction: Entry;
  let appealId: string;

  const partner = async (name: string): Promise<Partner> => {
    const code = `A${randomBytes(3).toString('hex')}`;
    const r = await api.call('POST', '/api/v1/partners', { token: staff, body: { code, name, programmeId } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const open = await api.call('POST', '/api/v1/credit/accounts', {
      token: staff,
      body: { partnerId: r.body.id, tier: 'ordinary', joinedAt: '2025-06-01', firstMonth: '2026-01' },
    });
    assert.equal(open.status, 201, JSON.stringify(open.body));
    return { id: r.body.id, code, token: await api.partnerToken(code) };
  };
  const deduct = async (p: Partner, code: string) => {
    const r = await api.call('POST', `/api/v1/credit/accounts/${p.id}/events`, {
      token: staff,
      body: { type: 'deduction', month: '2026-01', category: 'violation', code, note: '客户投诉核实' },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  };
  const me = async (p: Partner) => (await api.call('GET', '/api/v1/credit/me', { token: p.token })).body;
  const appeal = (p: Partner, entryId: string, reason = '该笔订购为客户本人操作，有录音为证') =>
    api.call('POST', '/api/v1/appeals', { token: p.token, body: { entryId, reason } });
  const decide = (id: string, decision: string, token = staff) =>
    api.call('POST', `/api/v1/appeals/${id}/decide`, { token, body: { decision, reason: '核实情况' } });

  before(async () => {
    api = await startTestApi();
    staff = await api.staffToken();
    const prog = await api.call('POST', '/api/v1/programmes', {
      token: staff,
      body: {
        code: `migu-${randomBytes(3).toString('hex')}`,
        name: '咪咕渠道合作',
        rulebook: 'credit',
        complaintWindow: { start: '08:00', end: '23:00', days: 'all' },
        slaHours: 12,
        warningMinutes: [120, 30],
      },
    });
    programmeId = prog.body.id;
    a = await partner('申渠道科技有限公司');
    b = await partner('酉渠道科技有限公司');
    await deduct(a, 'V-FORCED');
    await deduct(b, 'V-PROMO');
    const closed = await api.call('POST', '/api/v1/credit/months/2026-01/close', { token: staff });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    aDeduction = (await me(a)).entries.find((e: Entry) => e.kind === 'deduction');
    bDeduction = (await me(b)).entries.find((e: Entry) => e.kind === 'deduction');
  });
  after(() => api.close());

  it('appeals: a partner appeals its own deduction; staff are notified; a second open appeal is 409', async () => {
    assert.equal(aDeduction.appealable, true);
    assert.equal(aDeduction.applied, -10);
    const r = await appeal(a, aDeduction.id);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'open');
    assert.equal(r.body.entry.applied, -10);
    appealId = r.body.id;
    assert.equal((await appeal(a, aDeduction.id, '再次申诉')).status, 409);
    const view = await me(a);
    const entry = view.entries.find((e: Entry) => e.id === aDeduction.id);
    assert.deepEqual([entry.appealable, entry.appeal], [false, { id: appealId, status: 'open' }]);
    assert.match((await api.noticeText(`credit-appeal-${appealId}`)) ?? '', /信用积分申诉/);
  });

  it('appeals: another partner’s entry or appeal reads as 404; a non-deduction entry is 409; bad input 400', async () => {
    assert.equal((await appeal(a, bDeduction.id)).status, 404);
    assert.equal((await appeal(b, aDeduction.id)).status, 404);
    assert.equal((await api.call('GET', `/api/v1/appeals/${appealId}`, { token: b.token })).status, 404);
    assert.equal((await api.call('GET', `/api/v1/appeals/${appealId}`, { token: a.token })).status, 200);
    const initial = (await me(a)).entries.find((e: Entry) => e.kind === 'initial');
    assert.equal(initial.appealable, false);
    assert.equal((await appeal(a, initial.id)).status, 409);
    const bad = await api.call('POST', '/api/v1/appeals', { token: a.token, body: { entryId: 'x', reason: '' } });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify([bad.body.message, bad.body.fields]), /entryId/);
    assert.match(JSON.stringify([bad.body.message, bad.body.fields]), /reason/);
  });

  it('appeals: partners list only their own appeals; staff list all and filter by status', async () => {
    const bAppeal = await appeal(b, bDeduction.id);
    assert.equal(bAppeal.status, 201);
    const mine = await api.call('GET', '/api/v1/appeals', { token: a.token });
    assert.deepEqual(
      mine.body.items.map((x: { id: string }) => x.id),
      [appealId],
    );
    const theirs = await api.call('GET', '/api/v1/appeals', { token: b.token });
    assert.deepEqual(
      theirs.body.items.map((x: { id: string }) => x.id),
      [bAppeal.body.id],
    );
    const open = await api.call('GET', '/api/v1/appeals?status=open', { token: staff });
    assert.equal(open.body.items.length, 2);
    assert.equal((await api.call('GET', '/api/v1/appeals?status=maybe', { token: staff })).status, 400);
    const rejected = await decide(bAppeal.body.id, 'reject');
    assert.equal(rejected.status, 200);
    assert.equal(rejected.body.status, 'rejected');
    assert.equal(rejected.body.reversalEntryId, null);
    const stillOpen = await api.call('GET', '/api/v1/appeals?status=open', { token: staff });
    assert.deepEqual(
      stillOpen.body.items.map((x: { id: string }) => x.id),
      [appealId],
    );
    assert.equal((await me(b)).score, 65, 'a rejected appeal changes no score');
  });

  it('appeals: upheld → an MG-1 reversing entry in the open month pointing at the original; the score follows the ledger', async () => {
    assert.equal((await decide(appealId, 'uphold', a.token)).status, 403, 'partners cannot decide');
    const before = await me(a);
    assert.equal(before.score, 60);
    const r = await decide(appealId, 'uphold');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'upheld');
    const after = await me(a);
    const reversal = after.entries.find((e: Entry) => e.id === r.body.reversalEntryId);
    assert.deepEqual(
      [reversal.rule, reversal.kind, reversal.applied, reversal.reverses, reversal.month, reversal.scoreAfter],
      ['MG-1', 'reversal', 10, aDeduction.id, '2026-02', 70],
    );
    assert.equal(after.score, 70);
    assert.equal(
      after.score,
      Math.round(after.entries.reduce((s: number, e: Entry) => s + e.applied, 0) * 10) / 10,
      'MG-1 ledger sum',
    );
    const original = after.entries.find((e: Entry) => e.id === aDeduction.id);
    assert.deepEqual([original.applied, original.appealable, original.appeal.status], [-10, false, 'upheld']);
    assert.equal((await appeal(a, aDeduction.id)).status, 409, 'a reversed entry cannot be appealed again');
  });

  it('appeals: a repeated decision changes nothing (same result; a different decision is 409)', async () => {
    const entriesBefore = (await me(a)).entries;
    const again = await decide(appealId, 'uphold');
    assert.equal(again.status, 200);
    assert.equal(again.body.status, 'upheld');
    assert.equal((await decide(appealId, 'reject')).status, 409);
    const after = await me(a);
    assert.deepEqual(after.entries, entriesBefore);
    assert.equal(after.entries.filter((e: Entry) => e.kind === 'reversal').length, 1);
    assert.equal(again.body.reversalEntryId, after.entries.find((e: Entry) => e.kind === 'reversal').id);
  });

  it('MG-13 the close after a reversal starts from the corrected score; the reversal does not feed recovery', async () => {
    const closed = await api.call('POST', '/api/v1/credit/months/2026-04/close', { token: staff });
    assert.equal(closed.status, 200);
    const view = await me(a);
    assert.deepEqual(
      view.months.map((m: { score: number }) => m.score),
      [60, 70, 70, 70],
    );
    assert.equal(view.score, 70);
    assert.ok(!view.entries.some((e: Entry) => e.rule === 'MG-5'), 'nothing left to recover');
  });

  it('safety: a partner reads only its own ledger; staff routes are 403 for partners; /credit/me is for partners', async () => {
    const mine = await me(b);
    assert.equal(mine.partnerId, b.id);
    assert.ok(mine.entries.every((e: Entry) => e.id !== aDeduction.id));
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/v1/credit/accounts'],
      ['GET', `/api/v1/credit/accounts/${a.id}`],
      ['GET', `/api/v1/credit/accounts/${b.id}`],
      ['POST', '/api/v1/credit/accounts', { partnerId: b.id, tier: 'ordinary', joinedAt: '2025-06-01' }],
      ['POST', `/api/v1/credit/accounts/${b.id}/events`, { type: 'rerate', month: '2026-05', tier: 'strategic' }],
      ['GET', `/api/v1/credit/accounts/${b.id}/events`],
      ['GET', `/api/v1/credit/accounts/${b.id}/settlement`],
      ['POST', `/api/v1/credit/accounts/${b.id}/transfer`, { toPartnerId: a.id, reason: 'x' }],
      ['POST', `/api/v1/credit/accounts/${a.id}/major-violation-exit`, { reason: 'x' }],
      ['POST', '/api/v1/credit/months/2026-05/close'],
      ['GET', '/api/v1/credit/bad-credit-list'],
      ['GET', `/api/v1/programmes/${programmeId}/credit-tables`],
      ['POST', `/api/v1/appeals/${appealId}/decide`, { decision: 'reject', reason: 'x' }],
    ];
    for (const [method, path, body] of routes) {
      const r = await api.call(method, path, { token: b.token, body });
      assert.equal(r.status, 403, `${method} ${path}`);
    }
    assert.equal((await api.call('GET', '/api/v1/credit/me', { token: staff })).status, 403);
    assert.equal((await api.call('GET', '/api/v1/credit/me')).status, 401);
    assert.equal(
      (await api.call('POST', '/api/v1/appeals', { token: staff, body: { entryId: aDeduction.id, reason: 'x' } }))
        .status,
      403,
    );
    const view = (await api.call('GET', `/api/v1/credit/accounts/${a.id}`, { token: staff })).body;
    assert.equal(view.score, 70, 'staff read any account');
  });
});
