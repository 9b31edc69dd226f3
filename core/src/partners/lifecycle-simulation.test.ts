/**
 * One partner's life across the seams (issue #17), medium tier on real FerretDB + Redis, time moved by the features'
 * injected clocks: recruited through intake (batch notice → application → pre-review → panel → committee → 公示 →
 * signing → letter), then two simulated years: a quiet period trips FT-17.1, complaints answered on time and late
 * (seeded as the SLA leaves them) and an FT-15 spike, a half-year under 60 with its FT-14 rectification, the FT-16
 * renewal review one month before the term ends without staff typing the contract in, a voluntary exit ending on its
 * agreed end date with the letter valid through the notice period (FT-17.3). Each timed rule fires once, on its day (the day before:
 * nothing), with one audit entry and one notice. The timeline is written to test-artifacts/partner-timeline.md.
 */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import { featureTestbed, type FeatureTestbed } from '../../test/feature-testbed.js';
import { writeTimeline } from '../../test/timeline.js';
import { WorkCalendar } from '../calendar/index.js';
import { ComplaintCounters } from '../complaints/counters.js';
import { coreConfig, coreEnv } from '../config.js';
import { models } from '../db/schemas.js';
import type { IntakeCaller } from '../intake/context.js';
import { connectIntake, type IntakeService } from '../intake/service.js';
import type { ExitHandler } from '../exit/handler.js';
import { connectExit, type ExitFeature } from '../exit/service.js';
import { createExitQueue, exitTimerPlan, type ExitJobData } from '../exit/timers.js';
import { MetricsRepository, metricsModels } from '../metrics/store.js';
import { OUTBOX_COLLECTION } from '../notify/outbox.js';
import type { NoticeJobData } from '../queues/index.js';
import { redisConnection } from '../queues/factory.js';
import { connectScorecards, type ScorecardFeature } from '../scorecards/feature.js';
import type { SubscriptionNotice } from '../subscriptions/outbox.js';
import { CalendarSource } from '../calendar/source.js';
import { connectCore } from '../root.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const at = (beijing: string) => new Date(`${beijing}+08:00`);
const caller = (id: string, role: IntakeCaller['role'], extra: Partial<IntakeCaller> = {}): IntakeCaller => ({
  actor: { type: 'user', id, role: role as any, name: id },
  role,
  userId: id,
  name: id,
  ...extra,
});
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('a partner’s life from notice to exit over two simulated years (real FerretDB + Redis)', () => {
  let bed: FeatureTestbed;
  let intake: IntakeService;
  let scorecards: ScorecardFeature;
  let exit: ExitFeature;
  let handler: ExitHandler;
  let queue: Queue<ExitJobData>;
  const redis = redisConnection(coreEnv().redisUrl);
  let now = at('2026-09-01T10:00:00');
  const clock = () => now;
  const notices: NoticeJobData[] = [];
  // every notice goes through the real Notifier (outbox keyed by the notice id, then the notices queue on Redis)
  const partnerNews: SubscriptionNotice[] = [];
  const sink = {
    notify: async (...n: NoticeJobData[]) => {
      notices.push(...n);
      await bed.notifier.notify(...n);
    },
    // the partner's and applicant's 订阅消息 (issue #19), into their outbox
    message: async (...m: SubscriptionNotice[]) => {
      partnerNews.push(...m);
      await bed.notifier.message(...m);
    },
  };
  const timeline: { at: Date; event: string; rule: string; detail: string }[] = [];
  const record = (event: string, rule: string, detail = '') => timeline.push({ at: now, event, rule, detail });
  const staff = caller('s0', 'staff');
  const committee = caller('c0', 'committee');
  const applicant = caller('app-sim', 'applicant', { openId: 'openid-sim' });

  before(async () => {
    bed = await featureTestbed('lifecycle');
    const calendar = new CalendarSource(bed.repos.calendar);
    const config = { ...coreConfig(), publicUrl: 'http://h5.test' };
    intake = (
      await connectIntake(
        connectCore(bed.conn, {
          calendar: CalendarSource.fixed(new WorkCalendar()),
          notifier: sink,
          now: clock,
          config,
        }),
        { badCredit: { isListed: async () => false } },
      )
    ).service;
    const core = connectCore(bed.conn, { notifier: sink, calendar, now: clock, config });
    scorecards = await connectScorecards(core);
    queue = createExitQueue(redis, `t-lifecycle-${bed.id}`);
    exit = await connectExit(core, { queue });
    handler = exit.handlers.exit;
  });
  after(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
    await bed.close();
  });

  /** Audit entries and notices of one action / notice id: each timed rule leaves exactly one of each. */
  const audited = async (entity: string, entityId: string, action: string) =>
    (await bed.repos.audit.find({ entity, entityId })).filter((e) => e.action === action).length;
  const noticed = async (noticeId: string) => {
    assert.ok(
      notices.some((n) => n.noticeId === noticeId),
      `notice ${noticeId} sent`,
    );
    return bed.conn.collection(OUTBOX_COLLECTION).countDocuments({ _id: noticeId as any });
  };

  it('FT-3…FT-11 FT-12 FT-14 FT-15 FT-16 FT-17.1 FT-17.3 FT-18: recruited, two years lived, exits on its agreed end date', async () => {
    // ---- recruitment (FT-3, FT-6 batch notice) → application (FT-2) → pre-review (FT-7) → panel (FT-8)
    const m = models(bed.conn);
    const panel: IntakeCaller[] = [];
    for (const [name, role, team] of [
      ['r1', 'reviewer', '政企拓展团队'],
      ['u2', 'staff', '产品运营团队'],
      ['u3', 'committee', '客户服务团队'],
      ['u5', 'reviewer', '风控团队'],
    ] as const) {
      const u = await m.User.create({
        username: `${name}-${bed.id}`,
        passwordHash: 'x',
        role,
        team,
        displayName: name,
      });
      panel.push(caller(String(u._id), role));
    }
    const draft = await intake.recruitments.create(
      {
        programmeId: bed.programmeId,
        title: '餐饮行业拓展服务商招募（模拟）',
        mode: 'batch',
        quota: 1,
        closesOn: '2026-09-10',
        products: ['和包食堂'],
      },
      staff,
    );
    const notice: any = await intake.recruitments.publish(draft.id, draft.rev, staff);
    record('招募公告发布', 'FT-3 FT-6', notice.title);
    let app: any = await intake.applications.create(
      notice.id,
      {
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
    await intake.evidence.upload(app.id, { name: '营业执照.pdf', bytes: PDF }, 'c1', applicant);
    app = await intake.applications.submit(app.id, app.rev, applicant);
    record('提交申请', 'FT-2');
    const verdicts = ['c1', 'c2', 'c3', 'c4'].map((criterion) => ({ criterion, met: true, comment: '符合' }));
    app = await intake.review.preReview(app.id, app.rev, verdicts, panel[0]);
    record('预审通过', 'FT-7');
    const members = panel.slice(1);
    app = await intake.review.startEvaluation(
      app.id,
      app.rev,
      members.map((u) => u.userId),
      undefined,
      staff,
    );
    for (const u of members) {
      app = await intake.review.declare(app.id, app.rev, false, undefined, u);
      app = await intake.review.vote(app.id, app.rev, true, '同意', u);
    }
    record('评审小组表决通过', 'FT-8');

    // ---- committee (FT-9) → 公示 → signing (FT-10) → letter (FT-11)
    const meeting: any = await intake.committee.recordMeeting(
      {
        recruitmentId: notice.id,
        heldOn: '2026-09-20',
        attendees: ['主任', '副主任'],
        minutes: '经部务会研究，同意引入。',
        decisions: [{ applicationId: app.id, approve: true }],
      },
      committee,
    );
    record('部务会决定引入', 'FT-9');
    now = at('2026-09-21T10:00:00');
    await intake.committee.publicize(meeting.id, meeting.rev, committee);
    record('结果公示', 'FT-9', '公示至 2026-09-24');
    now = at('2026-09-25T09:00:00');
    app = (await intake.repo.application(app.id))!;
    const input = {
      partnerCode: `SIM-${bed.id}`,
      termStart: '2026-10-01',
      termEnd: '2028-09-30',
      products: ['和包食堂'],
    };
    const signed = await intake.signing.sign(app.id, app.rev, input, staff);
    const partnerId = signed.partner.id;
    assert.equal(signed.partner.status, 'active');
    assert.equal(await audited('partner', partnerId, 'partner.admitted'), 1);
    record('签约，伙伴准入（申请中→合作中）', 'FT-10', '合同期 2026-10-01 至 2028-09-30');
    const letter = await intake.letters.issue(app.id, { validFrom: '2026-10-01', validTo: '2028-09-30' }, staff);
    record('出具业务拓展授权书', 'FT-11', letter.letterNo);

    // ---- FT-17.1: no industry customers in the six months since signing (imported monthly figures)
    const months = ['2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2027-02'];
    await new MetricsRepository(await metricsModels(bed.conn)).create({
      programmeId: bed.programmeId,
      fileName: 'metrics.xlsx',
      sha256: randomBytes(16).toString('hex'),
      rows: months.map((month, i) => ({
        row: i + 2,
        partnerId,
        partnerCode: input.partnerCode,
        month,
        customers: 0,
        revenue: null,
        successRate: null,
      })),
      actor: staff.actor,
      at: now,
    });
    const quiet = async (day: Date) => (await handler.triggers(day)).opened.filter((o) => o.partnerId === partnerId);
    assert.deepEqual(await quiet(at('2027-03-24T08:45:00')), [], 'the day before six months: nothing');
    now = at('2027-03-25T08:45:00');
    const [tripped] = await quiet(now);
    assert.equal(tripped.trigger, 'no_customers');
    assert.deepEqual(await quiet(now), [], 'a second run opens nothing');
    assert.equal(await audited('exit_case', tripped.caseId, 'exit_case.opened'), 1);
    assert.equal(await noticed(`exit-${tripped.caseId}-opened`), 1);
    record('签约满六个月客户数为零，自动立案（预审）', 'FT-17.1', '2026-09 至 2027-02 累计 0');
    now = at('2027-03-26T10:00:00');
    await exit.service.reject(tripped.caseId, '已补录客户数据，继续合作', staff.actor, now);
    record('退出案件驳回，继续合作', 'FT-18');

    // ---- complaints through 2027H1 (their replies on time or late, as the SLA left them) and an FT-15 spike
    const H = 3_600_000;
    const counters = new ComplaintCounters(bed.conn);
    const complaint = async (received: Date, replyAfterH: number) => {
      const c = await bed.repos.complaints.create({
        no: `SIM-${randomBytes(4).toString('hex')}`,
        programmeId: bed.programmeId,
        partnerId,
        kind: 'ordinary',
        channel: 'hotline_10086',
        summary: '客户反映到账延迟',
        receivedAt: received,
        dueAt: new Date(received.getTime() + 12 * H),
        provisional: false,
        calendarVersion: 'sim',
        window: { start: '00:00', end: '24:00', days: 'all' },
        slaHours: 12,
        warningMinutes: [],
        status: 'closed',
        replies: [],
        effectiveReplyAt: new Date(received.getTime() + replyAfterH * H),
        breachedAt: replyAfterH > 12 ? new Date(received.getTime() + 12 * H) : null,
        slaSettled: true,
        warningsSent: [],
        createdBy: 'sim',
      });
      await counters.count(c, new WorkCalendar()); // as registration and the SLA's settling count it
    };
    // a bad February (twenty answered late), one a week for four weeks (on time), then four in a day (two late)
    for (let i = 0; i < 20; i++) await complaint(new Date(at('2027-02-01T09:00:00').getTime() + i * 24 * H), 20);
    // one a week for four weeks (answered on time), then four in a day (two answered late)
    for (const day of ['2027-04-19', '2027-04-26', '2027-05-03', '2027-05-10'])
      await complaint(at(`${day}T10:00:00`), 2);
    // the morning's check, before the day's four (each day's counts are what was received so far)
    assert.equal((await scorecards.watch.check(at('2027-05-19T08:30:00'))).alerts, 0, 'the day before: no spike yet');
    for (const [h, late] of [
      [12, false],
      [14, true],
      [16, false],
      [18, true],
    ] as const)
      await complaint(at(`2027-05-19T${h}:00:00`), late ? 20 : 1);
    now = at('2027-05-19T20:00:00');
    record('2027 上半年投诉 28 宗（6 宗按时回复，22 宗超时）', 'FT-12a FT-13');
    now = at('2027-05-20T08:30:00');
    assert.equal((await scorecards.watch.check(now)).alerts, 1);
    assert.equal((await scorecards.watch.check(at('2027-05-20T12:00:00'))).alerts, 0);
    assert.equal(await audited('partner', partnerId, 'partner.anomaly_detected'), 1);
    assert.equal(await noticed(`anomaly-${partnerId}-2027-05-20`), 1);
    record('投诉突增预警', 'FT-15', '近7日 4 宗，此前4周每周 1 宗');

    // ---- FT-12 / FT-14: 2027H1 closes under 60 → rectification, submitted and passed
    await assert.rejects(scorecards.service.close('2027H1', staff.actor, at('2027-06-30T23:59:59')), /尚未结束/);
    now = at('2027-07-01T10:00:00');
    const closed = await scorecards.service.close('2027H1', staff.actor, now);
    const mine = closed.partners.find((x) => x.partnerId === partnerId)!;
    assert.ok(mine.total < 60 && mine.rectificationRequired, `2027H1 total ${mine.total}`);
    await scorecards.service.close('2027H1', staff.actor, at('2027-07-01T11:00:00'));
    assert.equal(await audited('scorecard_snapshot', mine.snapshotId, 'scorecard.period_closed'), 1);
    assert.equal(await noticed(`scorecard-closed-${partnerId}-2027H1`), 1);
    // FT-12 FT-14 the partner hears the score through 订阅消息, stored for the WeChat user bound at signing
    const news = partnerNews.filter((m) => m.key === `scorecard-${partnerId}-2027H1-closed`);
    assert.equal(news.length, 1);
    assert.equal(news[0].data.number2.value, String(mine.total));
    assert.match(news[0].data.thing3.value, /需整改/);
    assert.equal(
      await bed.conn.collection('subscription_messages').countDocuments({ key: news[0].key, openId: 'openid-sim' }),
      1,
    );
    const rectificationId = mine.rectificationId!;
    assert.equal(await audited('rectification', rectificationId, 'rectification.opened'), 1);
    assert.equal(await noticed(`rectification-opened-${rectificationId}`), 1);
    record('2027 上半年考核结算，低于 60 分，开立整改', 'FT-12 FT-14', `${mine.total} 分`);
    now = at('2027-07-05T10:00:00');
    const asPartner = { actor: { type: 'user' as const, id: partnerId, role: 'partner' as const }, partnerId };
    await scorecards.rectifications.submit(
      rectificationId,
      { plan: '增设专人值守，两小时内回复', evidence: [] },
      asPartner,
    );
    record('伙伴提交整改方案', 'FT-14');
    now = at('2027-07-08T10:00:00');
    const decided = await scorecards.rectifications.decide(
      rectificationId,
      { decision: 'pass', reason: '整改措施落实' },
      { actor: staff.actor },
    );
    assert.equal(decided.status, 'passed');
    record('整改通过', 'FT-14');

    // ---- FT-17.3: a voluntary exit, notice given; it ends on the agreed end date, the letter valid until then
    now = at('2028-06-10T10:00:00');
    const pre = await exit.service.precheck(partnerId, now);
    assert.equal(pre.earliestEndOn, '2028-09-10');
    const requested = await exit.service.fileVoluntary(
      partnerId,
      { reason: '业务方向调整', desiredEndOn: '2028-09-30', commitment: true },
      { type: 'user', id: partnerId, role: 'partner' },
      now,
    );
    record('伙伴申请退出', 'FT-17.3', '期望终止日期 2028-09-30');
    await exit.service.startApproval(requested.id, staff.actor, now);
    now = at('2028-06-12T10:00:00');
    const approved = await exit.service.approve(requested.id, '同意于2028-09-30终止合作', staff.actor, now);
    assert.equal(approved.endOn, '2028-09-30');
    record('批准退出', 'FT-18', '约定终止日期 2028-09-30');
    await assert.rejects(exit.service.terminate(requested.id, '合同已终止', staff.actor, now), /约定终止日期/);
    // ---- FT-16: the renewal review one month before the term ends, from the contract signed in intake
    assert.equal((await scorecards.renewals.check(at('2028-08-29T23:59:59'))).recorded, 0, 'the day before: nothing');
    now = at('2028-08-30T09:00:00');
    assert.deepEqual(await scorecards.renewals.check(now), { due: 1, recorded: 1 });
    assert.equal((await scorecards.renewals.check(at('2028-08-30T15:00:00'))).recorded, 0);
    const [review] = (await scorecards.renewals.list({ partnerId })).items;
    assert.equal(review.endsAt, '2028-09-30');
    assert.equal(await audited('renewal_review', review.id, 'renewal.reviewed'), 1);
    assert.equal(await noticed(`renewal-${review.id}`), 1);
    record(
      '续约评审（合同到期前一个月）',
      'FT-16',
      review.renew ? '建议续约' : `不建议续约：${review.reasons.join('；')}`,
    );

    now = at('2028-09-29T18:00:00');
    assert.equal((await intake.letters.verify(letter.code)).status, 'valid', 'the partner keeps serving');
    assert.equal((await handler.sweep(now)).terminated, 0);
    const effective = exitTimerPlan(await exit.service.get(requested.id)).find((t) => t.kind === 'effective')!;
    assert.equal(effective.at.toISOString(), at('2028-09-30T00:00:00').toISOString());
    now = at('2028-09-30T00:00:01');
    const job = (await queue.getJob(`exit-${requested.id}-termination-effective`))!;
    assert.equal(await handler.timer(job.data as Extract<ExitJobData, { type: 'timer' }>, now), 'terminated');
    assert.equal((await handler.sweep(now)).terminated, 0, 'the sweep finds nothing left to do');
    assert.equal(await audited('exit_case', requested.id, 'exit_case.terminated'), 1);
    assert.equal(await noticed(`exit-${requested.id}-terminated`), 1);
    assert.equal((await bed.repos.partners.get(partnerId))!.status, 'exited');
    assert.equal((await intake.letters.verify(letter.code)).status, 'revoked');
    record('按约定日期终止合作，授权书失效', 'FT-17.3 FT-18');

    assert.equal(writeTimeline('partner-timeline.md', '伙伴生命周期（模拟）', timeline), 19);
  });
});
