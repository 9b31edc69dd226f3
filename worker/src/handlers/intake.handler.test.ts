import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { Worker } from 'bullmq';
import {
  CalendarSource,
  INTAKE_QUEUE,
  Notifier,
  QueueName,
  intakeTimeline,
  connectIntake,
  connectCore,
  createIntakeQueue,
  intakeJobId,
  noticeJobId,
  redisConnection,
  shanghaiDate,
  type IntakeCaller,
  type IntakeService,
  type IntakeTimers,
} from '@huoban/core';
import { workerTestbed, type WorkerTestbed } from '../../test/support.js';
import { intakeProcessor } from '../processors/index.js';

const staff: IntakeCaller = {
  actor: { type: 'user', id: 's', role: 'staff' },
  role: 'staff',
  userId: 's',
  name: '运营',
};
const applicant: IntakeCaller = {
  actor: { type: 'user', id: 'a' },
  role: 'applicant',
  userId: 'a',
  name: '申请人',
  openId: 'openid-a',
};
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('intake deadline timers in the worker (real FerretDB + Redis)', () => {
  let tb: WorkerTestbed;
  let intake: IntakeService;
  let handler: IntakeTimers;
  const redis = redisConnection(process.env.HUOBAN_REDIS_URL ?? 'redis://127.0.0.1:6380');
  let queue: ReturnType<typeof createIntakeQueue>;
  let worker: Worker;

  before(async () => {
    tb = await workerTestbed('intake');
    const notices = tb.queue(QueueName.Notices);
    const notifier = new Notifier(notices, tb.conn);
    const calendar = new CalendarSource(tb.repos.calendar);
    queue = createIntakeQueue(redis, `t-intake-${tb.id}`);
    handler = (await connectIntake(connectCore(tb.conn, { notifier, calendar }), { queue })).handlers[INTAKE_QUEUE];
    intake = (await connectIntake(connectCore(tb.conn, { calendar }), { badCredit: { isListed: async () => false } }))
      .service;
    worker = new Worker(INTAKE_QUEUE, intakeProcessor(handler), {
      connection: redisConnection(process.env.HUOBAN_REDIS_URL ?? 'redis://127.0.0.1:6380'),
      prefix: `t-intake-${tb.id}`,
    });
    await worker.waitUntilReady();
  });
  after(async () => {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
    await tb.close();
  });

  it('FT-7 the pre-review wake-up sends the overdue notice once; a moved deadline makes the old job stale; the sweep repairs', async () => {
    const closesOn = shanghaiDate(new Date(Date.now() + 20 * 86_400_000));
    const r = await intake.recruitments.create(
      { programmeId: tb.programmeId, title: '测试招募', mode: 'batch', quota: 2, closesOn },
      staff,
    );
    await intake.recruitments.publish(r.id, r.rev, staff);
    const a = await intake.applications.create(
      r.id,
      {
        company: {
          name: '定时科技有限公司',
          creditCode: '91110108551385082Q',
          registeredOn: '2018-01-01',
          legalRep: '周七',
          taxpayerType: 'general',
          contacts: [{ name: '周七', phone: '13700000000' }],
        },
        answers: ['c1', 'c2', 'c3', 'c4'].map((criterion) => ({ criterion, met: true })),
        declaration: true,
      },
      applicant,
    );
    const submitted = await intake.applications.submit(a.id, a.rev, applicant);
    const cal = await intake.calendar();
    assert.equal(submitted.calendarVersion, cal.version);
    // schedule against the real FT-7 due date: two jobs with deterministic ids
    await handler.schedule((await intake.repo.application(a.id))!);
    const warn = await queue.getJob(intakeJobId(a.id, 'pre_review', 'warn'));
    assert.ok(warn && warn.opts.delay! > 0);
    assert.equal(warn.data.dueAt, submitted.preReviewDueAt!.toISOString());
    // move the deadline to just now (as a calendar change would), then reschedule: the stale jobs are replaced
    const dueAt = new Date(Date.now() + 300);
    await intake.repo.setDeadlines(a.id, { preReviewDueAt: dueAt });
    await handler.schedule((await intake.repo.application(a.id))!);
    await wait(1500);
    const notices = tb.queue(QueueName.Notices);
    const overdue = await notices.getJob(noticeJobId(intakeJobId(a.id, 'pre_review', 'overdue')));
    assert.ok(overdue, 'overdue notice queued');
    assert.match(overdue.data.text, /预审超期/);
    assert.ok(await notices.getJob(noticeJobId(intakeJobId(a.id, 'pre_review', 'warn'))));
    // a repeat (retry, sweep) changes nothing
    assert.equal(
      await handler.fire({ applicationId: a.id, stage: 'pre_review', kind: 'overdue', dueAt: dueAt.toISOString() }),
      'done',
    );
    assert.equal(
      await handler.fire({
        applicationId: a.id,
        stage: 'pre_review',
        kind: 'overdue',
        dueAt: '2020-01-01T00:00:00.000Z',
      }),
      'stale',
    );
    const s = await handler.sweep();
    assert.equal(s.fired, 0);
    const trail = await tb.repos.audit.find({ entity: 'application', entityId: a.id });
    assert.equal(trail.filter((e) => e.action === 'application.pre_review_overdue').length, 1);
    // a calendar change makes the sweep recompute the stored deadline with the same function
    await tb.repos.calendar.putOverride(shanghaiDate(new Date()), true, 'test');
    const recal = await new CalendarSource(tb.repos.calendar).get();
    assert.notEqual(recal.version, cal.version);
    const fresh = (
      await connectIntake(
        connectCore(tb.conn, {
          notifier: new Notifier(notices, tb.conn),
          calendar: new CalendarSource(tb.repos.calendar),
        }),
        { queue },
      )
    ).handlers[INTAKE_QUEUE];
    assert.ok((await fresh.sweep()).recomputed >= 1);
    const after = (await intake.repo.application(a.id))!;
    assert.equal(after.calendarVersion, recal.version);
    assert.equal(
      after.preReviewDueAt!.toISOString(),
      intakeTimeline({ mode: 'batch', closesOn }, recal).preReviewDueAt.toISOString(),
    );
  });

  it('FT-6 the sweep closes a batch recruitment once its deadline has passed', async () => {
    const closesOn = shanghaiDate(new Date(Date.now() + 86_400_000 * 3));
    const r = await intake.recruitments.create(
      { programmeId: tb.programmeId, title: '将截止招募', mode: 'batch', quota: 1, closesOn },
      staff,
    );
    await intake.recruitments.publish(r.id, r.rev, staff);
    await intake.m.Recruitment.updateOne({ _id: r.id }, { $set: { applicationDeadline: new Date(Date.now() - 1000) } });
    const s = await handler.sweep();
    assert.ok(s.closed >= 1);
    assert.equal((await intake.repo.recruitment(r.id))!.status, 'closed');
    assert.equal((await handler.sweep()).closed, 0);
  });
});
