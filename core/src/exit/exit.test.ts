import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import { WorkCalendar } from '../calendar/index.js';
import { connectMongo } from '../db/connection.js';
import { AuditRepository } from '../db/repositories.js';
import { models } from '../db/schemas.js';
import { DomainError } from '../errors.js';
import { CreditLedger } from '../credit/ledger.js';
import type { NoticeJobData } from '../queues/index.js';
import { fieldProblems, type SubscriptionNotice } from '../subscriptions/index.js';
import { connectCore } from '../root.js';
import { CalendarSource } from '../calendar/source.js';
import { connectExit, type ExitFeature } from './service.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const staff = { type: 'user' as const, id: 'staff1', role: 'staff' as const, name: '运营' };
const partnerActor = (id: string) => ({ type: 'user' as const, id, role: 'partner' as const });
const isStatus = (status: number) => (e: unknown) => e instanceof DomainError && e.status === status;

describe('exit cases on FerretDB (FT-17, FT-18, MG-11)', () => {
  let conn: Connection;
  let exit: ExitFeature;
  let programmeId: string;
  const sent: NoticeJobData[] = [];
  const partnerNews: SubscriptionNotice[] = [];
  const cal = new WorkCalendar();
  let n = 0;

  before(async () => {
    const url = new URL(process.env.HUOBAN_MONGO_URL ?? 'mongodb://127.0.0.1:27018/huoban');
    url.pathname = `/huoban_test_core_exit_${randomBytes(4).toString('hex')}`;
    conn = await connectMongo(url.toString());
    const m = models(conn);
    await Promise.all(Object.values(m).map((x) => x.createIndexes()));
    const p = await m.Programme.create({
      code: 'FT',
      name: '行业拓展',
      rulebook: 'scorecard',
      complaintWindow: { start: '08:00', end: '23:00', days: 'all' },
      slaHours: 12,
    });
    programmeId = String(p._id);
    exit = await connectExit(
      connectCore(conn, {
        calendar: CalendarSource.fixed(cal),
        notifier: {
          notify: async (...x) => void sent.push(...x),
          message: async (...m) => void partnerNews.push(...m),
        },
      }),
    );
  });
  after(async () => {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  });

  const partner = async () => {
    n++;
    const d = await models(conn).Partner.create({
      code: `X${n}-${randomBytes(2).toString('hex')}`,
      name: `测试伙伴${n}有限公司`,
      programmeId,
      status: 'active',
      inviteCode: randomBytes(6).toString('hex'),
    });
    return String(d._id);
  };
  const complaint = async (partnerId: string, status = 'open') =>
    models(conn).Complaint.create({
      no: `TS-${randomBytes(4).toString('hex')}`,
      programmeId,
      partnerId,
      kind: 'ordinary',
      channel: 'hotline_10086',
      summary: '测试投诉',
      receivedAt: new Date(),
      dueAt: new Date(Date.now() + 3_600_000),
      calendarVersion: cal.version,
      window: { start: '08:00', end: '23:00', days: 'all' },
      slaHours: 12,
      status,
      createdBy: 'staff1',
    });
  const now = new Date('2026-11-30T10:00:00+08:00');
  const file = (pid: string, desiredEndOn = '2027-02-28') =>
    exit.service.fileVoluntary(pid, { reason: '业务调整', desiredEndOn, commitment: true }, partnerActor(pid), now);

  it('FT-17.3 a desired end date before the earliest end date is refused naming desiredEndOn', async () => {
    const pid = await partner();
    await assert.rejects(file(pid, '2027-02-27'), (e: DomainError) => {
      assert.equal(e.status, 400);
      assert.equal((e.details as any).field, 'desiredEndOn');
      assert.match(e.message, /desiredEndOn/);
      return true;
    });
    await assert.rejects(
      exit.service.fileVoluntary(
        pid,
        { reason: '业务调整', desiredEndOn: '2027-03-01', commitment: false },
        staff,
        now,
      ),
      isStatus(400),
    );
    assert.equal((await exit.cases.forPartner(pid)).length, 0);
    const c = await file(pid);
    assert.equal(c.status, 'requested');
    assert.equal(c.earliestEndOn, '2027-02-28');
    assert.equal(c.approvalStartDueAt.toISOString(), '2026-12-03T15:59:59.999Z');
    assert.equal(c.calendarVersion, cal.version);
    assert.ok(sent.some((x) => x.noticeId === `exit-${c.id}-filed`));
  });

  it('FT-18 at most one open case per partner: 20 requests at once → one case, the rest 409', async () => {
    const pid = await partner();
    const res = await Promise.allSettled(Array.from({ length: 20 }, () => file(pid)));
    assert.equal(res.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of res) if (r.status === 'rejected') assert.ok(isStatus(409)(r.reason), String(r.reason));
    assert.equal((await exit.cases.forPartner(pid)).length, 1);
  });

  it('FT-18 approval starts only when blockers are clear (409 listing them); the 30-day clock starts then', async () => {
    const pid = await partner();
    const cmp = await complaint(pid, 'replied');
    const c = await file(pid);
    const pre = await exit.service.precheck(pid, now);
    assert.deepEqual(
      pre.blockers.map((b) => [b.kind, b.id]),
      [['complaint', String(cmp._id)]],
    );
    await assert.rejects(exit.service.startApproval(c.id, staff, now), (e: DomainError) => {
      assert.equal(e.status, 409);
      assert.equal((e.details as any).blockers[0].id, String(cmp._id));
      return true;
    });
    assert.equal((await exit.service.get(c.id)).status, 'requested', 'a refused step changes nothing');
    await models(conn).Complaint.updateOne({ _id: cmp._id }, { $set: { status: 'closed' } });
    const cleared = new Date('2026-12-01T09:00:00+08:00');
    const started = await exit.service.startApproval(c.id, staff, cleared);
    assert.equal(started.status, 'approval');
    assert.equal(started.clearedAt!.toISOString(), cleared.toISOString());
    assert.ok(started.approvalDueAt);
  });

  it('FT-18 20 identical approvals at once: exactly one applied, one audit entry, one history entry', async () => {
    const pid = await partner();
    const c = await file(pid);
    await exit.service.startApproval(c.id, staff, now);
    const res = await Promise.allSettled(
      Array.from({ length: 20 }, () => exit.service.approve(c.id, '材料齐全，同意退出', staff, now)),
    );
    assert.equal(res.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of res) if (r.status === 'rejected') assert.ok(isStatus(409)(r.reason), String(r.reason));
    const stored = await exit.service.get(c.id);
    assert.equal(stored.status, 'approved');
    assert.equal(stored.history.filter((h) => h.action === 'exit_case.approved').length, 1);
    assert.ok(stored.terminationDueAt);
    const audit = await new AuditRepository(models(conn)).find({ entity: 'exit_case', entityId: c.id });
    assert.equal(audit.filter((a) => a.action === 'exit_case.approved').length, 1);
  });

  it('FT-18 20 competing decisions (approve/reject) at once: one wins, the document holds exactly its update', async () => {
    const pid = await partner();
    const c = await file(pid);
    await exit.service.startApproval(c.id, staff, now);
    const res = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 ? exit.service.approve(c.id, `同意${i}`, staff, now) : exit.service.reject(c.id, `驳回${i}`, staff, now),
      ),
    );
    const won = res.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    assert.equal(won.length, 1);
    const stored = await exit.service.get(c.id);
    assert.equal(stored.status, won[0].status);
    assert.equal(stored.decisionReason, won[0].decisionReason);
    assert.equal(stored.history.length, 3);
    const audit = await new AuditRepository(models(conn)).find({ entity: 'exit_case', entityId: c.id });
    assert.equal(audit.filter((a) => /approved|rejected/.test(a.action)).length, 1);
    // a rejected case frees the partner's open key: a new request may follow
    if (stored.status === 'rejected') assert.equal((await file(pid)).status, 'requested');
  });

  it('FT-18 withdrawal before approval only, and only by the case’s own partner (another’s reads as 404)', async () => {
    const pid = await partner();
    const other = await partner();
    const c = await file(pid);
    await assert.rejects(exit.service.withdraw(c.id, other, '', partnerActor(other), now), isStatus(404));
    const w = await exit.service.withdraw(c.id, pid, '暂不退出', partnerActor(pid), now);
    assert.equal(w.status, 'withdrawn');
    assert.equal(w.openKey, c.id);
    const c2 = await file(pid);
    await exit.service.startApproval(c2.id, staff, now);
    await exit.service.approve(c2.id, '同意', staff, now);
    await assert.rejects(exit.service.withdraw(c2.id, pid, '', partnerActor(pid), now), isStatus(409));
  });

  it('FT-18 termination: partner exited, final entries, one notice; an exited partner files nothing new (409)', async () => {
    const pid = await partner();
    const c = await file(pid);
    await exit.service.startApproval(c.id, staff, now);
    await exit.service.approve(c.id, '同意', staff, now);
    // on the agreed end date (the requested 2027-02-28, Beijing time)
    const endDay = new Date('2027-02-28T09:00:00+08:00');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => exit.service.terminate(c.id, '合同已终止', staff, endDay)),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const done = await exit.service.get(c.id);
    assert.equal(done.status, 'terminated');
    assert.ok(done.effectsAppliedAt);
    // the exit sweep reads only cases whose effects are still due: this one no longer
    assert.ok(!(await exit.cases.list({ effectsDue: true })).some((x) => x.id === c.id));
    assert.equal((await models(conn).Partner.findById(pid).lean<any>()).status, 'exited');
    assert.equal(sent.filter((x) => x.noticeId === `exit-${c.id}-terminated`).length, 1);
    assert.equal(await models(conn).ScoreEvent.countDocuments({ idempotencyKey: `exit-final-${c.id}` }), 1);
    await assert.rejects(exit.guard.assertMayFile(pid), isStatus(409));
    await assert.rejects(file(pid), isStatus(409));
    assert.deepEqual(await exit.cases.riskCancellations(pid), [], 'a voluntary exit is no risk cancellation');
  });

  it('FT-18 each step of an exit case reaches the partner as one 订阅消息 (issue #19)', async () => {
    const pid = await partner();
    const c = await file(pid);
    await exit.service.startApproval(c.id, staff, now);
    await exit.service.approve(c.id, '同意', staff, now);
    await exit.service.approve(c.id, '同意', staff, now).catch(() => undefined); // a repeat moves nothing
    const mine = partnerNews.filter((m) => 'partnerId' in m.to && m.to.partnerId === pid);
    assert.deepEqual(
      mine.map((m) => [m.key, m.kind, m.data.phrase2.value]),
      [
        [`exit-${c.id}-requested`, 'exit-step', '已申请'],
        [`exit-${c.id}-approval`, 'exit-step', '审批中'],
        [`exit-${c.id}-approved`, 'exit-step', '已批准'],
      ],
    );
    assert.equal(mine[2].data.thing3.value, '已批准，终止日期2027-02-28');
    for (const m of mine) assert.deepEqual(fieldProblems(m.data), []);
  });

  it('FT-17.3 FT-18 termination takes effect on the agreed end date: 409 before it unless the partner agrees (reason recorded)', async () => {
    const pid = await partner();
    const c = await file(pid, '2027-03-31');
    await exit.service.startApproval(c.id, staff, now);
    await assert.rejects(exit.service.approve(c.id, '同意', staff, now, '2027-03-30'), isStatus(400));
    const approved = await exit.service.approve(c.id, '同意于2027-03-31终止合作', staff, now);
    assert.equal(approved.endOn, '2027-03-31');
    // the termination stage is due at the end of the agreed day, not 5 working days after approval
    assert.equal(approved.terminationDueAt!.toISOString(), '2027-03-31T15:59:59.999Z');
    const { exitTimerPlan } = await import('./timers.js');
    const effective = exitTimerPlan(approved).find((t) => t.kind === 'effective')!;
    assert.equal(effective.at.toISOString(), '2027-03-30T16:00:00.000Z', '00:00 Beijing time on the end date');

    // the same day and the day before the end date: refused, the partner keeps serving (status unchanged)
    for (const at of [now, new Date('2027-03-30T23:59:59+08:00')])
      await assert.rejects(exit.service.terminate(c.id, '合同已终止', staff, at), (e: DomainError) => {
        assert.equal(e.status, 409);
        assert.match(e.message, /约定终止日期为 2027-03-31/);
        return true;
      });
    assert.equal((await models(conn).Partner.findById(pid).lean<any>()).status, 'active');
    assert.equal(await exit.service.terminateOnEndDate(approved, new Date('2027-03-30T23:59:59+08:00')), null);

    // the end date comes: the system applies it once, however many wake-ups race
    const endDay = new Date('2027-03-31T00:00:05+08:00');
    const runs = await Promise.all(Array.from({ length: 10 }, () => exit.service.terminateOnEndDate(approved, endDay)));
    assert.equal(runs.filter(Boolean).length, 1);
    const done = await exit.service.get(c.id);
    assert.equal(done.status, 'terminated');
    assert.equal(done.terminatedAt!.toISOString(), endDay.toISOString());
    assert.equal(done.earlyTermination, null);
    assert.equal((await models(conn).Partner.findById(pid).lean<any>()).status, 'exited');
    const audit = await new AuditRepository(models(conn)).find({ entity: 'exit_case', entityId: c.id });
    assert.equal(audit.filter((e) => e.action === 'exit_case.terminated').length, 1);
    assert.equal(sent.filter((x) => x.noticeId === `exit-${c.id}-terminated`).length, 1);
  });

  it("FT-17.3 a termination before the agreed end date with the partner's agreement records its reason", async () => {
    const pid = await partner();
    const c = await file(pid, '2027-03-31');
    await exit.service.startApproval(c.id, staff, now);
    await exit.service.approve(c.id, '同意于2027-03-31终止合作', staff, now);
    await assert.rejects(exit.service.terminate(c.id, '合同已终止', staff, now, '  '), isStatus(409));
    const done = await exit.service.terminate(c.id, '合同已终止', staff, now, '伙伴书面同意提前终止');
    assert.equal(done.status, 'terminated');
    assert.deepEqual(done.earlyTermination, { reason: '伙伴书面同意提前终止', endOn: '2027-03-31' });
    const [entry] = (await new AuditRepository(models(conn)).find({ entity: 'exit_case', entityId: c.id })).filter(
      (e) => e.action === 'exit_case.terminated',
    );
    assert.match(entry.reason!, /伙伴同意提前于约定日期 2027-03-31 终止：伙伴书面同意提前终止/);
  });

  it('FT-17.3 FT-18 the earliest end date and the requested date read the one contract: never beyond its last day', async () => {
    const pid = await partner();
    await models(conn).PartnerContract.create({
      partnerId: new Types.ObjectId(pid),
      signedAt: '2025-02-01',
      termStart: '2025-02-01',
      endsAt: '2027-01-31',
      actor: staff,
    });
    const pre = await exit.service.precheck(pid, now);
    assert.equal(pre.earliestEndOn, '2027-01-31', 'the term ends before three months have passed');
    await assert.rejects(file(pid, '2027-02-28'), (e: DomainError) => {
      assert.equal(e.status, 400);
      assert.match(e.message, /合同到期日 2027-01-31/);
      return true;
    });
    assert.equal((await file(pid, '2027-01-31')).earliestEndOn, '2027-01-31');
  });

  it('FT-18 the staff queue reads every blocker kind once for all its cases (one $in per kind), the same as per case', async () => {
    const [a, b, c] = [await partner(), await partner(), await partner()];
    await complaint(a, 'open');
    await complaint(a, 'replied');
    await complaint(a, 'closed');
    await complaint(b, 'open');
    const ledger = new CreditLedger({
      repos: exit.service.credit,
      partners: exit.service.partners,
      audit: new AuditRepository(models(conn)),
    });
    const opened = new Date('2026-01-05T10:00:00+08:00');
    for (const pid of [a, c]) {
      const account = await ledger.open(
        (await exit.service.partners.get(pid))!,
        { tier: 'ordinary', joinedAt: '2026-01-05' },
        '2026-01',
        staff,
        opened,
      );
      const base = {
        accountId: account.id,
        partnerId: pid,
        month: '2026-10',
        amount: 100,
        reason: '测试',
        actor: staff,
        at: opened,
      };
      await exit.service.credit.settlements.create({ ...base, kind: 'refund-offset', shortfall: 40, heldUntil: null });
      await exit.service.credit.settlements.create({ ...base, kind: 'refund-offset', shortfall: 0, heldUntil: null });
      await exit.service.credit.appeals.open({
        accountId: account.id,
        partnerId: pid,
        entryId: `entry-${pid}`,
        reason: '申诉',
        createdBy: partnerActor(pid),
        createdAt: opened,
      });
    }
    for (const [period, status] of [
      ['2026-H1', 'open'],
      ['2025-H2', 'closed'],
    ] as const)
      await exit.service.scorecards.rectifications.openOnce({
        partnerId: b,
        programmeId,
        period,
        snapshotId: `snap-${period}`,
        total: 50,
        threshold: 60,
        openedAt: opened,
        deadline: now,
        deadlineProvisional: false,
        status: status as any,
        submissions: [],
        decision: null,
        terminationRecommended: false,
      });
    const kinds = (bs: { kind: string }[] | undefined) => bs?.map((x) => x.kind);
    const commands: string[] = [];
    conn.set('debug', (coll: string, method: string) => void commands.push(`${coll}.${method}`));
    const batch = await exit.service.blockersOf([a, b, c, a], now);
    conn.set('debug', false);
    assert.deepEqual(kinds(batch.get(a)), ['complaint', 'complaint', 'appeal', 'settlement']);
    assert.deepEqual(kinds(batch.get(b)), ['complaint', 'rectification']);
    assert.deepEqual(kinds(batch.get(c)), ['appeal', 'settlement']);
    for (const pid of [a, b, c]) assert.deepEqual(batch.get(pid), await exit.service.blockers(pid, now));
    // one read per blocker kind plus the accounts, whatever the number of cases
    assert.equal(commands.length, 5, commands.join(', '));
  });

  it('MG-11 a major-violation exit lists the company and records a risk cancellation (FT-2.1)', async () => {
    const pid = await partner();
    const ledger = new CreditLedger({
      repos: exit.service.credit,
      partners: exit.service.partners,
      audit: new AuditRepository(models(conn)),
    });
    const account = await ledger.open(
      (await exit.service.partners.get(pid))!,
      { tier: 'ordinary', joinedAt: '2026-01-05' },
      '2026-01',
      staff,
      new Date('2026-01-05T10:00:00+08:00'),
    );
    const c = await exit.service.openByStaff(
      {
        partnerId: pid,
        trigger: 'major_violation',
        reason: '强制订购，重大违约',
        evidence: { companyCreditCode: '91110000MA00000000' },
      },
      staff,
      now,
    );
    assert.equal(c.status, 'precheck');
    assert.ok(sent.some((x) => x.noticeId === `exit-${c.id}-opened`));
    await exit.service.startApproval(c.id, staff, now);
    await exit.service.approve(c.id, '同意', staff, now);
    await exit.service.terminate(c.id, '', staff, now);
    const risk = await exit.cases.riskCancellations(pid);
    assert.equal(risk.length, 1);
    assert.equal(risk[0].source, 'exit');
    assert.equal(risk[0].companyCreditCode, '91110000MA00000000');
    assert.ok(await exit.service.credit.badCredit.byPartner(pid));
    // MG-1: the credit ledger closes with a final entry at the current score; the account leaves
    const final = await exit.service.credit.entries.byKey(`${account.id}-exit-${c.id}`);
    assert.equal(final?.kind, 'exit');
    assert.equal(final?.applied, 0);
    assert.equal((await exit.service.credit.accounts.get(account.id))!.status, 'exited');
    // re-running the effects repeats nothing
    const again = await exit.service.applyEffects(await exit.service.get(c.id), staff, now);
    assert.ok(again.effectsAppliedAt);
    assert.equal((await exit.cases.riskCancellations(pid)).length, 1);
  });

  it('FT-17 an automatic trigger opens one case in precheck, however often it runs; never terminates', async () => {
    const pid = await partner();
    const key = `FT-14-${new Types.ObjectId().toHexString()}`;
    const input = { partnerId: pid, trigger: 'rectification_failed' as const, reason: '整改未通过', triggerKey: key };
    const res = await Promise.all(Array.from({ length: 5 }, () => exit.service.openByTrigger(input, staff, now)));
    assert.equal(res.filter(Boolean).length, 1);
    assert.equal(await exit.service.openByTrigger(input, staff, now), null);
    const cases = await exit.cases.forPartner(pid);
    assert.equal(cases.length, 1);
    assert.equal(cases[0].status, 'precheck');
    assert.equal((await models(conn).Partner.findById(pid).lean<any>()).status, 'active');
  });
});
