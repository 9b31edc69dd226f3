/**
 * A realistic year of one operator's programme pair, deterministic from a seed: two programmes (scorecard FT-*,
 * credit MG-*), partners, complaints with replies, verdicts, warnings and breaches, score events, twelve MG-13
 * month closes, applications in every intake state with evidence files, exit cases, and the audit trail of it all.
 *
 * Bulk writes (insertMany in batches) keep the invariants the code paths keep: complaint numbers are sequence
 * claims (`complaint-<day>-<n>`, with the scope's head), every step of a complaint is a transition — an applied
 * claim `complaint-<id>-r<rev>` and its audit entry under the same key, the revision counted — and breaches are
 * recorded as the SLA handler records them (`sla_breaches`, `FT-12-late-<id>`, `audit-breach-<id>`). Credit
 * accounts are opened and closed month by month through core's own CreditLedger.
 */
import { Types, type Connection } from 'mongoose';
import {
  APPLICATION_STATUSES,
  COMPLAINT_CHANNELS,
  IntakeFiles,
  SYSTEM_ACTOR,
  WorkCalendar,
  backfillComplaintCounters,
  connectCore,
  connectCredit,
  exitModels,
  ft12LateKey,
  intakeModels,
  models,
  monthOf,
  periodOf,
  scorecardModels,
  shanghaiDate,
  shiftMonth,
  slaDeadline,
  workflowModels,
  type Actor,
  type PartnerRecord,
} from '@huoban/core';

export interface SeedOptions {
  seed: number;
  /** 1 = a year (500 partners, 60,000 complaints, …); 10 = ten times that */
  scale: number;
  /** the seeded year ends here (default: now) */
  until: Date;
  /** MG-13 month closes per credit account (12: the year) */
  closes: number;
  log?: (line: string) => void;
}

export interface SeedReport {
  counts: Record<string, number>;
  ms: number;
  /** handy ids for a developer (and the bench): a partner code to sign in with, a complaint, a letter code */
  sample: { partnerCode: string; partnerId: string; complaintId: string; letterCode: string; programmeIds: string[] };
}

/** mulberry32: a small deterministic PRNG */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
    /** an ObjectId whose bytes come from the generator (so ids repeat with the seed) */
    oid: (at: Date) =>
      new Types.ObjectId(
        Math.floor(at.getTime() / 1000)
          .toString(16)
          .padStart(8, '0') +
          Array.from({ length: 4 }, () =>
            Math.floor(next() * 65536)
              .toString(16)
              .padStart(4, '0'),
          ).join(''),
      ),
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WINDOW = { start: '08:00', end: '23:00', days: 'all' as const };
const STAFF: Actor = { type: 'user', id: 'seed-staff', role: 'staff', name: '运营（种子数据）' };
const SURNAMES = ['华信', '联创', '博远', '东方', '星河', '中科', '鼎盛', '汇通', '恒泰', '金桥'];
const TRADES = ['科技', '网络', '信息', '通信', '数码', '文化'];
const SUMMARIES = [
  '客户反映业务扣费异常，要求核实并退费',
  '客户投诉营销短信过多',
  '客户称未办理的业务被开通',
  '客户反映客服回访态度差',
];

/** insertMany through the driver in batches (stored as mongoose stores them: `__v: 0`). */
async function bulk(conn: Connection, collection: string, docs: Record<string, unknown>[], batch = 2000) {
  const coll = conn.db!.collection(collection);
  for (let i = 0; i < docs.length; i += batch)
    await coll.insertMany(
      docs.slice(i, i + batch).map((d) => ('__v' in d ? d : { ...d, __v: 0 })),
      { ordered: false },
    );
  return docs.length;
}

/** Streams documents to a collection in batches as they are produced (the audit trail does not fit one array). */
class Sink {
  private buf: Record<string, unknown>[] = [];
  count = 0;
  private pending: Promise<unknown> = Promise.resolve();
  constructor(
    private readonly conn: Connection,
    private readonly collection: string,
    private readonly batch = 5000,
  ) {}
  push(d: Record<string, unknown>) {
    this.buf.push(d);
    this.count++;
    if (this.buf.length >= this.batch) this.flushSome();
  }
  private flushSome() {
    const docs = this.buf;
    this.buf = [];
    const prev = this.pending;
    this.pending = prev.then(() => bulk(this.conn, this.collection, docs, this.batch));
  }
  /** waits for the batches handed over so far (back-pressure for a producer that would outrun the store) */
  async drain() {
    await this.pending;
  }
  async done() {
    if (this.buf.length) this.flushSome();
    await this.pending;
    return this.count;
  }
}

