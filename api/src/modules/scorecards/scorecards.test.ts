/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import {
  coreEnv,
  DEFAULT_PROGRAMME_SCORECARD_TABLES,
  QueueName,
  noticeJobId,
  parsePeriod,
  periodOf,
  readSheet,
  redisConnection,
} from '@huoban/core';
import { startTestApi, type TestApi } from '../../../test/support.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const previousPeriod = (p: string) => (p.endsWith('H2') ? `${p.slice(0, 4)}H1` : `${Number(p.slice(0, 4)) - 1}H2`);

describe('scorecards api (FT-12, FT-12a, FT-14)', () => {
  let api: TestApi;
  let staff: string;
  let programmeId: string;
  let notices: Queue;
  const redis = redisConnection(coreEnv().redisUrl);
  const now = new Date();
  const prev = previousPeriod(periodOf(now));
  const prevP = parsePeriod(prev)!;
  /** an instant inside the previous half-year, `days` after its start */
  const inPrev = (days: number) => new Date(prevP.start.getTime() + days * DAY).toISOString();

  const newPartner = async (name: string) => {
    const code = `S${randomBytes(3).toString('hex')}`;
    const r = await api.call('POST', '/api/v1/partners', { token: staff, body: { code, name, programmeId } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return { id: r.body.id as string, code, name, token: await api.partnerToken(code) };
  };
  const complaint = async (partnerId: string, kind: 'ordinary' | 'escalated', receivedAt: string) => {
    const r = await api.call('POST', '/api/v1/complaints', {
      token: staff,
      body: {
        partnerId,
        kind,
        channel: kind === 'ordinary' ? 'hotline_10086' : 'miit',
        summary: '测试投诉',
        receivedAt,
      },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as { id: string; no: string; dueAt: string };
  };
  const score = (partnerId: string, period: string, token = staff) =>
    api.call('GET', `/api/v1/scorecards/partners/${partnerId}?period=${period}`, { token });
  const rate = (partnerId: string, period: string, rating: number, token = staff) =>
    api.call('PUT', `/api/v1/scorecards/partners/${partnerId}/periods/${period}/onboarding`, {
      token,
      body: { rating, comment: '对接顺利' },
    });
  const incident = (partnerId: string, period: string, level: string, occurredAt: string) =>
    api.call('POST', `/api/v1/scorecards/partners/${partnerId}/periods/${period}/security-incidents`, {
      token: staff,
      body: { level, description: '客户信息泄露', occurredAt },
    });
  const close = (period: string, token = staff) =>
    api.call('POST', `/api/v1/scorecards/periods/${period}/close`, { token });
  const audits = async (entity: string, entityId: string) =>
    (await api.call('GET', `/api/v1/audit?entity=${entity}&entityId=${entityId}`, { token: staff })).body.items as {
      action: string;
      before: any;
      after: any;
      reason?: string;
    }[];

  before(async () => {
    api = await startTestApi();
    staff = await api.staffToken();
    programmeId = (await api.call('GET', '/api/v1/programmes', { token: staff })).body[0].id;
    notices = new Queue(QueueName.Notices, { connection: redis, prefix: api.queuePrefix });
  });
  after(async () => {
    await notices.close();
    redis.disconnect();
    await api.close();
  });

  it('FT-12 FT-12a tables: defaults until an admin stores a validated, audited new version', async () => {
    const path = `/api/v1/programmes/${programmeId}/scorecard-tables`;
    const initial = await api.call('GET', path, { token: staff });
    assert.equal(initial.status, 200);
    assert.equal(initial.body.version, 0);
    assert.deepEqual(initial.body.tables, { ...DEFAULT_PROGRAMME_SCORECARD_TABLES });
    assert.equal(initial.body.tables.rectificationWorkingDays, 20);

    const bad = await api.call('PUT', path, {
      token: staff,
      body: { ...initial.body.tables, onboardingMax: 50, extra: 1 },
    });
    assert.equal(bad.status, 400);
    const named = JSON.stringify([bad.body.message, bad.body.fields]);
    assert.match(named, /onboardingMax/, JSON.stringify(bad.body));
    assert.match(named, /extra/);

    const changed = { ...initial.body.tables, lateOrdinaryPoints: 1 };
    const put = await api.call('PUT', path, { token: staff, body: changed });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.version, 1);
    const same = await api.call('PUT', path, { token: staff, body: changed });
    assert.equal(same.body.version, 1, 'the same tables again store nothing');
    const back = await api.call('PUT', path, { token: staff, body: initial.body.tables });
    assert.equal(back.body.version, 2);
    assert.equal((await api.call('GET', path, { token: staff })).body.tables.lateOrdinaryPoints, 0.5);

    const trail = (await audits('programme', programmeId)).filter((a) => a.action === 'scorecard.tables_updated');
    assert.equal(trail.length, 2);
    assert.equal(trail[0].before.version, 0);
    assert.equal(trail[0].after.tables.lateOrdinaryPoints, 1);
    assert.equal(trail[1].before.tables.lateOrdinaryPoints, 1);
  });

  it('FT-12 FT-12a live score from real complaints: a breached ordinary complaint costs 0.5, an escalated attributable one costs 1', async () => {
    const a = await newPartner('甲科技有限公司');
    const late = await complaint(a.id, 'ordinary', new Date(now.getTime() - 3 * DAY).toISOString());
    const period = periodOf(new Date(late.dueAt));
    const escalated = await complaint(a.id, 'escalated', new Date(now.getTime() - 2 * DAY).toISOString());
    const running = await complaint(a.id, 'ordinary', new Date(now.getTime() - HOUR / 60).toISOString());

    let r = await score(a.id, period);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'open');
    assert.equal(r.body.result.complaintEfficiency, 39.5);
    assert.equal(r.body.result.escalated, periodOf(new Date(now.getTime() - 2 * DAY)) === period ? 29 : 30);
    const lateEntry = r.body.entries.find((e: any) => e.source.id === late.id);
    assert.deepEqual([lateEntry.rule, lateEntry.component, lateEntry.points], ['FT-12', 'complaintEfficiency', -0.5]);
    assert.match(lateEntry.reason, new RegExp(late.no));
    if (periodOf(now) === period) {
      assert.deepEqual(
        r.body.pending.map((p: any) => p.complaintId),
        [running.id],
        'a complaint not yet due is listed, not scored',
      );
    }

    // staff flag the escalated complaint malicious: it no longer counts (audited)
    const flag = await api.call('PUT', `/api/v1/scorecards/escalations/${escalated.id}`, {
      token: staff,
      body: { attributable: true, malicious: true, reason: '经核实为恶意投诉' },
    });
    assert.equal(flag.status, 200, JSON.stringify(flag.body));
    assert.equal(
      (
        await api.call('PUT', `/api/v1/scorecards/escalations/${late.id}`, {
          token: staff,
          body: { attributable: true, malicious: true, reason: 'x' },
        })
      ).status,
      400,
    );
    const flagTrail = await audits('complaint', escalated.id);
    assert.deepEqual(flagTrail.at(-1)!.before, { attributable: true, malicious: false });
    assert.equal(flagTrail.at(-1)!.action, 'scorecard.escalation_flagged');
    assert.equal((await rate(a.id, period, 25)).status, 200);

    r = await score(a.id, period);
    assert.equal(r.body.result.escalated, 30);
    assert.equal(r.body.result.onboarding, 25);
    assert.equal(r.body.result.total, 94.5);
    assert.deepEqual(
      r.body.components.map((c: any) => [c.key, c.points, c.max]),
      [
        ['onboarding', 25, 30],
        ['complaintEfficiency', 39.5, 40],
        ['escalated', 30, 30],
        ['deductions', 0, 40],
      ],
    );
    assert.equal(r.body.components[0].label, '入网洽谈与技术对接');
    const sum = r.body.entries.reduce((s: number, e: any) => s + e.points, 70);
    assert.equal(sum, r.body.result.total, 'the two component maxima plus the entries give the total');
    assert.equal(r.body.next.rectificationLine, 60);
    assert.equal(r.body.next.distanceToRectification, 34.5);
    assert.equal(r.body.suspended, false);
    assert.ok(r.body.history.some((h: any) => h.period === period && h.total === 94.5 && h.status === 'open'));

    const mine = await api.call('GET', `/api/v1/scorecards/me?period=${period}`, { token: a.token });
    assert.equal(mine.status, 200);
    assert.equal(mine.body.result.total, 94.5);
    assert.equal(mine.body.partnerName, '甲科技有限公司');
  });

  it('safety: a partner reads only its own score (404 for another); staff routes are 403 for partners; bad input is 400', async () => {
    const a = await newPartner('乙信息服务有限公司');
    const b = await newPartner('丙网络科技有限公司');
    assert.equal((await score(a.id, prev, b.token)).status, 404);
    assert.equal((await score(b.id, prev, b.token)).status, 200);
    assert.equal((await api.call('GET', '/api/v1/scorecards/me', { token: b.token })).body.partnerId, b.id);
    const forbidden: [string, string, unknown?][] = [
      ['PUT', `/api/v1/scorecards/partners/${b.id}/periods/${prev}/onboarding`, { rating: 30, comment: '自评' }],
      ['POST', `/api/v1/scorecards/periods/${prev}/close`],
      ['PUT', `/api/v1/programmes/${programmeId}/scorecard-tables`, DEFAULT_PROGRAMME_SCORECARD_TABLES],
      ['GET', `/api/v1/programmes/${programmeId}/scorecard-tables`],
      ['GET', `/api/v1/scorecards?period=${prev}`],
      ['GET', `/api/v1/scorecards/partners/${b.id}/periods/${prev}/inputs`],
      ['PUT', `/api/v1/scorecards/partners/${b.id}/success-rates/${prevP.months[0]}`, { rate: 1 }],
      [
        'PUT',
        '/api/v1/scorecards/escalations/0123456789abcdef01234567',
        { attributable: false, malicious: false, reason: 'x' },
      ],
      ['POST', `/api/v1/partners/${b.id}/suspend`, { reason: 'x' }],
      ['PUT', `/api/v1/scorecards/contracts/${b.id}`, { signedAt: '2025-01-01', endsAt: '2027-12-31' }],
      ['GET', '/api/v1/renewals'],
      ['GET', '/api/v1/scorecards/anomalies'],
    ];
    for (const [method, path, body] of forbidden) {
      assert.equal((await api.call(method, path, { token: b.token, body })).status, 403, `${method} ${path}`);
    }
    assert.equal((await api.call('GET', '/api/v1/scorecards/me')).status, 401);
    assert.equal((await api.call('GET', '/api/v1/scorecards/me', { token: staff })).status, 403);

    const bad: [string, string, unknown, string][] = [
      ['GET', `/api/v1/scorecards/partners/${a.id}?period=2026H3`, undefined, 'period'],
      ['PUT', `/api/v1/scorecards/partners/${a.id}/periods/${prev}/onboarding`, { rating: 31, comment: 'x' }, 'rating'],
      ['PUT', `/api/v1/scorecards/partners/${a.id}/periods/${prev}/onboarding`, { rating: 20 }, 'comment'],
      ['PUT', `/api/v1/scorecards/partners/${a.id}/periods/2099H1/onboarding`, { rating: 20, comment: 'x' }, 'period'],
      [
        'POST',
        `/api/v1/scorecards/partners/${a.id}/periods/${prev}/security-incidents`,
        { level: 'V', description: 'x', occurredAt: inPrev(1) },
        'level',
      ],
      [
        'POST',
        `/api/v1/scorecards/partners/${a.id}/periods/${prev}/security-incidents`,
        { level: 'I', description: 'x', occurredAt: '2001-01-01T00:00:00Z' },
        'occurredAt',
      ],
      ['PUT', `/api/v1/scorecards/partners/${a.id}/success-rates/${prevP.months[0]}`, { rate: 99.9 }, 'rate'],
      ['PUT', `/api/v1/scorecards/partners/${a.id}/success-rates/2026-13`, { rate: 0.99 }, 'month'],
      [
        'PUT',
        `/api/v1/scorecards/partners/${a.id}/success-rates/${prevP.months[0]}`,
        { rate: 0.99, extra: true },
        'extra',
      ],
    ];
    for (const [method, path, body, field] of bad) {
      const r = await api.call(method, path, { token: staff, body });
      assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
      assert.match(JSON.stringify([r.body.message, r.body.fields]), new RegExp(field));
    }
    assert.equal((await score('0123456789abcdef01234567', prev)).status, 404);
    assert.equal(
      (await api.call('GET', `/api/v1/programmes/0123456789abcdef01234567/scorecard-tables`, { token: staff })).status,
      404,
    );
  });

  it('FT-14 closing a half-year that has not ended is 409 and stores nothing', async () => {
    const r = await close(periodOf(now));
    assert.equal(r.status, 409);
    assert.match(r.body.message, /尚未结束/);
  });

  describe('FT-14 period close', () => {
    let low: Awaited<ReturnType<typeof newPartner>>;
    let low2: Awaited<ReturnType<typeof newPartner>>;
    let high: Awaited<ReturnType<typeof newPartner>>;
    let idle: Awaited<ReturnType<typeof newPartner>>;
    let lowEscalated: { id: string };
    let lowIncident: string;
    let first: any;

    before(async () => {
      low = await newPartner('丁数据服务有限公司');
      low2 = await newPartner('戊智能科技有限公司');
      high = await newPartner('己云计算有限公司');
      idle = await newPartner('庚新近加入有限公司');
      for (const p of [low, low2]) {
        assert.equal((await rate(p.id, prev, 5)).status, 200);
        const inc = await incident(p.id, prev, 'I', inPrev(30));
        assert.equal(inc.status, 201, JSON.stringify(inc.body));
        lowIncident = inc.body.securityIncidents[0].id;
        await complaint(p.id, 'ordinary', inPrev(40)); // never answered: late
        lowEscalated = await complaint(p.id, 'escalated', inPrev(41));
      }
      assert.equal((await rate(high.id, prev, 28)).status, 200);
      for (const [month, value] of [
        [prevP.months[1], 0.998],
        [prevP.months[2], 0.9995],
      ] as const) {
        const r = await api.call('PUT', `/api/v1/scorecards/partners/${high.id}/success-rates/${month}`, {
          token: staff,
          body: { rate: value },
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
      // answered, but only now: after its due instant, so late all the same
      const answered = await complaint(high.id, 'ordinary', inPrev(50));
      const reply = await api.call('POST', `/api/v1/complaints/${answered.id}/replies`, {
        token: high.token,
        body: { text: '已处理' },
      });
      await api.call('POST', `/api/v1/complaints/${answered.id}/confirm`, {
        token: staff,
        body: { replyId: reply.body.replies[0].id },
      });
      first = await close(prev);
      assert.equal(first.status, 200, JSON.stringify(first.body));
    });

    const row = (id: string, body = first.body) => body.partners.find((p: any) => p.partnerId === id);

    it('FT-14 close freezes every taking-part partner; the closed snapshot equals POST /scorecards/simulate for the same inputs', async () => {
      assert.equal(row(idle.id), undefined, 'a partner created after the period with nothing recorded takes no part');
      assert.equal(row(low.id).total, 33.5); // 5 + 39.5 + 29 − 40
      assert.equal(row(low.id).rectificationRequired, true);
      assert.equal(row(high.id).total, 95.5); // 28 + 39.5 (answered late) + 30 − 2 (one month below 99.9%)
      assert.equal(row(high.id).rectificationId, null);

      for (const p of [low, high]) {
        const view = (await score(p.id, prev)).body;
        assert.equal(view.status, 'closed');
        assert.ok(view.closedAt);
        const body = {
          ...view.input,
          complaints: view.input.complaints.map(({ dueAt: _dueAt, ...c }: any) => c),
        };
        const sim = await api.call('POST', '/api/v1/scorecards/simulate', { token: staff, body });
        assert.equal(sim.status, 200, JSON.stringify(sim.body));
        const { onboarding, complaintEfficiency, escalated, deductions, total, rectificationRequired } = view.result;
        assert.deepEqual(sim.body, {
          onboarding,
          complaintEfficiency,
          escalated,
          deductions,
          total,
          rectificationRequired,
        });
      }
      const highView = (await score(high.id, prev)).body;
      assert.deepEqual(highView.result.detail.lowMonths, [prevP.months[1]]);
      assert.ok(
        highView.entries.some((e: any) => e.component === 'deductions' && e.points === -2 && /99\.8%/.test(e.reason)),
      );
      assert.ok(highView.history.some((h: any) => h.period === prev && h.status === 'closed' && h.total === 95.5));
      assert.ok(highView.entries.some((e: any) => e.points === -0.5 && /有效回复晚于截止时间/.test(e.reason)));
    });

    it('FT-14 a closed total below 60 opens one rectification case due 20 working days after the close, with notices', async () => {
      const list = await api.call('GET', `/api/v1/rectifications?partnerId=${low.id}`, { token: staff });
      assert.equal(list.body.items.length, 1);
      const c = list.body.items[0];
      assert.equal(c.status, 'open');
      assert.equal(c.period, prev);
      assert.equal(c.total, 33.5);
      assert.equal(c.terminationRecommended, false);
      const view = (await score(low.id, prev)).body;
      const expected = await api.call(
        'GET',
        `/api/v1/calendar/working-day-deadline?start=${encodeURIComponent(view.closedAt)}&days=20`,
      );
      assert.equal(c.deadline, expected.body.dueAt);
      assert.equal(view.rectification.id, c.id);
      assert.ok(await notices.getJob(noticeJobId(`rectification-opened-${c.id}`)));
      const closedNotice = await notices.getJob(noticeJobId(`scorecard-closed-${low.id}-${prev}`));
      assert.match(closedNotice!.data.text, /33\.5 分/);
      assert.equal(
        (await api.call('GET', `/api/v1/rectifications?partnerId=${high.id}`, { token: staff })).body.items.length,
        0,
      );
    });

    it('FT-14 repeating the close changes nothing', async () => {
      const snapshotAudits = await audits('scorecard_snapshot', row(low.id).snapshotId);
      const noticeCount = await notices.count();
      const again = await close(prev);
      assert.equal(again.status, 200);
      assert.equal(again.body.newlyClosed, 0);
      for (const p of [low, low2, high]) {
        assert.deepEqual({ ...row(p.id, again.body), newlyClosed: true }, { ...row(p.id), newlyClosed: true });
        assert.equal(row(p.id, again.body).newlyClosed, false);
      }
      assert.deepEqual(await audits('scorecard_snapshot', row(low.id).snapshotId), snapshotAudits);
      assert.equal(
        (await api.call('GET', `/api/v1/rectifications?partnerId=${low.id}`, { token: staff })).body.items.length,
        1,
      );
      assert.equal(await notices.count(), noticeCount);
    });

    it('FT-14 after the close every input edit of that period is 409, and later table edits or complaints never rewrite it', async () => {
      const before = (await score(low.id, prev)).body;
      const edits: [string, string, unknown][] = [
        ['PUT', `/api/v1/scorecards/partners/${low.id}/periods/${prev}/onboarding`, { rating: 30, comment: '补评' }],
        [
          'POST',
          `/api/v1/scorecards/partners/${low.id}/periods/${prev}/security-incidents`,
          { level: 'IV', description: 'x', occurredAt: inPrev(2) },
        ],
        ['PUT', `/api/v1/scorecards/partners/${low.id}/success-rates/${prevP.months[0]}`, { rate: 0.5 }],
        [
          'PUT',
          `/api/v1/scorecards/escalations/${lowEscalated.id}`,
          { attributable: false, malicious: false, reason: '非伙伴责任' },
        ],
      ];
      for (const [method, path, body] of edits) {
        const r = await api.call(method, path, { token: staff, body });
        assert.equal(r.status, 409, `${method} ${path}: ${JSON.stringify(r.body)}`);
      }
      const del = await api.call(
        'DELETE',
        `/api/v1/scorecards/partners/${low2.id}/periods/${prev}/security-incidents/${lowIncident}?reason=${encodeURIComponent('误录')}`,
        { token: staff },
      );
      assert.equal(del.status, 409);
      const tablesPath = `/api/v1/programmes/${programmeId}/scorecard-tables`;
      const tables = (await api.call('GET', tablesPath, { token: staff })).body.tables;
      assert.equal(
        (
          await api.call('PUT', tablesPath, {
            token: staff,
            body: { ...tables, securityIncidentPoints: { ...tables.securityIncidentPoints, I: 5 } },
          })
        ).status,
        200,
      );
      await complaint(low.id, 'ordinary', inPrev(60));
      const afterwards = (await score(low.id, prev)).body;
      assert.deepEqual(afterwards.result, before.result);
      assert.equal(afterwards.tablesVersion, before.tablesVersion);
      assert.deepEqual(afterwards.entries, before.entries);
    });

    it('FT-14 rectification: the partner submits plan and evidence, staff pass; a second decision is 409', async () => {
      const c = (await api.call('GET', '/api/v1/rectifications', { token: low.token })).body.items[0];
      assert.equal(c.partnerId, low.id);
      assert.equal((await api.call('GET', `/api/v1/rectifications/${c.id}`, { token: high.token })).status, 404);
      assert.equal((await api.call('GET', '/api/v1/rectifications', { token: high.token })).body.items.length, 0);
      const early = await api.call('POST', `/api/v1/rectifications/${c.id}/decide`, {
        token: staff,
        body: { decision: 'pass', reason: '提前' },
      });
      assert.equal(early.status, 409, 'no plan yet');
      const body = {
        plan: '整改方案：加强客户信息保护培训，升级访问控制。',
        evidence: ['培训签到表', 'https://example.com/evidence/1'],
      };
      assert.equal(
        (await api.call('POST', `/api/v1/rectifications/${c.id}/submissions`, { token: high.token, body })).status,
        404,
      );
      assert.equal(
        (await api.call('POST', `/api/v1/rectifications/${c.id}/submissions`, { token: staff, body })).status,
        403,
      );
      const sub = await api.call('POST', `/api/v1/rectifications/${c.id}/submissions`, { token: low.token, body });
      assert.equal(sub.status, 201, JSON.stringify(sub.body));
      assert.equal(sub.body.status, 'submitted');
      assert.deepEqual(sub.body.submissions[0].evidence, body.evidence);
      assert.equal(sub.body.submissions[0].afterDeadline, false);
      const pass = await api.call('POST', `/api/v1/rectifications/${c.id}/decide`, {
        token: staff,
        body: { decision: 'pass', reason: '整改到位' },
      });
      assert.equal(pass.status, 200);
      assert.equal(pass.body.status, 'passed');
      assert.equal(pass.body.terminationRecommended, false);
      const trail = await audits('rectification', c.id);
      const again = await api.call('POST', `/api/v1/rectifications/${c.id}/decide`, {
        token: staff,
        body: { decision: 'fail', reason: '改判' },
      });
      assert.equal(again.status, 409);
      assert.equal(
        (await api.call('POST', `/api/v1/rectifications/${c.id}/submissions`, { token: low.token, body })).status,
        409,
      );
      assert.deepEqual(await audits('rectification', c.id), trail, 'refused requests change nothing');
      assert.deepEqual(
        trail.map((a) => a.action),
        ['rectification.opened', 'rectification.submitted', 'rectification.decided'],
      );
      assert.ok(await notices.getJob(noticeJobId(`rectification-decided-${c.id}`)));
    });

    it('FT-14 a failed rectification records a termination recommendation', async () => {
      const c = (await api.call('GET', `/api/v1/rectifications?partnerId=${low2.id}`, { token: staff })).body.items[0];
      const tooEarly = await api.call('POST', `/api/v1/rectifications/${c.id}/decide`, {
        token: staff,
        body: { decision: 'fail', reason: '未提交' },
      });
      assert.equal(tooEarly.status, 409, 'no failing before the deadline without a submission');
      await api.call('POST', `/api/v1/rectifications/${c.id}/submissions`, {
        token: low2.token,
        body: { plan: '方案', evidence: [] },
      });
      const fail = await api.call('POST', `/api/v1/rectifications/${c.id}/decide`, {
        token: staff,
        body: { decision: 'fail', reason: '整改措施不到位' },
      });
      assert.equal(fail.status, 200);
      assert.equal(fail.body.status, 'failed');
      assert.equal(fail.body.terminationRecommended, true);
      assert.equal(fail.body.decision.reason, '整改措施不到位');
      const notice = await notices.getJob(noticeJobId(`rectification-decided-${c.id}`));
      assert.match(notice!.data.text, /终止合作建议/);
    });

    it('FT-14 the period export is an Excel workbook with every partner’s components, total and rectification state', async () => {
      const res = await fetch(`${api.url}/api/v1/scorecards/periods/${prev}/export.xlsx?programmeId=${programmeId}`, {
        headers: { authorization: `Bearer ${staff}` },
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /spreadsheetml/);
      const sheet = await readSheet('x.xlsx', Buffer.from(await res.arrayBuffer()), 1000);
      assert.deepEqual(sheet.headers, [
        '伙伴编码',
        '伙伴名称',
        '考核期',
        '状态',
        '入网洽谈与技术对接',
        '投诉处理效率',
        '升级投诉',
        '扣分',
        '总分',
        '是否需整改',
        '整改状态',
        '是否暂停',
      ]);
      const byCode = new Map(sheet.rows.map((r) => [r.cells[0], r.cells]));
      assert.deepEqual(byCode.get(high.code), [
        high.code,
        high.name,
        prev,
        '已结算',
        28,
        39.5,
        30,
        2,
        95.5,
        '否',
        null,
        '否',
      ]);
      assert.deepEqual(byCode.get(low2.code)!.slice(9), ['是', '整改未通过', '否']);
      const partners = (await api.call('GET', '/api/v1/partners', { token: staff })).body.filter(
        (p: any) => p.programmeId === programmeId,
      );
      assert.equal(sheet.rows.length, partners.length, 'one row per partner of the programme');
      const forbidden = await fetch(`${api.url}/api/v1/scorecards/periods/${prev}/export.xlsx`, {
        headers: { authorization: `Bearer ${high.token}` },
      });
      assert.equal(forbidden.status, 403);
      const bad = await fetch(`${api.url}/api/v1/scorecards/periods/2026H3/export.xlsx`, {
        headers: { authorization: `Bearer ${staff}` },
      });
      assert.equal(bad.status, 400);
    });
  });
});
