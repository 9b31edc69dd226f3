import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startTestApi, type TestApi } from '../../../test/support.js';

describe('exit api (FT-17, FT-18) and the exit-timeline contract', () => {
  let api: TestApi;
  let staff: string;
  let programmeId: string;

  const newPartner = async (name: string) => {
    const code = `E${randomBytes(3).toString('hex')}`;
    const r = await api.call('POST', '/api/v1/partners', { token: staff, body: { code, name, programmeId } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return { id: r.body.id as string, code, token: await api.partnerToken(code) };
  };
  const farEnough = () => {
    const d = new Date(Date.now() + 8 * 3_600_000);
    d.setUTCMonth(d.getUTCMonth() + 4);
    return d.toISOString().slice(0, 10);
  };
  const file = (token: string, body: Record<string, unknown> = {}) =>
    api.call('POST', '/api/v1/exit/requests', {
      token,
      body: { reason: '公司业务调整，申请退出', desiredEndOn: farEnough(), commitment: true, ...body },
    });
  const act = (id: string, action: string, body: Record<string, unknown> = {}, token = staff) =>
    api.call('POST', `/api/v1/exit/cases/${id}/${action}`, { token, body });

  before(async () => {
    api = await startTestApi();
    staff = await api.staffToken();
    programmeId = (await api.call('GET', '/api/v1/programmes', { token: staff })).body[0].id;
  });
  after(() => api.close());

  const timeline = (q: string) => api.call('GET', `/api/v1/calendar/exit-timeline?${q}`);

  it('FT-18 WT-2 exit-timeline: the fixed contract, no auth', async () => {
    const r = await timeline(
      `appliedAt=${encodeURIComponent('2026-05-29T10:00:00+08:00')}&clearedAt=2026-06-01T15:30:00Z&approvedAt=${encodeURIComponent('2026-09-25T16:00:00+08:00')}`,
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, {
      earliestEndOn: '2026-08-29',
      approvalStartDueAt: '2026-06-03T15:59:59.999Z',
      approvalDueAt: '2026-07-14T15:59:59.999Z',
      terminationDueAt: '2026-10-09T15:59:59.999Z',
    });
    const only = await timeline('appliedAt=2026-09-25T02:00:00.000Z');
    assert.deepEqual(only.body, {
      earliestEndOn: '2026-12-25',
      approvalStartDueAt: '2026-09-30T15:59:59.999Z',
      approvalDueAt: null,
      terminationDueAt: null,
    });
  });

  for (const [q, field] of [
    ['', 'appliedAt'],
    ['appliedAt=soon', 'appliedAt'],
    ['appliedAt=2026-02-30T10:00:00Z', 'appliedAt'],
    ['appliedAt=2026-11-30T10:00:00Z&clearedAt=', 'clearedAt'],
    ['appliedAt=2026-11-30T10:00:00Z&clearedAt=x', 'clearedAt'],
    ['appliedAt=2026-11-30T10:00:00Z&approvedAt=2026-13-01T00:00:00Z', 'approvedAt'],
  ] as const)
    it(`FT-18 exit-timeline bad input "${q}" → 400 naming ${field}`, async () => {
      const r = await timeline(q);
      assert.equal(r.status, 400);
      assert.match(JSON.stringify([r.body.message, r.body.fields]), new RegExp(field));
    });

  it('FT-17.3 FT-18 a partner files, sees the blocker, staff clear it, approve, terminate; the partner is exited', async () => {
    const a = await newPartner('甲退出科技有限公司');
    const c = await api.call('POST', '/api/v1/complaints', {
      token: staff,
      body: {
        partnerId: a.id,
        kind: 'ordinary',
        channel: 'hotline_10086',
        summary: '退款未到账',
        receivedAt: new Date().toISOString(),
      },
    });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const pre = await api.call('GET', '/api/v1/exit/precheck', { token: a.token });
    assert.equal(pre.status, 200);
    assert.deepEqual(
      pre.body.blockers.map((b: { kind: string; id: string }) => [b.kind, b.id]),
      [['complaint', c.body.id]],
    );
    assert.match(pre.body.earliestEndOn, /^\d{4}-\d{2}-\d{2}$/);

    const early = await file(a.token, { desiredEndOn: '2000-01-01' });
    assert.equal(early.status, 400);
    assert.match(JSON.stringify(early.body), /desiredEndOn/);
    const noCommit = await file(a.token, { commitment: false });
    assert.equal(noCommit.status, 400);

    const filed = await file(a.token);
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const id = filed.body.id;
    assert.equal(filed.body.status, 'requested');
    for (const k of ['approvalStartDueAt', 'approvalDueAt', 'terminationDueAt']) assert.ok(k in filed.body, k);
    assert.equal(filed.body.approvalDueAt, null);
    assert.ok(await api.noticeText(`exit-${id}-filed`), 'staff alerted');
    assert.equal((await file(a.token)).status, 409, 'one open case per partner');

    const b = await newPartner('乙旁观信息有限公司');
    assert.equal((await api.call('GET', `/api/v1/exit/cases/${id}`, { token: b.token })).status, 404);
    assert.equal((await act(id, 'withdraw', {}, b.token)).status, 404);
    for (const action of ['precheck', 'start-approval', 'approve', 'reject', 'terminate'])
      assert.equal((await act(id, action, { reason: 'x' }, a.token)).status, 403, action);

    const blocked = await act(id, 'start-approval');
    assert.equal(blocked.status, 409);
    assert.equal(blocked.body.blockers[0].id, c.body.id);
    // #18: the 退出审批 card read 无未办结事项 here: the staff queue carries the live blockers of an open case
    const blockedQueue = await api.call('GET', '/api/v1/exit/cases', { token: staff });
    const card = blockedQueue.body.items.find((x: { id: string }) => x.id === id);
    assert.deepEqual(
      card.blockers.map((x: { kind: string; id: string }) => [x.kind, x.id]),
      [['complaint', c.body.id]],
    );

    // the complaint is answered and confirmed: closed
    const reply = await api.call('POST', `/api/v1/complaints/${c.body.id}/replies`, {
      token: a.token,
      body: { text: '已查明原因并退款' },
    });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const replyId = reply.body.replies.at(-1).id;
    assert.equal(
      (await api.call('POST', `/api/v1/complaints/${c.body.id}/confirm`, { token: staff, body: { replyId } })).status,
      200,
    );

    const started = await act(id, 'start-approval');
    assert.equal(started.status, 200, JSON.stringify(started.body));
    assert.ok(started.body.approvalDueAt);
    const queue = await api.call('GET', '/api/v1/exit/cases', { token: staff });
    assert.ok(queue.body.items.some((x: { id: string }) => x.id === id));

    assert.equal((await act(id, 'approve', {})).status, 400, 'a reason is required');
    const decisions = await Promise.all(Array.from({ length: 20 }, () => act(id, 'approve', { reason: '同意退出' })));
    assert.equal(decisions.filter((r) => r.status === 200).length, 1);
    assert.ok(decisions.every((r) => r.status === 200 || r.status === 409));
    assert.equal((await act(id, 'withdraw', {}, a.token)).status, 409, 'no withdrawal after approval');

    const own = await api.call('GET', `/api/v1/exit/cases/${id}`, { token: a.token });
    assert.equal(own.status, 200);
    assert.ok(own.body.terminationDueAt);

    const c2 = await api.call('POST', '/api/v1/complaints', {
      token: staff,
      body: {
        partnerId: a.id,
        kind: 'ordinary',
        channel: 'wechat',
        summary: '补录投诉',
        receivedAt: new Date().toISOString(),
      },
    });
    assert.equal(c2.status, 201, JSON.stringify(c2.body));
    // FT-17.3: the agreed end date (the requested one) is months away: the partner keeps serving until then
    assert.equal(own.body.endOn, own.body.desiredEndOn);
    assert.ok(own.body.daysUntilEnd > 80, JSON.stringify(own.body.daysUntilEnd));
    const beforeEnd = await act(id, 'terminate', { reason: '合同已终止' });
    assert.equal(beforeEnd.status, 409, JSON.stringify(beforeEnd.body));
    assert.match(beforeEnd.body.message, /约定终止日期为/);
    // … unless the partner agrees, recorded with its reason
    const done = await act(id, 'terminate', { reason: '合同已终止', partnerAgreed: '双方签署终止协议' });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.status, 'terminated');
    assert.deepEqual(done.body.earlyTermination, { reason: '双方签署终止协议', endOn: own.body.endOn });
    assert.ok(await api.noticeText(`exit-${id}-terminated`));

    const mine = await api.call('GET', '/api/v1/exit/cases/mine', { token: a.token });
    assert.equal(mine.status, 200, 'an exited partner still signs in and reads its history');
    assert.equal(mine.body.partnerStatus, 'exited');
    assert.equal((await file(a.token)).status, 409);
    // a complaint registered before termination cannot be answered once the partner has exited
    const r2 = await api.call('POST', `/api/v1/complaints/${c2.body.id}/replies`, {
      token: a.token,
      body: { text: '回复' },
    });
    assert.equal(r2.status, 409);

    const xlsx = await fetch(`${api.url}/api/v1/exit/report.xlsx?from=2020-01-01&to=2099-12-31`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    assert.equal(xlsx.status, 200);
    assert.match(xlsx.headers.get('content-type') ?? '', /spreadsheetml/);
    assert.equal(
      (await api.call('GET', '/api/v1/exit/report.xlsx?from=2026-13-01&to=2026-12-01', { token: staff })).status,
      400,
    );
  });

  it('FT-18 a partner withdraws before approval; FT-17.4 staff record a business end (precheck, alert)', async () => {
    const p = await newPartner('丙撤回有限公司');
    const filed = await file(p.token);
    const w = await act(filed.body.id, 'withdraw', { reason: '继续合作' }, p.token);
    assert.equal(w.status, 200, JSON.stringify(w.body));
    assert.equal(w.body.status, 'withdrawn');
    const opened = await api.call('POST', '/api/v1/exit/cases', {
      token: staff,
      body: { partnerId: p.id, trigger: 'business_end', reason: '政策调整，业务终止' },
    });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    assert.equal(opened.body.status, 'precheck');
    assert.equal(opened.body.rule, 'FT-17.4');
    assert.ok(await api.noticeText(`exit-${opened.body.id}-opened`));
    const bad = await api.call('POST', '/api/v1/exit/cases', {
      token: staff,
      body: { partnerId: p.id, trigger: 'voluntary', reason: 'x' },
    });
    assert.equal(bad.status, 400);
    const rejected = await act(opened.body.id, 'reject', { reason: '经核实业务继续' });
    assert.equal(rejected.body.status, 'rejected');
    const partners = await api.call('GET', '/api/v1/partners', { token: staff });
    const listed = (partners.body.items ?? partners.body) as { id: string; status: string }[];
    assert.equal(
      listed.find((x) => x.id === p.id)?.status,
      'active',
      'a rejected or withdrawn case changes nothing else',
    );
  });

  it('#18 the console table: every case or those of one status, paged and ordered by application date by the api', async () => {
    const p = await newPartner('丁分页有限公司');
    const ids: string[] = [];
    for (const n of ['一', '二', '三']) {
      const filed = await file(p.token, { reason: `公司业务调整，第${n}次申请退出` });
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      ids.push(filed.body.id);
      assert.equal((await act(filed.body.id, 'withdraw', { reason: '继续合作' }, p.token)).status, 200);
    }
    const list = async (query: string) => {
      const r = await api.call('GET', `/api/v1/exit/cases?${query}`, { token: staff });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body as { items: { id: string; status: string }[]; total: number; page: number; pageSize: number };
    };
    const newest = await list('status=withdrawn&pageSize=2');
    assert.ok(newest.total >= 3, String(newest.total));
    assert.deepEqual([newest.page, newest.pageSize], [1, 2]);
    assert.deepEqual(
      newest.items.map((c) => c.id),
      [ids[2], ids[1]],
    );
    const second = await list('status=withdrawn&pageSize=2&page=2');
    assert.equal(second.items[0].id, ids[0]);
    assert.ok(second.items.every((c) => c.status === 'withdrawn'));
    const oldest = await list('status=withdrawn&order=asc&pageSize=100');
    assert.deepEqual(
      oldest.items.map((c) => c.id).filter((id) => ids.includes(id)),
      ids,
    );
    const all = await list('status=all&pageSize=1');
    assert.ok(all.total >= newest.total + 1, 'every case counts, the rejected one too');
    assert.equal(all.items[0].id, ids[2]);
    // the open queue keeps its shape: no paging fields
    assert.equal((await list('')).total, undefined);
    for (const bad of ['status=gone', 'pageSize=500', 'page=0', 'order=up'])
      assert.equal((await api.call('GET', `/api/v1/exit/cases?${bad}`, { token: staff })).status, 400, bad);
  });
});