export async function seedYear(conn: Connection, o: SeedOptions): Promise<SeedReport> {
  const t0 = Date.now();
  const log = o.log ?? (() => undefined);
  const r = rng(o.seed);
  const until = o.until;
  const from = new Date(until.getTime() - 365 * DAY);
  const k = o.scale;
  const cal = new WorkCalendar();
  const counts: Record<string, number> = {};
  const step = (what: string, n: number) => {
    counts[what] = (counts[what] ?? 0) + n;
    log(`  ${what}: ${n.toLocaleString('en')} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  };

  // unique indexes first (unique keys hold from the first write); the others are built after the bulk load, which
  // SQLite does far faster than index maintenance on every insert
  const m = models(conn);
  const wf = workflowModels(conn);
  const sc = scorecardModels(conn);
  const bulkModels = [...Object.values(m), ...Object.values(wf), ...Object.values(sc)];
  await Promise.all(
    bulkModels.map((x) =>
      Promise.all(
        (x.schema.indexes() as [Record<string, 1 | -1>, { unique?: boolean }][])
          .filter(([, opts]) => opts?.unique)
          .map(([fields, opts]) => x.collection.createIndex(fields as never, opts as never)),
      ),
    ),
  );
  const core = connectCore(conn);
  const [intake, exit, credit] = await Promise.all([intakeModels(conn), exitModels(conn), connectCredit(core)]);

  // ---- programmes and partners
  const programmes = [
    { code: 'SEED-FT', name: '中移金科行业拓展服务商（种子）', rulebook: 'scorecard' },
    { code: 'SEED-MG', name: '咪咕渠道合作伙伴（种子）', rulebook: 'credit' },
  ].map((p) => ({
    _id: r.oid(from),
    ...p,
    complaintWindow: WINDOW,
    slaHours: 12,
    warningMinutes: [120, 30],
    createdAt: from,
    updatedAt: from,
  }));
  step('programmes', await bulk(conn, 'programmes', programmes));
  const partnerCount = 500 * k;
  const partners = Array.from({ length: partnerCount }, (_, i) => {
    const programme = programmes[i % 2];
    const createdAt = new Date(from.getTime() - r.int(400) * DAY);
    const code = `S${String(i + 1).padStart(5, '0')}`;
    return {
      _id: r.oid(createdAt),
      code,
      name: `${r.pick(SURNAMES)}${r.pick(TRADES)}${i + 1}号有限公司`,
      programmeId: programme._id,
      status: 'active',
      rev: 0,
      inviteCode: `SEED${o.seed}-${code}`,
      contactName: '联系人',
      contactPhone: `138${String(10_000_000 + i).slice(-8)}`,
      createdAt,
      updatedAt: createdAt,
    };
  });
  step('partners', await bulk(conn, 'partners', partners));
  const ft = partners.filter((p) => p.programmeId === programmes[0]._id);
  const mg = partners.filter((p) => p.programmeId === programmes[1]._id);
  // FT-16: contracts of the scorecard partners, a few ending within the next months
  const contracts = ft.map((p) => {
    const signed = shanghaiDate(p.createdAt);
    const ends = shanghaiDate(new Date(until.getTime() + (r.int(700) - 30) * DAY));
    return { _id: r.oid(p.createdAt), partnerId: p._id, signedAt: signed, endsAt: ends, meetsQualification: true };
  });
  step('partner_contracts', await bulk(conn, 'partner_contracts', contracts));

  // ---- complaints with their whole lifecycle
  const audit = new Sink(conn, 'audit_log');
  const claims = new Sink(conn, 'workflow_claims');
  const complaints = new Sink(conn, 'complaints', 2000);
  const seqClaims = new Sink(conn, 'sequence_claims');
  const breaches: Record<string, unknown>[] = [];
  const scoreEvents: Record<string, unknown>[] = [];
  const dayCounter = new Map<string, number>();
  const total = 60_000 * k;
  const times = Array.from(
    { length: total },
    () => from.getTime() + r.next() * (until.getTime() - from.getTime()),
  ).sort((a, b) => a - b);
  let sampleComplaint = '';
  for (const [i, t] of times.entries()) {
    if (i % 2000 === 1999) await Promise.all([complaints.drain(), claims.drain(), audit.drain(), seqClaims.drain()]);
    const receivedAt = new Date(t);
    const partner = r.chance(0.5) ? r.pick(ft) : r.pick(mg);
    const id = r.oid(receivedAt);
    const cid = id.toHexString();
    const kind = r.chance(0.92) ? 'ordinary' : 'escalated';
    const channel = kind === 'ordinary' ? r.pick(COMPLAINT_CHANNELS.slice(0, 6)) : r.pick(COMPLAINT_CHANNELS.slice(6));
    const { dueAt, provisional } = slaDeadline(receivedAt, 12, WINDOW, cal);
    const registeredAt = new Date(t + (5 + r.int(40)) * 60_000);
    const day = shanghaiDate(registeredAt).replaceAll('-', '');
    const n = (dayCounter.get(day) ?? 0) + 1;
    dayCounter.set(day, n);
    seqClaims.push({ _id: `complaint-${day}-${n}`, scope: `complaint-${day}`, n, at: registeredAt });
    const no = `TS-${day}-${String(n).padStart(4, '0')}`;
    audit.push({
      _id: `complaint-${cid}-registered`,
      at: registeredAt,
      actor: STAFF,
      action: 'complaint.registered',
      entity: 'complaint',
      entityId: cid,
      after: { no, partnerId: String(partner._id), kind, channel, receivedAt, dueAt },
    });
    // the story: replies (a rejected one sometimes), verdicts, warnings while no reply is pending, a breach
    let rev = 0;
    let status = 'open';
    const warningsSent: string[] = [];
    const replies: Record<string, unknown>[] = [];
    let effectiveReplyAt: Date | null = null;
    let breachedAt: Date | null = null;
    let slaSettled = false;
    const events: { at: Date; apply: () => void }[] = [];
    const transition = (at: Date, action: string, actor: Actor, set: Record<string, unknown>, reason?: string) => {
      const key = `complaint-${cid}-r${rev}`;
      claims.push({
        _id: key,
        model: 'Complaint',
        entity: 'complaint',
        entityId: cid,
        rev,
        action,
        actor,
        ...(reason && { reason }),
        update: { set },
        audit: { before: { status }, after: set },
        notices: [],
        state: 'applied',
        at,
        appliedAt: at,
      });
      audit.push({
        _id: key,
        at,
        actor,
        action,
        entity: 'complaint',
        entityId: cid,
        ...(reason && { reason }),
        before: { status },
        after: set,
      });
      rev++;
    };
    const partnerActor: Actor = {
      type: 'user',
      id: `partner-${partner.code}`,
      role: 'partner' as never,
      name: partner.name,
    };
    const never = r.chance(0.02);
    const firstDelay = (0.5 + 15 * r.next() ** 0.8) * HOUR;
    const rejected = r.chance(0.3);
    const replyTimes = never
      ? []
      : rejected
        ? [t + firstDelay, t + firstDelay + (2 + r.next() * 6) * HOUR]
        : [t + firstDelay];
    replyTimes.forEach((rt, i) => {
      const at = new Date(rt);
      const replyId = r.oid(at);
      const decidedAt = new Date(rt + (10 + r.int(120)) * 60_000);
      const effective = i === replyTimes.length - 1;
      events.push({
        at,
        apply: () => {
          replies.push({
            _id: replyId,
            text: '已联系客户核实处理，已退费并致歉',
            at,
            by: partnerActor.id,
            verdict: 'pending',
          });
          status = 'replied';
          transition(at, 'complaint.replied', partnerActor, { status: 'replied' });
        },
      });
      events.push({
        at: decidedAt,
        apply: () => {
          const reply = replies[replies.length - 1];
          Object.assign(reply, { verdict: effective ? 'effective' : 'rejected', decidedAt, decidedBy: STAFF.id });
          if (!effective) reply.reason = '回复未说明处理结果';
          if (effective) {
            status = 'closed';
            effectiveReplyAt = at;
            slaSettled = slaSettled || at.getTime() <= dueAt.getTime() || breachedAt !== null;
          } else status = 'open';
          transition(decidedAt, effective ? 'complaint.reply_confirmed' : 'complaint.reply_rejected', STAFF, {
            status,
            replyId: String(replyId),
          });
        },
      });
    });
    for (const minutes of [120, 30]) {
      const at = new Date(dueAt.getTime() - minutes * 60_000);
      events.push({
        at,
        apply: () => {
          if (status !== 'open') return;
          warningsSent.push(String(minutes));
          transition(
            at,
            'complaint.sla_warned',
            SYSTEM_ACTOR,
            { warningsSent: [...warningsSent] },
            `剩余工作时间 ${minutes} 分钟`,
          );
        },
      });
    }
    const breachAt = new Date(dueAt.getTime() + 200 + r.int(2000));
    events.push({
      at: breachAt,
      apply: () => {
        const answered = replies.some((x) => (x.at as Date).getTime() <= dueAt.getTime() && x.verdict !== 'rejected');
        if (answered || status === 'closed') return;
        breachedAt = breachAt;
        breaches.push({ _id: id, partnerId: partner._id, at: breachAt, recordedAt: breachAt });
        if (kind === 'ordinary')
          scoreEvents.push({
            _id: r.oid(breachAt),
            partnerId: partner._id,
            programmeId: partner.programmeId,
            rule: 'FT-12',
            component: 'complaintEfficiency',
            points: -0.5,
            period: periodOf(receivedAt),
            source: { entity: 'complaint', id: cid },
            reason: `普通投诉 ${no} 未在12个工作小时内有效回复`,
            idempotencyKey: ft12LateKey(cid),
            actor: SYSTEM_ACTOR,
            at: breachAt,
          });
        audit.push({
          _id: `audit-breach-${cid}`,
          at: breachAt,
          actor: SYSTEM_ACTOR,
          action: 'complaint.sla_breached',
          entity: 'complaint',
          entityId: cid,
          reason: `WT-4：截止 ${dueAt.toISOString()} 前无有效回复`,
          before: { breachedAt: null },
          after: { breachedAt: breachAt, ...(kind === 'ordinary' && { scoreEvent: ft12LateKey(cid) }) },
        });
        // the sweeper marks the complaint settled within a minute
        const settleAt = new Date(breachAt.getTime() + 30_000);
        slaSettled = true;
        transition(
          settleAt,
          'complaint.sla_settled',
          SYSTEM_ACTOR,
          { breachedAt: breachAt, slaSettled: true },
          'WT-4：超时已记录，停止计时',
        );
      },
    });
    for (const e of events.sort((a, b) => a.at.getTime() - b.at.getTime()))
      if (e.at.getTime() <= until.getTime()) e.apply();
    complaints.push({
      _id: id,
      no,
      programmeId: partner.programmeId,
      partnerId: partner._id,
      kind,
      channel,
      summary: r.pick(SUMMARIES),
      receivedAt,
      dueAt,
      provisional,
      calendarVersion: cal.version,
      window: WINDOW,
      slaHours: 12,
      warningMinutes: [120, 30],
      status,
      replies,
      effectiveReplyAt,
      breachedAt,
      slaSettled,
      warningsSent,
      rev,
      createdBy: STAFF.id,
      createdAt: registeredAt,
      updatedAt: registeredAt,
    });
    if (!sampleComplaint && partner === ft[0]) sampleComplaint = cid;
  }
  step('complaints', await complaints.done());
  step('sequence_claims', await seqClaims.done());
  const heads = [...dayCounter].map(([day, n]) => ({ _id: `complaint-${day}`, n, at: until }));
  step('sequence_heads', await bulk(conn, 'sequence_heads', heads));
  step('workflow_claims', await claims.done());
  step('sla_breaches', await bulk(conn, 'sla_breaches', breaches));
  step('score_events', await bulk(conn, 'score_events', scoreEvents));
  // the per-partner counters the SLA report and FT-15 read, as the api's start-up backfill would count them
  step(
    'complaint_counters (complaints counted)',
    (await backfillComplaintCounters(core.counters, cal))?.complaints ?? 0,
  );

  // ---- MG-2 accounts and twelve MG-13 month closes, through core's own ledger
  const firstMonth = shiftMonth(monthOf(until), -12);
  const asPartner = (p: (typeof partners)[number]): PartnerRecord => ({
    id: String(p._id),
    code: p.code,
    name: p.name,
    programmeId: String(p.programmeId),
    status: 'active',
    rev: 0,
    inviteCode: p.inviteCode,
    createdAt: p.createdAt,
  });
  const opened = new Date(from.getTime() - DAY);
  for (let i = 0; i < mg.length; i += 25)
    await Promise.all(
      mg
        .slice(i, i + 25)
        .map((p) =>
          credit.ledger.open(
            asPartner(p),
            { tier: r.chance(0.2) ? 'strategic' : 'ordinary', joinedAt: shanghaiDate(opened) },
            firstMonth,
            STAFF,
            opened,
          ),
        ),
    );
  step('credit_accounts', mg.length);
  // ---- intake: recruitments, 300 applications over every state, each with an evidence file
  // every intake state, in the order an application moves through them
  const intakeStatuses = APPLICATION_STATUSES;
  const recruitments = [0, 1, 2, 3].map((i) => {
    const createdAt = new Date(from.getTime() + i * 90 * DAY);
    const batch = i !== 3;
    const deadline = new Date(createdAt.getTime() + 30 * DAY);
    const open = deadline.getTime() > until.getTime() || !batch;
    return {
      _id: r.oid(createdAt),
      programmeId: programmes[0]._id,
      title: `${2026 - (i < 2 ? 1 : 0)} 年行业拓展服务商招募（第 ${i + 1} 期）`,
      industry: '金融科技',
      region: '全国',
      products: ['和包支付'],
      mode: batch ? 'batch' : 'monthly',
      quota: batch ? 30 : null,
      opensOn: shanghaiDate(createdAt),
      closesOn: batch ? shanghaiDate(deadline) : null,
      applicationDeadline: batch ? deadline : null,
      description: '招募行业拓展服务商，详见公告附件。',
      contact: '联系人 010-00000000',
      attachments: [],
      rooms: [],
      status: open ? 'published' : 'closed',
      publishedAt: createdAt,
      closedAt: open ? null : deadline,
      archivedAt: null,
      changeLog: [],
      history: [],
      createdBy: STAFF.id,
      rev: open ? 1 : 2,
      createdAt,
      updatedAt: createdAt,
    };
  });
  step('intake_recruitments', await bulk(conn, 'intake_recruitments', recruitments));
  const files = new IntakeFiles(conn);
  const apps: Record<string, unknown>[] = [];
  const letters: Record<string, unknown>[] = [];
  for (let i = 0; i < Math.max(intakeStatuses.length, Math.round(300 * k)); i++) {
    const rec = recruitments[i % recruitments.length];
    const status = intakeStatuses[i % intakeStatuses.length];
    const createdAt = new Date((rec.createdAt as Date).getTime() + r.int(25) * DAY);
    const _id = r.oid(createdAt);
    const creditCode = `91110000${String(100_000_000 + i).slice(-9)}X`;
    const fileId = await files.put(
      `营业执照-${i + 1}.pdf`,
      Buffer.from(`%PDF-1.4 seed evidence ${i}`),
      'application/pdf',
      {
        applicationId: _id.toHexString(),
        kind: 'evidence',
      },
    );
    const submitted = status !== 'draft';
    apps.push({
      _id,
      recruitmentId: rec._id,
      programmeId: rec.programmeId,
      mode: rec.mode,
      applicantId: `seed-applicant-${i + 1}`,
      applicantOpenId: `seed-openid-${i + 1}`,
      creditCode,
      company: {
        name: `${r.pick(SURNAMES)}${r.pick(TRADES)}申请${i + 1}号有限公司`,
        creditCode,
        registeredOn: '2019-03-01',
        legalRep: '法定代表人',
        taxpayerType: 'general',
        contacts: [{ name: '联系人', phone: '13900000000' }],
      },
      answers: [],
      declaration: submitted ? { accepted: true, at: createdAt } : null,
      files: [{ id: fileId, kind: 'evidence', name: `营业执照-${i + 1}.pdf` }],
      version: 1,
      status,
      submittedAt: submitted ? new Date(createdAt.getTime() + DAY) : null,
      checks: [],
      rejection: status === 'rejected' ? '材料不全' : null,
      reviewOn: null,
      preReviewDueAt: submitted ? new Date(createdAt.getTime() + 6 * DAY) : null,
      evaluationDueAt: null,
      decisionDueAt: null,
      calendarVersion: submitted ? cal.version : null,
      provisional: false,
      timersSent: [],
      preReview: null,
      panel: null,
      decision: null,
      partnerId: null,
      signing: null,
      history: [],
      rev: intakeStatuses.indexOf(status),
      createdAt,
      updatedAt: createdAt,
    });
    for (let s = 0; s < intakeStatuses.indexOf(status); s++)
      audit.push({
        _id: `application-${_id.toHexString()}-r${s}`,
        at: new Date(createdAt.getTime() + (s + 1) * DAY),
        actor: STAFF,
        action: `application.${intakeStatuses[s + 1]}`,
        entity: 'application',
        entityId: _id.toHexString(),
      });
    if (status === 'signed') {
      const p = ft[i % ft.length];
      const issuedAt = new Date(createdAt.getTime() + 20 * DAY);
      letters.push({
        _id: r.oid(issuedAt),
        letterNo: `SQ-SEED-${String(letters.length + 1).padStart(4, '0')}`,
        code: `seed${o.seed}letter${letters.length + 1}`,
        applicationId: _id.toHexString(),
        partnerId: p._id,
        grantor: '中移金科',
        grantee: p.name,
        products: ['和包支付'],
        capabilities: [],
        governingRules: [],
        validFrom: issuedAt,
        validTo: new Date(issuedAt.getTime() + 365 * DAY),
        issuedAt,
        issuedBy: STAFF,
        revokedAt: null,
        revocationReason: null,
        createdAt: issuedAt,
        updatedAt: issuedAt,
      });
    }
  }
  step('intake_applications (+ evidence files)', await bulk(conn, 'intake_applications', apps));
  step('intake_letters', await bulk(conn, 'intake_letters', letters));

  // ---- exit cases over every state; a terminated case's partner has exited
  const exitStatuses = [
    'requested',
    'precheck',
    'approval',
    'approved',
    'rejected',
    'withdrawn',
    'terminated',
  ] as const;
  const cases: Record<string, unknown>[] = [];
  for (let i = 0; i < Math.max(exitStatuses.length, Math.round(40 * k)); i++) {
    const p = partners[(partners.length * 100 - 1 - i) % partners.length];
    const status = exitStatuses[i % exitStatuses.length];
    const appliedAt = new Date(until.getTime() - (5 + r.int(200)) * DAY);
    const _id = r.oid(appliedAt);
    const closed = ['rejected', 'withdrawn', 'terminated'].includes(status);
    const terminated = status === 'terminated';
    // the stages a case in `status` has passed (rejected and withdrawn cases stop after the approval started)
    const order = ['requested', 'precheck', 'approval', 'approved', 'terminated'];
    const at = status === 'rejected' || status === 'withdrawn' ? 2 : order.indexOf(status);
    const reached = (stage: string) => order.indexOf(stage) <= at;
    cases.push({
      _id,
      partnerId: p._id,
      programmeId: p.programmeId,
      partnerName: p.name,
      trigger: 'voluntary',
      rule: 'FT-17.3',
      evidence: {},
      openedBy: STAFF,
      status,
      openKey: closed ? _id.toHexString() : String(p._id),
      triggerKey: `case-${_id.toHexString()}`,
      reason: '经营调整，申请退出合作',
      desiredEndOn: null,
      commitment: true,
      appliedAt,
      earliestEndOn: shanghaiDate(new Date(appliedAt.getTime() + 30 * DAY)),
      precheckAt: reached('precheck') ? new Date(appliedAt.getTime() + DAY) : null,
      blockersAtPrecheck: reached('precheck') ? [] : null,
      clearedAt: reached('approval') ? new Date(appliedAt.getTime() + 2 * DAY) : null,
      approvalStartedAt: reached('approval') ? new Date(appliedAt.getTime() + 2 * DAY) : null,
      decidedAt: closed ? new Date(appliedAt.getTime() + 10 * DAY) : null,
      decisionReason: status === 'rejected' ? '存在未结清事项' : null,
      approvedAt: reached('approved') ? new Date(appliedAt.getTime() + 9 * DAY) : null,
      terminatedAt: terminated ? new Date(appliedAt.getTime() + 30 * DAY) : null,
      terminationNote: terminated ? '合同已终止' : null,
      effectsAppliedAt: terminated ? new Date(appliedAt.getTime() + 30 * DAY) : null,
      effectsDue: false,
      approvalStartDueAt: new Date(appliedAt.getTime() + 3 * DAY),
      approvalDueAt: reached('approval') ? new Date(appliedAt.getTime() + 12 * DAY) : null,
      terminationDueAt: reached('approved') ? new Date(appliedAt.getTime() + 40 * DAY) : null,
      provisional: false,
      calendarVersion: cal.version,
      history: [{ at: appliedAt, action: 'exit_case.opened', from: null, to: 'requested', actor: STAFF }],
      rev: exitStatuses.indexOf(status) + 1,
      createdAt: appliedAt,
      updatedAt: appliedAt,
    });
    audit.push({
      _id: `exit_case-${_id.toHexString()}-opened`,
      at: appliedAt,
      actor: STAFF,
      action: 'exit_case.opened',
      entity: 'exit_case',
      entityId: _id.toHexString(),
    });
    if (terminated)
      await conn.db!.collection('partners').updateOne({ _id: p._id }, { $set: { status: 'exited' }, $inc: { rev: 1 } });
  }
  step('exit_cases', await bulk(conn, 'exit_cases', cases));
  // the MG-13 closes (twelve by default) per account, last because on the local store without index pushdown each
  // close reads the account's whole credit history (about 1 close/s here): the rest is usable meanwhile; each through the ledger's closeAccountMonth (what closeThrough runs per
  // account), accounts side by side: one at a time is bound by round trips, not by the store
  const accounts = await credit.repos.accounts.list(100_000);
  let closes = 0;
  const failures: string[] = [];
  const closeAll = async (acc: (typeof accounts)[number]) => {
    for (let i = 0; i < o.closes; i++) {
      const month = shiftMonth(firstMonth, i);
      const at = new Date(from.getTime() + (i + 1) * 30 * DAY);
      // a close is re-entrant for its month (a step interrupted by a busy store is taken up again)
      const attempt = () => credit.ledger.closeAccountMonth(acc, month, SYSTEM_ACTOR, at);
      const r = await attempt()
        .catch(attempt)
        .catch(attempt)
        .catch((e: Error) => (failures.push(`${acc.id} ${month}: ${e.message.slice(-120)}`), null));
      if (!r) return;
      if (r.closed) closes++;
      acc = r.account;
    }
  };
  for (let i = 0; i < accounts.length; i += 5) await Promise.all(accounts.slice(i, i + 5).map(closeAll));
  step(`credit month closes (${o.closes} per account)`, closes);
  if (failures.length) log(`    ${failures.length} accounts stopped early: ${failures.slice(0, 2).join('; ')}`);

  step('audit_log', await audit.done());
  await Promise.all(bulkModels.map((x) => x.createIndexes()));
  step('indexes built', bulkModels.length);
  void intake;
  void exit;

  const report: SeedReport = {
    counts,
    ms: Date.now() - t0,
    sample: {
      partnerCode: ft[0].code,
      partnerId: String(ft[0]._id),
      complaintId: sampleComplaint,
      letterCode: String(letters[0]?.code ?? ''),
      programmeIds: programmes.map((p) => String(p._id)),
    },
  };
  // what was seeded, for the bench and for a developer (`db.seed_info.findOne()`)
  await conn
    .db!.collection('seed_info')
    .replaceOne({ _id: 'seed' as never }, { ...report, seed: o.seed, scale: o.scale, until }, { upsert: true });
  return report;
}
