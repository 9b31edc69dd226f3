/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { waitFor } from './support/system.js';
import { beijingWall, startSimulation, type Simulation } from './support/simulation.js';

const API_PORT = Number(process.env.HUOBAN_E2E_API_PORT ?? 3100);
const WEB_PORT = Number(process.env.HUOBAN_E2E_WEB_PORT ?? 8180);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const items = (body: any): any[] => (Array.isArray(body) ? body : body.items);

/**
 * Issue #17 over the real processes: api (HTTP), worker (BullMQ) and bot (mock puppet) read one clock the test
 * moves (HUOBAN_TEST_CLOCK_FILE). The worker's schedules follow it (worker/src/clock-watch.ts): each move runs the
 * sweepers, a daily task runs once when the clock passes its hour, and the move is acknowledged when they are done.
 * Every timed rule is shown to fire exactly once, on its day and hour (the move before: nothing), with one audit
 * entry and one message in the WeChat room. The timelines go to test-artifacts/.
 */
describe('partner lifecycles over two simulated years (api + worker + bot on FerretDB and Redis, moved clock)', () => {
  let sim: Simulation;
  const move = (to: string) => sim.move(to);
  const call = (method: string, path: string, body?: unknown, token?: string) => sim.call(method, path, body, token);
  const audits = (entityId: string, action: string) => sim.audits(entityId, action);
  const delivered = (noticeId: string) => sim.delivered(noticeId);
  const record = (event: string, rule: string, detail = '') => sim.record(event, rule, detail);

  before(async () => {
    sim = await startSimulation({ apiPort: API_PORT, webPort: WEB_PORT, start: '2026-09-01T10:00:00' });
  });

  after(() => sim?.stop());

  it('FT-2…FT-11 FT-12 FT-13 FT-14 FT-15 FT-16 FT-17.1 FT-17.3 FT-18: recruited over HTTP, two years lived, exits on its agreed date', async () => {
    const programmeId = (
      await call('POST', '/api/v1/programmes', {
        code: 'sim-ft',
        name: '行业拓展合作（模拟）',
        rulebook: 'scorecard',
        complaintWindow: { start: '00:00', end: '24:00', days: 'all' },
        slaHours: 12,
        warningMinutes: [60],
      })
    ).id;
    const users: Record<string, { id: string; token: string }> = {};
    for (const [name, role, team] of [
      ['sim-rev', 'reviewer', '政企拓展团队'],
      ['sim-a', 'committee', '客户服务团队'],
      ['sim-b', 'staff', '产品运营团队'],
      ['sim-c', 'staff', '风控团队'],
    ]) {
      const u = await call('POST', '/api/v1/intake/staff-users', {
        username: name,
        password: 'password-123',
        role,
        team,
      });
      const login = await call('POST', '/api/v1/auth/staff/login', { username: name, password: 'password-123' }, '');
      users[name] = { id: u.id, token: login.accessToken };
    }
    // ---- FT-3 FT-6 batch notice → FT-2 application → FT-7 pre-review → FT-8 panel
    const draft = await call('POST', '/api/v1/intake/recruitments', {
      programmeId,
      title: '餐饮行业拓展服务商招募（模拟）',
      mode: 'batch',
      quota: 1,
      closesOn: '2026-09-10',
      products: ['和包食堂'],
    });
    const notice = await call('POST', `/api/v1/intake/recruitments/${draft.id}/publish`, { rev: draft.rev });
    assert.equal(await delivered(`recruitment-${notice.id}-published`), 1);
    record('招募公告发布（群消息 1 条）', 'FT-3 FT-6', notice.title);
    const applicant = (await call('POST', '/api/v1/auth/applicant/dev-login', { name: 'sim-applicant' }, ''))
      .accessToken;
    let app = await call(
      'POST',
      '/api/v1/intake/applications',
      {
        recruitmentId: notice.id,
        company: {
          name: '模拟科技有限公司',
          creditCode: '9144030071526726XG',
          registeredOn: '2020-05-01',
          legalRep: '法人',
          taxpayerType: 'general',
          contacts: [{ name: '联系人', phone: '13800000000', email: 'sim@example.com' }],
        },
        answers: ['c1', 'c2', 'c3', 'c4'].map((criterion) => ({ criterion, met: true })),
        declaration: true,
      },
      applicant,
    );
    await sim.upload(
      `/api/v1/intake/applications/${app.id}/files`,
      { criterion: 'c1' },
      { name: '营业执照.pdf', bytes: PDF },
      applicant,
    );
    app = await call('GET', `/api/v1/intake/applications/${app.id}`, undefined, applicant);
    app = await call('POST', `/api/v1/intake/applications/${app.id}/submit`, { rev: app.rev }, applicant);
    record('提交申请', 'FT-2');
    const seat = `/api/v1/intake/applications/${app.id}`;
    const verdicts = ['c1', 'c2', 'c3', 'c4'].map((criterion) => ({ criterion, met: true, comment: '符合' }));
    app = await call('POST', `${seat}/pre-review`, { rev: app.rev, verdicts }, users['sim-rev'].token);
    record('预审通过', 'FT-7');
    app = await call('POST', `${seat}/evaluation`, {
      rev: app.rev,
      memberIds: ['sim-a', 'sim-b', 'sim-c'].map((u) => users[u].id),
    });
    for (const who of ['sim-a', 'sim-b', 'sim-c']) {
      app = await call('POST', `${seat}/declarations`, { rev: app.rev, conflict: false }, users[who].token);
      app = await call('POST', `${seat}/votes`, { rev: app.rev, pass: true }, users[who].token);
    }
    assert.equal(app.status, 'evaluated');
    record('评审小组表决通过', 'FT-8');
    // ---- FT-9 committee → 公示 → FT-10 signing → FT-11 letter
    await move('2026-09-20T10:00:00');
    const meeting = await call(
      'POST',
      '/api/v1/intake/meetings',
      {
        recruitmentId: notice.id,
        heldOn: '2026-09-20',
        attendees: ['主任', '副主任'],
        minutes: '经部务会研究，同意引入。',
        decisions: [{ applicationId: app.id, approve: true }],
      },
      users['sim-a'].token,
    );
    record('部务会决定引入', 'FT-9');
    await move('2026-09-21T10:00:00');
    await call('POST', `/api/v1/intake/meetings/${meeting.id}/publicize`, { rev: meeting.rev });
    record('结果公示', 'FT-9');
    await move('2026-09-25T09:00:00');
    app = await call('GET', seat);
    const partnerCode = 'SIMFT01';
    const signed = await call('POST', `${seat}/sign`, {
      rev: app.rev,
      partnerCode,
      termStart: '2026-10-01',
      termEnd: '2028-09-30',
      products: ['和包食堂'],
    });
    const partnerId: string = signed.partner.id;
    assert.equal(await audits(partnerId, 'partner.admitted'), 1);
    record('签约，伙伴准入（申请中→合作中）', 'FT-10', '合同期 2026-10-01 至 2028-09-30');
    const letter = await call('POST', `${seat}/letter`, {});
    assert.equal(letter.status, 'valid');
    record('出具业务拓展授权书', 'FT-11', letter.letterNo);
    const partner = (await call('POST', '/api/v1/auth/partner/dev-login', { partnerCode }, '')).accessToken;

    // ---- FT-17.1: the monthly figures show no customers for six months; the trigger trips on the day, at 08:45
    await move('2027-03-05T10:00:00');
    const csv = ['2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2027-02'].map(
      (m) => `${partnerCode},${m},0,99.95%,0`,
    );
    const sheet = `\uFEFF伙伴编码,月份,结算前收入（元）,交易成功率,客户数\n${csv.join('\n')}\n`;
    const imported = await sim.upload(
      '/api/v1/metrics/imports',
      { programmeId },
      { name: '月度经营数据.csv', bytes: Buffer.from(sheet) },
    );
    await waitFor(
      'metrics applied',
      async () => (await call('GET', `/api/v1/metrics/imports/${imported.id}`)).status === 'done',
      30_000,
    );
    const cases = async () =>
      (await call('GET', '/api/v1/exit/cases?status=all')).items.filter((c: any) => c.partnerId === partnerId);
    await move('2027-03-24T08:45:00');
    assert.equal((await cases()).length, 0, 'the day before six months: nothing');
    await move('2027-03-25T08:45:00');
    const [tripped] = await cases();
    assert.equal(tripped.trigger, 'no_customers');
    assert.equal(await audits(tripped.id, 'exit_case.opened'), 1);
    assert.equal(await delivered(`exit-${tripped.id}-opened`), 1);
    record('签约满六个月客户数为零，自动立案（预审）', 'FT-17.1', '2026-09 至 2027-02 累计 0');
    await move('2027-03-26T10:00:00');
    await call('POST', `/api/v1/exit/cases/${tripped.id}/reject`, { reason: '已补录客户数据，继续合作' });
    record('退出案件驳回，继续合作', 'FT-18');
    await move('2027-03-30T08:45:00');
    assert.equal((await cases()).length, 1, 'the trigger does not open a second case');

    // ---- FT-12 / FT-13: complaints answered on time and late; an FT-15 spike
    const register = async (when: string) => {
      await move(when);
      const c = await call('POST', '/api/v1/complaints', {
        partnerId,
        kind: 'ordinary',
        channel: 'hotline_10086',
        summary: '客户反映到账延迟',
        receivedAt: sim.now().toISOString(),
      });
      return c as { id: string; no: string; dueAt: string };
    };
    const answer = async (c: { id: string }) => {
      const replied = await call(
        'POST',
        `/api/v1/complaints/${c.id}/replies`,
        { text: '已核实并处理，款项已到账。' },
        partner,
      );
      const replyId = replied.replies.at(-1).id;
      return call('POST', `/api/v1/complaints/${c.id}/confirm`, { replyId });
    };
    for (const day of ['2027-04-19', '2027-04-26', '2027-05-03', '2027-05-10'])
      await answer(await register(`${day}T10:00:00`));
    const late: { id: string; no: string; dueAt: string }[] = [];
    for (const [h, isLate] of [
      [12, false],
      [14, true],
      [16, false],
      [18, true],
    ] as const) {
      const c = await register(`2027-05-19T${h}:00:00`);
      if (isLate) late.push(c);
      else await answer(c);
    }
    record('一周一宗（按时回复）后，一天四宗（两宗未按时回复）', 'FT-13');
    // each late one breaches once, when the clock passes its due instant (12 h later, all-day window)
    for (const c of late) {
      const breaches = () => audits(c.id, 'complaint.sla_breached');
      await move(beijingWall(Date.parse(c.dueAt) - 60_000));
      assert.equal(await breaches(), 0, `${c.no}: a minute before it is due, no breach`);
      await move(beijingWall(Date.parse(c.dueAt)));
      assert.equal(await breaches(), 1, `${c.no}: breached once`);
      const detail = await call('GET', `/api/v1/complaints/${c.id}`);
      assert.equal(detail.slaState, 'breached');
      assert.ok(Date.parse(detail.breachedAt) - Date.parse(c.dueAt) < 60_000, 'on the due minute');
      assert.equal(await delivered(`sla-${c.id}-breach`), 1);
      record(`投诉 ${c.no} 超时未回复`, 'FT-12 WT-4', '−0.5 分');
    }
    await move('2027-05-20T08:29:00');
    const spike = `anomaly-${partnerId}-2027-05-20`;
    assert.equal(await audits(partnerId, 'partner.anomaly_detected'), 0, 'the minute before the check: none');
    await move('2027-05-20T08:30:00');
    assert.equal(await audits(partnerId, 'partner.anomaly_detected'), 1);
    assert.equal(await delivered(spike), 1);
    record('投诉突增预警', 'FT-15', '近7日 4 宗，此前4周每周 1 宗');
    await move('2027-05-20T10:00:00');
    for (const c of late) await answer(c);
    record('超时投诉补回复', 'FT-12a', '回复晚于时限，仍计超时');
    // a level II information-security incident in the half-year: −20
    await call('POST', `/api/v1/scorecards/partners/${partnerId}/periods/2027H1/security-incidents`, {
      level: 'II',
      description: '客户信息外泄（二级）',
      occurredAt: '2027-05-20T09:00:00+08:00',
    });
    record('信息安全事件（二级）', 'FT-12', '−20 分');

    // ---- FT-12 / FT-14: 2027H1 closes under 60 → rectification, submitted and passed
    await move('2027-07-01T10:00:00');
    const closed = await call('POST', '/api/v1/scorecards/periods/2027H1/close', {});
    const mine = (closed.partners ?? closed.items).find((x: any) => x.partnerId === partnerId);
    assert.ok(mine.total < 60 && mine.rectificationRequired, `2027H1 total ${mine.total}`);
    const [rect] = items(await call('GET', `/api/v1/rectifications?partnerId=${partnerId}`));
    assert.equal(await audits(rect.id, 'rectification.opened'), 1);
    assert.equal(await delivered(`rectification-opened-${rect.id}`), 1);
    record('2027 上半年考核结算，低于 60 分，开立整改', 'FT-12 FT-14', `${mine.total} 分`);
    await move('2027-07-05T10:00:00');
    await call(
      'POST',
      `/api/v1/rectifications/${rect.id}/submissions`,
      { plan: '增设专人值守，两小时内回复', evidence: [] },
      partner,
    );
    record('伙伴提交整改方案', 'FT-14');
    await move('2027-07-08T10:00:00');
    const decided = await call('POST', `/api/v1/rectifications/${rect.id}/decide`, {
      decision: 'pass',
      reason: '整改措施落实',
    });
    assert.equal(decided.status, 'passed');
    record('整改通过', 'FT-14');

    // ---- FT-17.3: a voluntary exit with notice, approved to end on 2028-09-30
    await move('2028-06-10T10:00:00');
    const requested = await call(
      'POST',
      '/api/v1/exit/requests',
      { reason: '业务方向调整', desiredEndOn: '2028-09-30', commitment: true },
      partner,
    );
    record('伙伴申请退出', 'FT-17.3', '期望终止日期 2028-09-30');
    await call('POST', `/api/v1/exit/cases/${requested.id}/start-approval`);
    await move('2028-06-12T10:00:00');
    const approved = await call('POST', `/api/v1/exit/cases/${requested.id}/approve`, {
      reason: '同意于2028-09-30终止合作',
    });
    assert.equal(approved.endOn, '2028-09-30');
    record('批准退出', 'FT-18', '约定终止日期 2028-09-30');

    // ---- FT-16: the renewal review one month before the term ends, at 09:00, from the contract signed in intake
    const reviews = async () => items(await call('GET', `/api/v1/renewals?partnerId=${partnerId}`));
    await move('2028-08-29T09:00:00');
    assert.equal((await reviews()).length, 0, 'the day before: nothing');
    await move('2028-08-30T08:59:00');
    assert.equal((await reviews()).length, 0, 'the minute before: nothing');
    await move('2028-08-30T09:00:00');
    const [review] = await reviews();
    assert.equal(review.endsAt, '2028-09-30');
    assert.equal(await audits(review.id, 'renewal.reviewed'), 1);
    assert.equal(await delivered(`renewal-${review.id}`), 1);
    record(
      '续约评审（合同到期前一个月）',
      'FT-16',
      review.renew ? '建议续约' : `不建议续约：${review.reasons.join('；')}`,
    );
    await move('2028-08-31T09:00:00');
    assert.equal((await reviews()).length, 1, 'the next day: no second review');

    // ---- the partner serves through the notice period; termination takes effect at 00:00 on the agreed date
    const verify = async () => (await sim.sys.call('GET', `/api/v1/public/letters/${letter.code}`)).body.status;
    await move('2028-09-29T23:59:00');
    assert.equal(await verify(), 'valid', 'the partner keeps serving');
    assert.equal((await call('GET', `/api/v1/exit/cases/${requested.id}`)).status, 'approved');
    await move('2028-09-30T00:00:00');
    assert.equal((await call('GET', `/api/v1/exit/cases/${requested.id}`)).status, 'terminated');
    assert.equal(await audits(requested.id, 'exit_case.terminated'), 1);
    assert.equal(await delivered(`exit-${requested.id}-terminated`), 1);
    assert.equal((await call('GET', `/api/v1/partners/${partnerId}`)).status, 'exited');
    assert.equal(await verify(), 'revoked');
    record('按约定日期终止合作，授权书失效', 'FT-17.3 FT-18');
    await move('2028-09-30T10:00:00');
    assert.equal(await audits(requested.id, 'exit_case.terminated'), 1, 'later sweeps change nothing');
    assert.equal(sim.writeTimeline('partner-timeline-e2e.md', '伙伴生命周期（真实进程，模拟时钟）'), 23);
  });
  it('MG-2 MG-8 MG-5 MG-4 MG-6 MG-7 MG-13: a credit-rulebook partner, each month closed by the worker once, on the 1st at 01:15', async () => {
    await move('2028-10-01T10:00:00');
    const programmeId = (
      await call('POST', '/api/v1/programmes', {
        code: 'sim-mg',
        name: '咪咕渠道合作（模拟）',
        rulebook: 'credit',
        complaintWindow: { start: '00:00', end: '24:00', days: 'all' },
        slaHours: 12,
        warningMinutes: [60],
      })
    ).id;
    const partner = await call('POST', '/api/v1/partners', {
      code: 'SIMMG01',
      name: '咪咕推广渠道有限公司',
      programmeId,
    });
    const opened = await call('POST', '/api/v1/credit/accounts', {
      partnerId: partner.id,
      tier: 'strategic',
      joinedAt: '2028-10-01',
      firstMonth: '2028-10',
    });
    assert.equal(opened.score, 75);
    const accountId: string = opened.accountId;
    record('开立信用积分账户（战略伙伴 95−20）', 'MG-2', '75 分');
    const event = async (when: string, body: Record<string, unknown>, what: string, rule: string, detail = '') => {
      await move(when);
      await call('POST', `/api/v1/credit/accounts/${partner.id}/events`, body);
      record(what, rule, detail);
    };
    const account = () => call('GET', `/api/v1/credit/accounts/${partner.id}`);
    const closes = async (month: string) =>
      (
        await sim.db.collection('audit_log').find({ entityId: accountId, action: 'credit.month_closed' }).toArray()
      ).filter((a) => a.after?.month === month).length;
    /** `month` is closed by the worker's daily run at 01:15 on the 1st of the next (a minute before: not yet). */
    const close = async (month: string, score: number, kinds: string[]) => {
      const [y, m] = month.split('-').map(Number);
      const next = `${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}-01`;
      await move(`${next}T01:14:00`);
      assert.notEqual((await account()).lastClosedMonth, month, `${month}: a minute before, not closed`);
      await move(`${next}T01:15:00`);
      const acc = await account();
      assert.equal(acc.lastClosedMonth, month);
      assert.equal(acc.score, score);
      assert.equal(await closes(month), 1);
      const entries = acc.entries.filter((e: any) => e.month === month && e.kind !== 'initial');
      assert.deepEqual(
        entries.map((e: any) => e.kind),
        kinds,
      );
      record(
        `${month} 月结`,
        ['MG-13', ...entries.map((e: any) => e.rule)].join(' '),
        [...entries.map((e: any) => `${e.rule} ${e.applied > 0 ? '+' : ''}${e.applied}`), `月末 ${score} 分`].join(
          '；',
        ),
      );
      return acc;
    };
    await event(
      '2028-10-15T10:00:00',
      { type: 'deduction', month: '2028-10', category: 'violation', code: 'V-TARIFF', ref: 'WG-1' },
      '资费违约扣分',
      'MG-8',
      '−10 分',
    );
    await close('2028-10', 65, ['deduction']);
    await close('2028-11', 65, []);
    await close('2028-12', 65, []);
    await event(
      '2029-01-10T10:00:00',
      { type: 'quarterRank', month: '2029-01', quarter: '2028Q4', rank: 1, of: 20 },
      '2028Q4 季度推广排名：第 1 名 / 20',
      'MG-4',
      '次月计入 +5 分',
    );
    await close('2029-01', 70, ['recovery']); // MG-5: the third clean month
    await close('2029-02', 80, ['bonus', 'recovery']); // MG-13 order: the bonus, then the recovery at close
    await event(
      '2029-03-15T10:00:00',
      { type: 'rerate', month: '2029-03', tier: 'cooperation' },
      '层级调整：战略伙伴→战略合作伙伴',
      'MG-6',
      '+20 分',
    );
    const march = await close('2029-03', 100, ['rerate']);
    assert.equal(march.next.aClassReviewPending, true);
    assert.equal(await delivered(`credit-aclass-${accountId}-2029-03`), 1);
    await event(
      '2029-04-10T10:00:00',
      { type: 'aClassReview', month: '2029-04', result: 'pass' },
      '登记 A 级渠道评审结论：通过',
      'MG-7',
    );
    const april = await close('2029-04', 100, ['aClassPass']);
    assert.equal(april.aClass, true);
    assert.equal(await delivered(`credit-aclass-${accountId}-2029-04`), 1);
    await move('2029-05-02T10:00:00');
    assert.equal(await closes('2029-04'), 1, 'the next day’s run closes nothing again');
    assert.equal(
      await sim.db.collection('bot_deliveries').countDocuments({ noticeId: { $regex: `^credit-aclass-${accountId}` } }),
      2,
    );
    assert.equal(
      sim.writeTimeline('credit-partner-timeline-e2e.md', '信用积分制伙伴生命周期（真实进程，模拟时钟）'),
      12,
    );
  });
});
