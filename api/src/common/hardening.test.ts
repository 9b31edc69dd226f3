/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
/**
 * Issue #8, "Broke" 4 and 5: bad input that used to answer 500 or be stored. Each case is a clear 4xx, and the
 * store is unchanged afterwards.
 */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startTestApi, type TestApi } from '../../test/support.js';

describe('input hardening (issue #8: bad input is a 4xx and stores nothing)', () => {
  let api: TestApi;
  let staff: string;
  let programmeId: string;
  let partner: { id: string; code: string; token: string };

  const complaintCount = async () =>
    (await api.call('GET', `/api/v1/complaints?partnerId=${partner.id}&pageSize=100`, { token: staff })).body.total;

  before(async () => {
    api = await startTestApi();
    staff = await api.staffToken();
    programmeId = (await api.call('GET', '/api/v1/programmes', { token: staff })).body[0].id;
    const code = `H${randomBytes(3).toString('hex')}`;
    const r = await api.call('POST', '/api/v1/partners', {
      token: staff,
      body: { code, name: '加固测试有限公司', programmeId },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    partner = { id: r.body.id, code, token: await api.partnerToken(code) };
  });
  after(() => api.close());

  const is4xx = (r: { status: number; body: any }, status = 400) =>
    assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);

  it('WT-2 working-day-deadline days above the bound shared with core (2500) → 400', async () => {
    const start = encodeURIComponent('2026-11-23T10:00:00+08:00');
    is4xx(await api.call('GET', `/api/v1/calendar/working-day-deadline?start=${start}&days=2501`));
    assert.equal((await api.call('GET', `/api/v1/calendar/working-day-deadline?start=${start}&days=2500`)).status, 200);
  });

  it('WT-3 strict integer parsing: hours=0x10, 1e1, " 12" and days=0b11 → 400', async () => {
    const start = encodeURIComponent('2026-11-23T10:00:00+08:00');
    for (const q of ['hours=0x10', 'hours=1e1', 'hours=%2012', 'hours=12abc'])
      is4xx(await api.call('GET', `/api/v1/calendar/sla-deadline?start=${start}&${q}`));
    is4xx(await api.call('GET', `/api/v1/calendar/working-day-deadline?start=${start}&days=0b11`));
    assert.equal((await api.call('GET', `/api/v1/calendar/sla-deadline?start=${start}&hours=16`)).status, 200);
  });

  it('FT-12a period=9999H2 and 0000H1 on every route taking a period → 400 (partner and staff)', async () => {
    for (const period of ['9999H2', '0000H1', '1999H2', '2101H1']) {
      const p = partner.id;
      const routes: [string, string, string, unknown?][] = [
        ['GET', `/api/v1/scorecards/me?period=${period}`, partner.token],
        ['GET', `/api/v1/scorecards?period=${period}`, staff],
        ['GET', `/api/v1/scorecards/partners/${p}?period=${period}`, staff],
        ['GET', `/api/v1/scorecards/partners/${p}?period=${period}`, partner.token],
        ['GET', `/api/v1/scorecards/partners/${p}/periods/${period}/inputs`, staff],
        [
          'PUT',
          `/api/v1/scorecards/partners/${p}/periods/${period}/onboarding`,
          staff,
          { rating: 20, comment: '对接顺利' },
        ],
        [
          'POST',
          `/api/v1/scorecards/partners/${p}/periods/${period}/security-incidents`,
          staff,
          { level: 'I', description: '测试', occurredAt: '2026-08-03T10:00:00+08:00' },
        ],
        ['POST', `/api/v1/scorecards/periods/${period}/close`, staff],
        ['GET', `/api/v1/scorecards/periods/${period}/export.xlsx`, staff],
      ];
      for (const [method, path, token, body] of routes) {
        const r = await api.call(method, path, { token, body });
        assert.equal(r.status, 400, `${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
      }
    }
  });

  it('FT-12 months out of 2000–2100 are refused: success-rates/9999-12, 0000-01 → 400, nothing stored', async () => {
    for (const month of ['9999-12', '0000-01', '1999-12', '2101-01']) {
      const r = await api.call('PUT', `/api/v1/scorecards/partners/${partner.id}/success-rates/${month}`, {
        token: staff,
        body: { rate: 0.99 },
      });
      is4xx(r);
    }
    const audit = await api.call('GET', `/api/v1/audit?entityId=${partner.id}`, { token: staff });
    assert.ok(!JSON.stringify(audit.body).includes('9999-12'));
  });

  it('MG-13 credit months and settlements out of 2000–2100 → 400 (0000-01 refused)', async () => {
    const p = partner.id;
    for (const [method, path, body] of [
      ['POST', `/api/v1/credit/months/0000-01/close`],
      ['GET', `/api/v1/credit/months/9999-12/export`],
      ['GET', `/api/v1/credit/accounts/${p}/months/0000-01`],
      ['GET', `/api/v1/credit/accounts/${p}/events?month=0000-01`],
      [
        'POST',
        `/api/v1/credit/accounts/${p}/settlement`,
        { kind: 'refund-offset', month: '0000-01', amount: 1, reason: '退款' },
      ],
      ['POST', `/api/v1/credit/accounts`, { partnerId: p, tier: 'A', joinedAt: '0001-01-01' }],
      ['POST', `/api/v1/credit/quarters/9999Q1/rankings?programmeId=${programmeId}`],
      ['GET', `/api/v1/metrics?programmeId=${programmeId}&month=0000-01`],
    ] as [string, string, unknown?][]) {
      const r = await api.call(method, path, { token: staff, body });
      assert.equal(r.status, 400, `${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    }
    const account = await api.call('GET', `/api/v1/credit/accounts/${p}`, { token: staff });
    assert.equal(account.status, 404, 'no credit account was opened');
  });

  it('FT-16 contract dates 0001-01-01…9999-12-31 → 400 and no contract stored', async () => {
    const path = `/api/v1/scorecards/contracts/${partner.id}`;
    const before = await api.call('GET', path, { token: staff });
    for (const body of [
      { signedAt: '0001-01-01', endsAt: '9999-12-31' },
      { signedAt: '2025-01-01', endsAt: '9999-12-31' },
      { signedAt: '2025-01-01', endsAt: '2027-12-31', certificatesValidUntil: '9999-12-31' },
      { signedAt: '2025-02-30', endsAt: '2027-12-31' },
    ])
      is4xx(await api.call('PUT', path, { token: staff, body }));
    assert.deepEqual((await api.call('GET', path, { token: staff })).body, before.body);
  });

  it('WT-1 calendar override for 9999-12-31 or 0001-01-01 → 400 and not stored', async () => {
    for (const date of ['9999-12-31', '0001-01-01'])
      is4xx(await api.call('PUT', `/api/v1/calendar/overrides/${date}`, { token: staff, body: { workday: true } }));
    const audit = await api.call('GET', '/api/v1/audit?entity=calendar_override&entityId=9999-12-31', {
      token: staff,
    });
    assert.equal(audit.body.items.length, 0);
  });

  it('WT-3 a programme whose window and SLA budget the clock cannot compute (08:00–08:01, 240 h) → 400', async () => {
    const r = await api.call('POST', '/api/v1/programmes', {
      token: staff,
      body: {
        code: `narrow-${randomBytes(2).toString('hex')}`,
        name: '窄窗口',
        rulebook: 'scorecard',
        complaintWindow: { start: '08:00', end: '08:01', days: 'all' },
        slaHours: 240,
        warningMinutes: [30],
      },
    });
    is4xx(r);
    assert.match(JSON.stringify([r.body.message, r.body.fields]), /slaHours|complaintWindow/);
    const list = await api.call('GET', '/api/v1/programmes', { token: staff });
    assert.ok(!list.body.some((p: any) => p.name === '窄窗口'), 'the programme was not stored');
  });

  it('FT-13 blank, control-character and zero-width-only texts → 400, the complaint stays open', async () => {
    const c = await api.call('POST', '/api/v1/complaints', {
      token: staff,
      body: {
        partnerId: partner.id,
        kind: 'ordinary',
        channel: 'hotline_10086',
        summary: '  客户反映充值未到账  ',
        receivedAt: new Date().toISOString(),
      },
    });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    assert.equal(c.body.summary, '客户反映充值未到账', 'text is stored trimmed');
    const count = await complaintCount();
    for (const text of ['   ', '\u200b\u200b', '\u3000\t\n', 'ok\u0000', '\u202e回复'])
      is4xx(
        await api.call('POST', `/api/v1/complaints/${c.body.id}/replies`, { token: partner.token, body: { text } }),
      );
    const after = await api.call('GET', `/api/v1/complaints/${c.body.id}`, { token: staff });
    assert.equal(after.body.status, 'open');
    for (const summary of ['\u200b\u200c\u200d\ufeff', '充值\u0000未到账', '   ', '\u0007'])
      is4xx(
        await api.call('POST', '/api/v1/complaints', {
          token: staff,
          body: {
            partnerId: partner.id,
            kind: 'ordinary',
            channel: 'hotline_10086',
            summary,
            receivedAt: new Date().toISOString(),
          },
        }),
      );
    assert.equal(await complaintCount(), count);
    // a multi-line reply (newlines, tabs) stays allowed
    const ok = await api.call('POST', `/api/v1/complaints/${c.body.id}/replies`, {
      token: partner.token,
      body: { text: '已处理：\n\t1. 退款' },
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
  });

  it('a JSON body nested 20,000 levels deep (40 KB) → 400 (no stack overflow), on public and staff routes', async () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const arrays = '['.repeat(20_000) + ']'.repeat(20_000);
    for (const raw of [deep, arrays]) {
      is4xx(await api.call('POST', '/api/v1/auth/staff/login', { raw }));
      is4xx(await api.call('POST', '/api/v1/complaints', { token: staff, raw }));
      is4xx(await api.call('POST', '/api/v1/credit/simulate', { token: staff, raw }));
    }
    // a bracket inside a string does not count as nesting
    const r = await api.call('POST', '/api/v1/auth/staff/login', {
      raw: JSON.stringify({ username: '['.repeat(60), password: '{'.repeat(100) }),
    });
    is4xx(r, 401);
  });

  it('bodies with __proto__, constructor, prototype or $-prefixed keys → 400 and nothing stored', async () => {
    const count = await complaintCount();
    const base = `"partnerId":"${partner.id}","kind":"ordinary","channel":"hotline_10086","summary":"测试","receivedAt":"${new Date().toISOString()}"`;
    for (const extra of [
      '"__proto__":{"admin":true}',
      '"constructor":{"prototype":{"x":1}}',
      '"$where":"1"',
      '"meta":{"$gt":""}',
      '"meta":[{"__proto__":1}]',
    ])
      is4xx(await api.call('POST', '/api/v1/complaints', { token: staff, raw: `{${base},${extra}}` }));
    assert.equal(await complaintCount(), count);
    is4xx(
      await api.call('PUT', `/api/v1/programmes/${programmeId}/scorecard-tables`, {
        token: staff,
        raw: '{"$set":{"x":1}}',
      }),
    );
  });
});
