import { randomBytes } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import {
  CalendarSource,
  SlaHandler,
  ComplaintCounters,
  SweepHandler,
  Transitions,
  DEFAULT_COMPLAINT_WINDOW,
  Notifier,
  QueueName,
  SlaScheduler,
  ft12LateKey,
  noticeJobId,
  slaDeadline,
  slaJobId,
  stagePlan,
  type ComplaintWindow,
  type QueueMap,
  type Repositories,
  coreEnv,
} from '@huoban/core';
import { workerTestbed, type WorkerTestbed } from '../../test/support.js';
import { complaintFields } from '@huoban/core/testing';

const H = 3_600_000;

describe('SLA handler and sweeper (real FerretDB + Redis)', () => {
  let bed: WorkerTestbed;
  let repos: Repositories;
  let notices: QueueMap[QueueName.Notices];
  let sla: QueueMap[QueueName.Sla];
  let calendar: CalendarSource;
  let programmeId: string;
  let partnerId: string;
  let now = new Date();
  const clock = () => now;

  const transitions = () => new Transitions(bed.conn, repos.audit, new Notifier(notices, bed.conn));
  const handler = () => new SlaHandler(repos, new Notifier(notices, bed.conn), transitions(), calendar, clock);
  const sweeper = () =>
    new SweepHandler(
      repos,
      handler(),
      new SlaScheduler(sla),
      transitions(),
      new ComplaintCounters(bed.conn),
      calendar,
      clock,
    );

  async function complaint(receivedAt: Date, opts: { kind?: 'ordinary' | 'escalated'; window?: ComplaintWindow } = {}) {
    const window = opts.window ?? DEFAULT_COMPLAINT_WINDOW;
    const cal = await calendar.get();
    const { dueAt, provisional } = slaDeadline(receivedAt, 12, window, cal);
    return repos.complaints.create(
      complaintFields({
        no: `TS-20261122-${randomBytes(3).toString('hex')}`,
        programmeId,
        partnerId,
        kind: opts.kind ?? 'ordinary',
        receivedAt,
        dueAt,
        provisional,
        calendarVersion: cal.version,
        window,
      }),
    );
  }

  const events = async (complaintId: string) => repos.scoreEvents.bySource('complaint', complaintId);
  const noticeJob = (complaintId: string, stage: string) => notices.getJob(noticeJobId(`sla-${complaintId}-${stage}`));
  const audits = async (complaintId: string, action: string) =>
    (await repos.audit.find({ entity: 'complaint', entityId: complaintId })).filter((a) => a.action === action);

  before(async () => {
    bed = await workerTestbed('sla');
    ({ repos, programmeId } = bed);
    notices = bed.queue(QueueName.Notices);
    sla = bed.queue(QueueName.Sla);
    calendar = new CalendarSource(repos.calendar);
    partnerId = (await repos.partners.create({ code: `W${bed.id}`, name: '测试伙伴', programmeId }))!.id;
  });

  after(() => bed.close());

  it('FT-12 a breach writes exactly one −0.5 score event, one notice and one audit entry, however often it runs', async () => {
    const c = await complaint(new Date('2026-11-23T02:00:00Z')); // 10:00 Beijing → due 22:00 Beijing
    now = new Date(c.dueAt.getTime() + 5);
    const job = { complaintId: c.id, stage: 'breach' as const, dueAt: c.dueAt.toISOString() };
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => handler().handle(job)));
    assert.ok(outcomes.includes('breached'));
    await handler().handle(job);
    const evs = await events(c.id);
    assert.equal(evs.length, 1);
    assert.equal(evs[0].points, -0.5);
    assert.equal(evs[0].rule, 'FT-12');
    assert.equal(evs[0].period, '2026H2');
    assert.equal(evs[0].idempotencyKey, ft12LateKey(c.id));
    const notice = await noticeJob(c.id, 'breach');
    assert.ok(notice);
    assert.match(notice.data.text, /投诉超时/);
    assert.match(notice.data.text, /测试伙伴/);
    assert.match(notice.data.text, /2026-11-23 22:00/);
    // queued with its priority (issue #21): a breach notice is urgent, so it waits in the prioritized set
    assert.equal(
      (await notices.getJobCounts('prioritized', 'delayed', 'completed', 'active')).prioritized,
      (await notices.getPrioritized()).length,
    );
    assert.equal((await notices.getPrioritized()).filter((j) => j.data.ref?.id === c.id).length, 1);
    assert.equal((await audits(c.id, 'complaint.sla_breached')).length, 1);
    const stored = await repos.complaints.get(c.id);
    assert.equal(stored?.slaSettled, true);
    assert.equal(stored?.breachedAt?.getTime(), now.getTime());
  });

  it('FT-12 a breach puts one 订阅消息 per WeChat user bound to the partner in the outbox, however often it runs', async () => {
    await repos.partners.bindIdentity(`openid-breach-${bed.id}`, partnerId);
    const c = await complaint(new Date('2026-11-23T04:00:00Z'));
    now = new Date(c.dueAt.getTime() + 5);
    const job = { complaintId: c.id, stage: 'breach' as const, dueAt: c.dueAt.toISOString() };
    await Promise.all([1, 2, 3].map(() => handler().handle(job)));
    const stored = await bed.conn
      .collection('subscription_messages')
      .find({ key: `complaint-${c.id}-breach` })
      .toArray();
    assert.deepEqual(
      stored.map((m) => [m.kind, m.openId, m.status, m.data.character_string1.value]),
      [['complaint-breach', `openid-breach-${bed.id}`, 'pending', c.no]],
    );
  });

  it('FT-12 20 batched runs of one breach at once record it once, and the observer hears it once', async () => {
    const c = await complaint(new Date('2026-11-23T03:00:00Z'));
    now = new Date(c.dueAt.getTime() + 5);
    const heard: string[] = [];
    const observed = new SlaHandler(repos, new Notifier(notices, bed.conn), transitions(), calendar, clock, {
      breachesRecorded: (bs) => heard.push(...bs.map((b) => b.complaintId)),
    });
    const job = { complaintId: c.id, stage: 'breach' as const, dueAt: c.dueAt.toISOString() };
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => observed.handleBreaches([job, job])));
    assert.ok(outcomes.flat().every((o) => o === 'breached'));
    assert.deepEqual(heard, [c.id]);
    const evs = await events(c.id);
    assert.equal(evs.length, 1);
    assert.equal(evs[0].partnerId, partnerId); // stored as mongoose would (ObjectIds read back as ids)
    assert.equal((await audits(c.id, 'complaint.sla_breached')).length, 1);
    assert.equal(await bed.conn.collection('outbox').countDocuments({ _id: `sla-${c.id}-breach` as never }), 1);
    assert.equal(await bed.conn.collection('sla_breaches').countDocuments({ _id: new Types.ObjectId(c.id) }), 1);
    assert.equal((await notices.getPrioritized()).filter((j) => j.data.ref?.id === c.id).length, 1);
  });

  it('FT-12 breach wake-ups due together read their complaints in one command, not one each (10k burst, issue #16)', async () => {
    const cs = await Promise.all(Array.from({ length: 20 }, () => complaint(new Date('2026-11-23T04:00:00Z'))));
    now = new Date(cs[0].dueAt.getTime() + 5);
    // the same database through a connection that reports every command it sends
    const url = new URL(coreEnv().mongoUrl);
    url.pathname = `/${bed.conn.name}`;
    const watched = await mongoose.createConnection(url.toString(), { monitorCommands: true }).asPromise();
    const reads: unknown[] = [];
    watched.getClient().on('commandStarted', (e) => {
      if (e.commandName === 'find' && e.command.find === 'complaints') reads.push(e.command.filter);
    });
    try {
      const batch = new SlaHandler(
        repos,
        new Notifier(notices, watched),
        new Transitions(watched, repos.audit, new Notifier(notices, watched)),
        calendar,
        clock,
      );
      const outcomes = await batch.handleBreaches(
        cs.map((c) => ({ complaintId: c.id, stage: 'breach' as const, dueAt: c.dueAt.toISOString() })),
      );
      assert.deepEqual(
        outcomes,
        cs.map(() => 'breached'),
      );
      assert.equal(reads.length, 1);
      for (const c of cs) {
        assert.equal((await events(c.id)).length, 1);
        assert.equal((await audits(c.id, 'complaint.sla_breached')).length, 1);
        assert.ok(await noticeJob(c.id, 'breach'));
      }
    } finally {
      await watched.close();
    }
  });

  it('FT-12a in a batch of breach wake-ups, a complaint answered in time meanwhile records no breach; the others do', async () => {
    const [a, answered, b] = await Promise.all([1, 2, 3].map(() => complaint(new Date('2026-11-23T05:00:00Z'))));
    // staff confirmed the partner's reply an hour before due, after the wake-ups were scheduled
    await transitions().apply({
      model: 'Complaint',
      entity: 'complaint',
      id: answered.id,
      rev: answered.rev,
      action: 'complaint.reply_confirmed',
      actor: { type: 'user', id: 's', role: 'staff' },
      set: { status: 'closed', effectiveReplyAt: new Date(answered.dueAt.getTime() - H), slaSettled: true },
    });
    now = new Date(a.dueAt.getTime() + 5);
    const outcomes = await handler().handleBreaches(
      [a, answered, b].map((c) => ({ complaintId: c.id, stage: 'breach' as const, dueAt: c.dueAt.toISOString() })),
    );
    assert.deepEqual(outcomes, ['breached', 'skipped', 'breached']);
    assert.equal((await events(answered.id)).length, 0);
    assert.equal((await audits(answered.id, 'complaint.sla_breached')).length, 0);
    assert.equal(await noticeJob(answered.id, 'breach'), undefined);
    assert.equal(await bed.conn.collection('sla_breaches').countDocuments({ _id: new Types.ObjectId(answered.id) }), 0);
    for (const c of [a, b]) {
      assert.equal((await events(c.id)).length, 1);
      assert.equal((await audits(c.id, 'complaint.sla_breached')).length, 1);
      assert.ok(await noticeJob(c.id, 'breach'));
    }
  });

  it('FT-12a a reply at exactly the due instant awaiting confirmation is not a breach', async () => {
    const c = await complaint(new Date('2026-11-23T02:00:00Z'));
    await transitions().apply({
      model: 'Complaint',
      entity: 'complaint',
      id: c.id,
      rev: c.rev,
      action: 'complaint.replied',
      actor: { type: 'user', id: 'p', role: 'partner' },
      set: { status: 'replied' },
      push: {
        replies: { _id: repos.complaints.newReplyId(), text: '已回复', at: c.dueAt, by: 'p', verdict: 'pending' },
      },
    });
    now = new Date(c.dueAt.getTime() + 1000);
    const outcome = await handler().handle({ complaintId: c.id, stage: 'breach', dueAt: c.dueAt.toISOString() });
    assert.equal(outcome, 'waiting');
    assert.equal((await events(c.id)).length, 0);
  });

  it('FT-12 an escalated complaint past due is notified but takes no −0.5 (it counts under escalated)', async () => {
    const c = await complaint(new Date('2026-11-23T02:00:00Z'), { kind: 'escalated' });
    now = new Date(c.dueAt.getTime() + 10);
    assert.equal(
      await handler().handle({ complaintId: c.id, stage: 'breach', dueAt: c.dueAt.toISOString() }),
      'breached',
    );
    assert.equal((await events(c.id)).length, 0);
    assert.ok(await noticeJob(c.id, 'breach'));
  });

  it('WT-4 a breach job that wakes before due throws (retried), and a moved deadline makes a job stale', async () => {
    const c = await complaint(new Date('2026-11-23T02:00:00Z'));
    now = new Date(c.dueAt.getTime() - 1);
    await assert.rejects(
      handler().handle({ complaintId: c.id, stage: 'breach', dueAt: c.dueAt.toISOString() }),
      /woke before due/,
    );
    now = new Date(c.dueAt.getTime() + 1);
    assert.equal(
      await handler().handle({ complaintId: c.id, stage: 'breach', dueAt: '2020-01-01T00:00:00.000Z' }),
      'stale',
    );
    assert.equal(
      await handler().handle({
        complaintId: '0123456789abcdef01234567',
        stage: 'breach',
        dueAt: c.dueAt.toISOString(),
      }),
      'missing',
    );
  });

  it('WT-3a warnings fire once, at working time before due; a stale warning is superseded by the more urgent one', async () => {
    const c = await complaint(new Date('2026-11-23T02:00:00Z')); // due 22:00 Beijing
    now = new Date(c.dueAt.getTime() - 2 * H + 1); // 20:00:00.001
    const warn120 = { complaintId: c.id, stage: 'warn-120' as const, dueAt: c.dueAt.toISOString() };
    assert.equal(await handler().handle(warn120), 'warned');
    assert.equal(await handler().handle(warn120), 'skipped');
    const n = await noticeJob(c.id, 'warn-120');
    assert.match(n!.data.text, /剩余工作时间：1小时59分/);
    const d = await complaint(new Date('2026-11-23T02:00:00Z'));
    now = new Date(d.dueAt.getTime() - 10 * 60_000); // both stages already due
    assert.equal(
      await handler().handle({ complaintId: d.id, stage: 'warn-120', dueAt: d.dueAt.toISOString() }),
      'skipped',
    );
    assert.equal(
      await handler().handle({ complaintId: d.id, stage: 'warn-30', dueAt: d.dueAt.toISOString() }),
      'warned',
    );
  });

  it('WT-3 a warning 2 working hours before a 09:00 deadline falls at 22:00 the evening before', async () => {
    const c = await complaint(new Date('2026-11-23T04:00:00Z')); // 12:00 Beijing: 11 h that day + 1 h → due 09:00
    assert.equal(c.dueAt.toISOString(), '2026-11-24T01:00:00.000Z');
    const plan = stagePlan(c, await calendar.get());
    assert.deepEqual(
      plan.map((p) => [p.stage, p.at.toISOString()]),
      [
        ['warn-120', '2026-11-23T14:00:00.000Z'], // 22:00 Beijing
        ['warn-30', '2026-11-24T00:30:00.000Z'], // 08:30 Beijing
        ['breach', '2026-11-24T01:00:00.001Z'],
      ],
    );
  });

  it('sweeper heals lost Redis timers and processes overdue stages in place', async () => {
    await sla.obliterate({ force: true });
    now = new Date('2026-11-23T05:00:00Z'); // 13:00 Beijing
    const future = await complaint(new Date('2026-11-23T04:00:00Z')); // due next day
    const overdue = await complaint(new Date('2026-11-21T02:00:00Z')); // due 2026-11-21 22:00
    const report = await sweeper().sweep();
    assert.ok(report.checked >= 2);
    const jobs = await Promise.all(
      ['warn-120', 'warn-30', 'breach'].map((s) => sla.getJob(slaJobId(future.id, s as 'breach'))),
    );
    assert.ok(jobs.every(Boolean), 'future stages rescheduled');
    assert.equal((await events(overdue.id)).length, 1, 'overdue breach processed by the sweep');
    const again = await sweeper().sweep();
    assert.equal(again.rescheduled, 0, 'a second sweep finds everything in place');
    assert.equal((await events(overdue.id)).length, 1);
  });

  it('WT-1 sweeper moves a working-day-window deadline when the calendar changes', async () => {
    const window: ComplaintWindow = { start: '08:00', end: '23:00', days: 'workdays' };
    now = new Date('2026-11-23T00:30:00Z');
    const c = await complaint(new Date('2026-11-23T01:00:00Z'), { window }); // Mon 09:00 → due 21:00 Monday
    assert.equal(c.dueAt.toISOString(), '2026-11-23T13:00:00.000Z');
    await repos.calendar.putOverride('2026-11-23', false, '停电停工');
    calendar.invalidate();
    const report = await sweeper().sweep();
    assert.ok(report.moved >= 1);
    const moved = await repos.complaints.get(c.id);
    assert.equal(moved?.dueAt.toISOString(), '2026-11-24T12:00:00.000Z'); // Tuesday 08:00 + 12 h = 20:00
    const job = await sla.getJob(slaJobId(c.id, 'breach'));
    assert.equal(job?.data.dueAt, '2026-11-24T12:00:00.000Z');
    assert.equal((await audits(c.id, 'complaint.deadline_recomputed')).length, 1);
  });
});
