import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import mongoose from 'mongoose';
import {
  CalendarSource,
  ExitTimerScheduler,
  MetricsRepository,
  SYSTEM_ACTOR,
  connectCore,
  connectExit,
  createExitQueue,
  exitTimerId,
  metricsModels,
  redisConnection,
  type ExitFeature,
  type ExitJobData,
  type ExitStage,
  type NoticeJobData,
  type Notifier,
  SlaHandler,
  badCreditNameKey,
  coreEnv,
  ExitHandler,
} from '@huoban/core';
import { workerTestbed, type WorkerTestbed } from '../test/support.js';
import { complaintFields } from '@huoban/core/testing';

const STAFF = { type: 'user' as const, id: 'staff-1', role: 'staff' as const, name: '运营' };

describe('exit handler: automatic triggers and deadline timers (real FerretDB + Redis)', () => {
  let bed: WorkerTestbed;
  let exit: ExitFeature;
  let handler: ExitHandler;
  let queue: Queue<ExitJobData>;
  const sent: NoticeJobData[] = [];
  const notifier = { notify: async (...n: NoticeJobData[]) => void sent.push(...n) };
  const redis = redisConnection(coreEnv().redisUrl);

  before(async () => {
    bed = await workerTestbed('exit');
    const calendar = new CalendarSource(bed.repos.calendar);
    exit = await connectExit(connectCore(bed.conn, { notifier, calendar }));
    queue = createExitQueue(redis, `t-exit-${bed.id}`);
    handler = new ExitHandler(bed.conn, exit.service, new ExitTimerScheduler(queue), notifier, calendar);
  });
  after(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
    await bed.close();
  });

  const partner = async (name: string, createdAt: Date) => {
    const p = (await bed.repos.partners.create({
      code: `X${randomBytes(3).toString('hex')}`,
      name,
      programmeId: bed.programmeId,
    }))!;
    await bed.conn
      .collection('partners')
      .updateOne({ _id: new (await import('mongoose')).Types.ObjectId(p.id) }, { $set: { createdAt } });
    return (await bed.repos.partners.get(p.id))!;
  };
  const importCustomers = async (
    rows: { partnerId: string; partnerCode: string; month: string; customers: number | null }[],
  ) => {
    const metrics = new MetricsRepository(await metricsModels(bed.conn));
    await metrics.create({
      programmeId: bed.programmeId,
      fileName: 'metrics.xlsx',
      sha256: randomBytes(16).toString('hex'),
      rows: rows.map((r, i) => ({ row: i + 2, revenue: null, successRate: null, ...r })),
      actor: STAFF,
      at: new Date(),
    });
  };
  const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];

  it('FT-17.1 zero industry customers six months after signing opens one precheck case; run twice → one case', async () => {
    const zero = await partner('零客户科技有限公司', new Date('2026-01-10T02:00:00Z'));
    const some = await partner('有客户科技有限公司', new Date('2026-01-10T02:00:00Z'));
    const gap = await partner('缺数据科技有限公司', new Date('2026-01-10T02:00:00Z'));
    await importCustomers([
      ...months.map((month) => ({ partnerId: zero.id, partnerCode: zero.code, month, customers: 0 })),
      ...months.map((month, i) => ({ partnerId: some.id, partnerCode: some.code, month, customers: i === 3 ? 4 : 0 })),
      ...months
        .filter((m) => m !== '2026-04')
        .map((month) => ({ partnerId: gap.id, partnerCode: gap.code, month, customers: 0 })),
    ]);
    // the day before six months: nothing
    const early = await handler.triggers(new Date('2026-07-09T12:00:00+08:00'));
    assert.equal(early.opened.filter((o) => [zero.id, some.id, gap.id].includes(o.partnerId)).length, 0);

    const now = new Date('2026-07-10T09:00:00+08:00');
    const first = await handler.triggers(now);
    const mine = first.opened.filter((o) => [zero.id, some.id, gap.id].includes(o.partnerId));
    assert.deepEqual(
      mine.map((o) => [o.partnerId, o.trigger]),
      [[zero.id, 'no_customers']],
    );
    assert.deepEqual(
      first.missing.find((m) => m.partnerId === gap.id)?.months,
      ['2026-04'],
      'a missing month is reported, not read as zero',
    );
    const second = await handler.triggers(now);
    assert.equal(second.opened.length, 0);
    const cases = await exit.cases.forPartner(zero.id);
    assert.equal(cases.length, 1);
    assert.equal(cases[0].status, 'precheck');
    assert.equal(cases[0].rule, 'FT-17.1');
    assert.deepEqual((cases[0].evidence as { months: string[] }).months, months);
    assert.equal(sent.filter((n) => n.noticeId === `exit-${cases[0].id}-opened`).length, 1);
    assert.equal((await bed.repos.partners.get(zero.id))!.status, 'active', 'a trigger never terminates');
  });

  it('FT-17.1 counts six months from the signing day of the one contract record (signed through intake), not the partner’s creation', async () => {
    const signed = await partner('后签约科技有限公司', new Date('2026-01-10T02:00:00Z'));
    await bed.repos.contracts.record({
      partnerId: signed.id,
      applicationId: `app-${bed.id}`,
      template: '行业拓展服务商合作协议（标准模板）',
      signedAt: '2026-02-15',
      termStart: '2026-03-01',
      endsAt: '2027-02-28',
      products: ['和包食堂'],
      certificatesValidUntil: null,
      meetsQualification: true,
      actor: STAFF,
    });
    const since = ['2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07'];
    await importCustomers(
      since.map((month) => ({ partnerId: signed.id, partnerCode: signed.code, month, customers: 0 })),
    );
    const mine = async (at: Date) => (await handler.triggers(at)).opened.filter((o) => o.partnerId === signed.id);
    // six months after its creation, but not after its signing: nothing
    assert.deepEqual(await mine(new Date('2026-07-10T09:00:00+08:00')), []);
    assert.deepEqual(await mine(new Date('2026-08-14T09:00:00+08:00')), []);
    const due = await mine(new Date('2026-08-15T09:00:00+08:00'));
    assert.deepEqual(
      due.map((o) => o.trigger),
      ['no_customers'],
    );
    const [c] = await exit.cases.forPartner(signed.id);
    assert.equal((c.evidence as { signedOn: string }).signedOn, '2026-02-15');
    assert.deepEqual((c.evidence as { months: string[] }).months, since);
  });

  it('FT-14 a failed rectification and FT-17.2 a level I incident open their cases once', async () => {
    const p = await partner('整改失败有限公司', new Date());
    const q = await partner('安全事件有限公司', new Date());
    const { Types } = await import('mongoose');
    await bed.conn.collection('rectifications').insertOne({
      partnerId: new Types.ObjectId(p.id),
      programmeId: new Types.ObjectId(bed.programmeId),
      period: '2026-H1',
      total: 52,
      threshold: 60,
      status: 'failed',
      terminationRecommended: true,
      decision: { result: 'fail', reason: '未按期整改' },
    });
    await bed.conn.collection('scorecard_inputs').insertOne({
      partnerId: new Types.ObjectId(q.id),
      programmeId: new Types.ObjectId(bed.programmeId),
      period: '2026-H2',
      kind: 'security_incident',
      key: 'inc-1',
      value: { level: 'I', description: '客户信息泄露', occurredAt: new Date() },
    });
    const now = new Date();
    const r1 = await handler.triggers(now);
    assert.deepEqual(
      r1.opened
        .filter((o) => [p.id, q.id].includes(o.partnerId))
        .map((o) => o.trigger)
        .sort(),
      ['rectification_failed', 'security_incident'],
    );
    assert.equal((await handler.triggers(now)).opened.length, 0);
  });

  it('FT-17.5 a partner on an imported dishonest list opens one case naming the list; run twice → one case', async () => {
    const p = await partner('失信名单测试有限公司', new Date());
    await bed.conn.collection('dishonest_list_entries').insertOne({
      list: 'dishonest_debtor',
      name: p.name,
      nameKey: badCreditNameKey(p.name),
      importId: 'imp-1',
    });
    const now = new Date();
    const first = await handler.triggers(now);
    assert.deepEqual(
      first.opened.filter((o) => o.partnerId === p.id).map((o) => o.trigger),
      ['dishonest_list'],
    );
    assert.equal((await handler.triggers(now)).opened.filter((o) => o.partnerId === p.id).length, 0);
    const [c] = await exit.cases.forPartner(p.id);
    assert.equal(c.rule, 'FT-17.5');
    assert.equal(c.status, 'precheck');
    assert.equal(c.reason, '命中失信名单：失信被执行人');
  });

  it('FT-18 deadline timers: warning and overdue to staff exactly once, job ids exit-<caseId>-<stage>-…', async () => {
    const p = await partner('超时提醒有限公司', new Date());
    const appliedAt = new Date('2026-11-30T10:00:00+08:00');
    const c = await exit.service.openByStaff(
      { partnerId: p.id, trigger: 'business_end', reason: '政策调整' },
      STAFF,
      appliedAt,
    );
    // before the due day: timers scheduled, nothing sent
    const before = await handler.sweep(new Date('2026-12-01T10:00:00+08:00'));
    assert.ok(before.scheduled >= 2);
    const warnId = exitTimerId(c.id, 'approval-start', 'warn');
    const job = await queue.getJob(warnId);
    assert.ok(job, 'the warning wake-up exists');
    assert.equal(job!.data.type, 'timer');
    // the due day: the warning once, however often the job and the sweeper run
    const dueDay = new Date('2026-12-03T09:00:00+08:00');
    assert.equal(await handler.timer(job!.data as Extract<ExitJobData, { type: 'timer' }>, dueDay), 'sent');
    assert.equal(await handler.timer(job!.data as Extract<ExitJobData, { type: 'timer' }>, dueDay), 'done');
    await handler.sweep(dueDay);
    assert.equal(sent.filter((n) => n.noticeId === `exit-${c.id}-approval-start-warn`).length, 1);
    // overdue once
    const late = new Date('2026-12-04T09:00:00+08:00');
    await Promise.all([handler.sweep(late), handler.sweep(late)]);
    assert.equal(sent.filter((n) => n.noticeId === `exit-${c.id}-approval-start-overdue`).length, 1);
    // once approval started, that stage's timers are stale
    await exit.service.startApproval(c.id, STAFF, late);
    assert.equal(await handler.timer(job!.data as Extract<ExitJobData, { type: 'timer' }>, late), 'stale');
  });

  it('FT-18 the sweeper reads the sent alerts of all open cases once, not each past timer of each case on every run (issue #16)', async () => {
    const cases = [];
    for (let i = 0; i < 3; i++) {
      const p = await partner(`久拖未决${i}有限公司`, new Date());
      cases.push(
        await exit.service.openByStaff(
          { partnerId: p.id, trigger: 'business_end', reason: '政策调整' },
          STAFF,
          new Date('2026-11-30T10:00:00+08:00'),
        ),
      );
    }
    const late = new Date('2026-12-04T09:00:00+08:00');
    await handler.sweep(late); // both alerts of each case sent
    for (const c of cases)
      for (const kind of ['warn', 'overdue'] as const)
        assert.equal(sent.filter((n) => n.noticeId === exitTimerId(c.id, 'approval-start', kind)).length, 1);
    // the same database through a connection that reports every command it sends
    const url = new URL(coreEnv().mongoUrl);
    url.pathname = `/${bed.conn.name}`;
    const watched = await mongoose.createConnection(url.toString(), { monitorCommands: true }).asPromise();
    const onAlerts: string[] = [];
    watched.getClient().on('commandStarted', (e) => {
      if (e.command[e.commandName] === 'exit_alerts') onAlerts.push(e.commandName);
    });
    try {
      const quiet = await connectExit(
        connectCore(watched, { notifier, calendar: new CalendarSource(bed.repos.calendar) }),
      );
      const h = new ExitHandler(
        watched,
        quiet.service,
        new ExitTimerScheduler(queue),
        notifier,
        new CalendarSource(bed.repos.calendar),
      );
      onAlerts.length = 0; // (building the feature registered its models)
      const report = await h.sweep(new Date('2026-12-04T09:01:00+08:00'));
      assert.equal(report.alerted, 0);
      assert.ok(report.checked >= 3);
      assert.deepEqual(onAlerts, ['find'], 'one read of exit_alerts for every open case');
    } finally {
      await watched.close();
    }
  });

  it('FT-18 a step into a deadline-driven stage schedules its timers at once (exit-<caseId>-<stage>-…); the sweeper rebuilds a removed one', async () => {
    const calendar = new CalendarSource(bed.repos.calendar);
    const timed = await connectExit(connectCore(bed.conn, { notifier, calendar }), { queue });
    const p = await partner('即时计时有限公司', new Date());
    const c = await timed.service.openByStaff(
      { partnerId: p.id, trigger: 'business_end', reason: '政策调整' },
      STAFF,
      new Date('2026-11-30T10:00:00+08:00'),
    );
    const timerJob = async (stage: ExitStage, kind: 'warn' | 'overdue') =>
      (await queue.getJob(exitTimerId(c.id, stage, kind)))?.data as Extract<ExitJobData, { type: 'timer' }> | undefined;
    // opened into precheck: both wake-ups of the approval-start stage are in Redis before any sweep
    for (const kind of ['warn', 'overdue'] as const)
      assert.equal((await timerJob('approval-start', kind))?.dueAt, c.approvalStartDueAt.toISOString(), kind);
    assert.equal(await timerJob('approval', 'warn'), undefined, 'no approval timer before approval starts');

    // approval started: the 30-day approval stage's timers at once
    const started = await timed.service.startApproval(c.id, STAFF, new Date('2026-12-01T10:00:00+08:00'));
    const approvalDue = started.approvalDueAt!.toISOString();
    assert.equal((await timerJob('approval', 'warn'))?.dueAt, approvalDue);
    assert.equal((await timerJob('approval', 'overdue'))?.dueAt, approvalDue);

    // a lost wake-up (Redis flushed, job removed): the sweeper stays the repair path and rebuilds it from MongoDB
    await (await queue.getJob(exitTimerId(c.id, 'approval', 'warn')))!.remove();
    assert.equal(await timerJob('approval', 'warn'), undefined);
    const sweeper = timed.handlers.exit;
    const report = await sweeper.sweep(new Date('2026-12-01T11:00:00+08:00'));
    assert.ok(report.scheduled >= 1, `the sweep scheduled ${report.scheduled}`);
    assert.equal((await timerJob('approval', 'warn'))?.dueAt, approvalDue);
  });

  it('FT-18 a step stands while its timers cannot be scheduled (Redis away): the sweeper schedules them later', async () => {
    const failures: string[] = [];
    const away = await connectExit(connectCore(bed.conn, { notifier }), {
      timers: { schedule: async () => Promise.reject(new Error('Redis did not answer')) },
      onScheduleError: (c, err) => failures.push(`${c.id}: ${err.message}`),
    });
    const p = await partner('缓存离线有限公司', new Date());
    const c = await away.service.openByStaff(
      { partnerId: p.id, trigger: 'business_end', reason: '停业' },
      STAFF,
      new Date(),
    );
    assert.equal((await away.service.get(c.id)).status, 'precheck');
    assert.deepEqual(failures, [`${c.id}: Redis did not answer`]);
    assert.equal(await queue.getJob(exitTimerId(c.id, 'approval-start', 'warn')), undefined);
    await handler.sweep(new Date());
    assert.ok(await queue.getJob(exitTimerId(c.id, 'approval-start', 'overdue')), 'the sweeper scheduled it');
  });

  it('FT-17.3 the effective timer (exit-<caseId>-termination-effective) and the sweep terminate on the agreed end date, once', async () => {
    const p = await partner('约定终止有限公司', new Date());
    const appliedAt = new Date('2026-12-01T10:00:00+08:00');
    const pid = p.id;
    const c = await exit.service.fileVoluntary(
      pid,
      { reason: '业务调整', desiredEndOn: '2027-03-31', commitment: true },
      { type: 'user', id: pid, role: 'partner' },
      appliedAt,
    );
    await exit.service.startApproval(c.id, STAFF, appliedAt);
    await exit.service.approve(c.id, '同意于2027-03-31终止合作', STAFF, appliedAt);
    await handler.sweep(appliedAt);
    const job = await queue.getJob(exitTimerId(c.id, 'termination', 'effective'));
    assert.ok(job, 'the end-date wake-up is scheduled');
    assert.equal(job!.delay, new Date('2027-03-31T00:00:00+08:00').getTime() - appliedAt.getTime());
    const data = job!.data as Extract<ExitJobData, { type: 'timer' }>;
    // the day before: the wake-up is early, the sweep leaves the case approved (the partner keeps serving)
    const dayBefore = new Date('2027-03-30T23:00:00+08:00');
    assert.equal(await handler.timer(data, dayBefore), 'early');
    assert.equal((await handler.sweep(dayBefore)).terminated, 0);
    assert.equal((await exit.service.get(c.id)).status, 'approved');
    assert.equal((await bed.repos.partners.get(pid))!.status, 'active');
    // the end date: the wake-up terminates; a racing sweep and a repeat change nothing more
    const endDay = new Date('2027-03-31T00:00:01+08:00');
    const [woke, swept] = await Promise.all([handler.timer(data, endDay), handler.sweep(endDay)]);
    assert.equal(
      [woke === 'terminated' ? 1 : 0, swept.terminated].reduce((a, b) => a + b),
      1,
    );
    assert.equal(await handler.timer(data, endDay), 'stale');
    const done = await exit.service.get(c.id);
    assert.equal(done.status, 'terminated');
    assert.equal(done.history.filter((h) => h.to === 'terminated').length, 1);
    assert.equal((await bed.repos.partners.get(pid))!.status, 'exited');
    assert.equal(sent.filter((n) => n.noticeId === `exit-${c.id}-terminated`).length, 1);
  });

  it('FT-18 a calendar change recomputes an open case’s deadlines', async () => {
    const p = await partner('日历变更有限公司', new Date());
    const c = await exit.service.openByStaff(
      { partnerId: p.id, trigger: 'business_end', reason: '不可抗力' },
      STAFF,
      new Date('2026-11-30T10:00:00+08:00'),
    );
    assert.equal(c.approvalStartDueAt.toISOString(), '2026-12-03T15:59:59.999Z');
    await bed.repos.calendar.putOverride('2026-12-02', false, '公司停工');
    const fresh = new CalendarSource(bed.repos.calendar);
    const h = new ExitHandler(bed.conn, exit.service, new ExitTimerScheduler(queue), notifier, fresh);
    await h.sweep(new Date('2026-12-01T10:00:00+08:00'));
    const moved = await exit.service.get(c.id);
    assert.equal(moved.approvalStartDueAt.toISOString(), '2026-12-04T15:59:59.999Z');
    assert.notEqual(moved.calendarVersion, c.calendarVersion);
    void SYSTEM_ACTOR;
  });

  it('FT-18 an exited partner’s complaint timers stop: no breach, no score event, no notice', async () => {
    const p = await partner('已退出伙伴有限公司', new Date());
    await bed.conn.collection('partners').updateOne({ code: p.code }, { $set: { status: 'exited' } });
    const receivedAt = new Date(Date.now() - 48 * 3_600_000);
    const c = await bed.repos.complaints.create(
      complaintFields({
        no: `TS-EXIT-${bed.id}`,
        programmeId: bed.programmeId,
        partnerId: p.id,
        summary: '退出后投诉',
        receivedAt,
        calendarVersion: 'x',
        warningMinutes: [],
      }),
    );
    const sla = new SlaHandler(
      bed.repos,
      notifier as unknown as Notifier,
      exit.service.transitions,
      new CalendarSource(bed.repos.calendar),
    );
    assert.equal(await sla.breach(c, new Date()), 'skipped');
    assert.equal((await bed.repos.scoreEvents.bySource('complaint', c.id)).length, 0);
    assert.ok(!sent.some((n) => n.noticeId === `sla-${c.id}-breach`));
  });
});
