import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Types } from 'mongoose';
import { featureTestbed, type FeatureTestbed } from '../../test/feature-testbed.js';
import { WorkCalendar, workingTimeBetween } from '../calendar/index.js';
import { dayOfInstant, dayStartMs } from '../calendar/days.js';
import { models } from '../db/schemas.js';
import type { Caller, ComplaintKind, ComplaintRecord } from '../db/types.js';
import { MIGRATION } from '../ops/migrations.js';
import { monthOf, parsePeriod } from '../period/index.js';
import { connectCore, type Core } from '../root.js';
import { CalendarSource } from '../calendar/source.js';
import type { SlaScheduler } from './scheduler.js';
import {
  ComplaintCounters,
  ROLLUP_COMPACT_AT,
  backfillComplaintCounters,
  rollUpComplaintCounters,
  type CounterRow,
} from './counters.js';
import { byShareWithinSla, complianceOutcome, type SlaFigures, type SlaReport } from './report.js';
import { connectComplaints, type ComplaintService } from './service.js';
import { SlaHandler } from './sla.js';
import { SweepHandler } from './sweep.js';

/*
 * The SLA report from the per-partner monthly counters against the full computation it replaced (issue #16): the
 * reference below is the old `slaReport` over every complaint received in the period, kept here and nowhere else.
 */
const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2);
};
function referenceFigures(cs: readonly ComplaintRecord[], now: Date, cal: WorkCalendar): SlaFigures {
  let withinSla = 0;
  let late = 0;
  let open = 0;
  const toReply: number[] = [];
  for (const c of cs) {
    const o = complianceOutcome(c, now);
    if (o === 'within') withinSla++;
    else if (o === 'late') late++;
    else open++;
    if (c.effectiveReplyAt) toReply.push(workingTimeBetween(c.receivedAt, c.effectiveReplyAt, c.window, cal));
  }
  return {
    complaints: cs.length,
    withinSla,
    late,
    open,
    shareWithinSla: withinSla + late ? Math.round((withinSla / (withinSla + late)) * 10_000) / 10_000 : null,
    medianWorkingMsToReply: median(toReply),
    escalated: cs.filter((c) => c.kind === 'escalated').length,
  };
}
function referenceReport(
  period: { name: string; months: string[] },
  cs: readonly ComplaintRecord[],
  names: ReadonlyMap<string, string>,
  now: Date,
  cal: WorkCalendar,
): SlaReport {
  const byPartner = new Map<string, ComplaintRecord[]>();
  for (const c of cs) byPartner.set(c.partnerId, [...(byPartner.get(c.partnerId) ?? []), c]);
  return {
    period: period.name,
    total: referenceFigures(cs, now, cal),
    partners: [...byPartner]
      .map(([partnerId, list]) => ({
        partnerId,
        partnerName: names.get(partnerId) ?? '',
        ...referenceFigures(list, now, cal),
      }))
      .sort(byShareWithinSla),
    months: period.months.map((month) => ({
      month,
      ...referenceFigures(
        cs.filter((c) => monthOf(c.receivedAt) === month),
        now,
        cal,
      ),
    })),
  };
}

const MIN = 60_000;
const H = 60 * MIN;
const staff: Caller = { actor: { type: 'user', id: 'staff1', role: 'staff', name: '运营' } };

/** What happens to one generated complaint after it is registered (or imported). */
type Fate =
  | 'none'
  | 'reply-in-time-confirmed'
  | 'reply-in-time-rejected'
  | 'reply-in-time-pending'
  | 'reply-late-confirmed'
  | 'reply-late-pending';
interface Scenario {
  partner: number;
  kind: ComplaintKind;
  imported: boolean;
  /** minutes after 2026-05-29 00:00 Beijing: four weeks over the May/June, June/July (H1/H2) month ends */
  receivedMin: number;
  fate: Fate;
  /** when the reply comes, as a share of the time to due (in time) or hours after due (late) */
  replyShare: number;
}

const START = new Date('2026-05-29T00:00:00+08:00').getTime();
const scenario: fc.Arbitrary<Scenario> = fc.record({
  partner: fc.integer({ min: 0, max: 3 }),
  kind: fc.constantFrom<ComplaintKind>('ordinary', 'ordinary', 'escalated'),
  imported: fc.boolean(),
  receivedMin: fc.oneof(
    fc.integer({ min: 0, max: 28 * 24 * 60 }),
    // around Beijing midnight of 31 May / 30 June (UTC 16:00 the day before)
    fc.integer({ min: 3 * 24 * 60 - 90, max: 3 * 24 * 60 + 90 }),
    fc.integer({ min: 33 * 24 * 60 - 90, max: 33 * 24 * 60 + 90 }),
  ),
  fate: fc.constantFrom<Fate>(
    'none',
    'reply-in-time-confirmed',
    'reply-in-time-confirmed',
    'reply-in-time-rejected',
    'reply-in-time-pending',
    'reply-late-confirmed',
    'reply-late-pending',
  ),
  replyShare: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
});

describe('FT-12a FT-15 per-partner complaint counters (real FerretDB)', () => {
  let tb: FeatureTestbed;
  let core: Core;
  let service: ComplaintService;
  let sweeper: SweepHandler;
  let counters: ComplaintCounters;
  const cal = new WorkCalendar();
  let now = new Date(START);
  const partners: { id: string; name: string; caller: Caller }[] = [];

  before(async () => {
    tb = await featureTestbed('counters');
    core = connectCore(tb.conn, { notifier: tb.notifier, calendar: CalendarSource.fixed(cal), now: () => now });
    service = (await connectComplaints(core, { scheduler: { schedule: async () => 0 } })).service;
    const sla = new SlaHandler(tb.repos, tb.notifier, core.transitions, core.calendar, () => now);
    const scheduler = { schedule: async () => 0 } as unknown as SlaScheduler;
    counters = core.counters;
    sweeper = new SweepHandler(tb.repos, sla, scheduler, core.transitions, counters, core.calendar, () => now);
    for (let i = 0; i < 4; i++) {
      const p = await models(tb.conn).Partner.create({
        code: `C${i}-${tb.id}`,
        name: `计数伙伴${i}有限公司`,
        programmeId: new Types.ObjectId(tb.programmeId),
        status: 'active',
        inviteCode: `inv-c${i}-${tb.id}`,
      });
      const id = String(p._id);
      partners.push({
        id,
        name: `计数伙伴${i}有限公司`,
        caller: { actor: { type: 'user', id: `partner-${id}`, role: 'partner' }, partnerId: id },
      });
    }
  });
  after(() => tb.close());

  /** Registers (or imports) one generated complaint and plays its fate, each step at its own instant. */
  async function play(s: Scenario, i: number): Promise<void> {
    const p = partners[s.partner];
    const receivedAt = new Date(START + s.receivedMin * MIN);
    now = new Date(receivedAt.getTime() + 5 * MIN);
    const input = {
      partnerId: p.id,
      kind: s.kind,
      channel: 'hotline_10086' as const,
      summary: `投诉 ${i}`,
      receivedAt,
    };
    const id = s.imported
      ? (
          await service.registerImported(
            { ...input, id: String(new Types.ObjectId()), importId: String(new Types.ObjectId()), externalNo: null },
            staff,
          )
        ).id
      : (await service.register(input, staff)).id;
    if (s.fate === 'none') return;
    const c = (await tb.repos.complaints.get(id))!;
    const late = s.fate.startsWith('reply-late');
    const replyAt = late
      ? c.dueAt.getTime() + Math.round(s.replyShare * 10 * H)
      : receivedAt.getTime() +
        5 * MIN +
        Math.round(s.replyShare * (c.dueAt.getTime() - receivedAt.getTime() - 5 * MIN));
    now = new Date(replyAt);
    const replied = await service.reply(id, '已处理', p.caller);
    if (s.fate.endsWith('pending')) return;
    now = new Date(replyAt + 30 * MIN);
    await service.decide(id, replied.replies[0].id, s.fate.endsWith('rejected') ? 'rejected' : 'effective', staff);
  }

  /** The report from the counters and from every complaint, for both half-years and each filter. */
  async function assertSameReports(label: string) {
    for (const name of ['2026H1', '2026H2']) {
      const p = parsePeriod(name)!;
      for (const f of [{}, { programmeId: tb.programmeId }, { partnerId: partners[1].id }]) {
        const got = await service.report(name, f);
        const cs = await tb.repos.complaints.all({ ...f, receivedFrom: p.start, receivedTo: p.end });
        const names = await tb.repos.partners.names(cs.map((c) => c.partnerId));
        const want = referenceReport({ name, months: p.months }, cs, names, now, cal);
        assert.deepEqual(got, want, `${label}: ${name} ${JSON.stringify(f)}`);
      }
    }
  }

  it('FT-12a FT-15 the SLA report from the counters equals the full computation over every complaint: in time, late, breached, imported, replied, across Beijing month ends', async () => {
    const scenarios = fc.sample(scenario, { seed: 20261207, numRuns: 60 });
    const kinds = new Set(scenarios.map((s) => `${s.fate}/${s.kind}/${s.imported}`));
    assert.ok(kinds.size >= 12, `the sample covers the cases (${kinds.size})`);
    for (const [i, s] of scenarios.entries()) await play(s, i);

    // FT-15: the weeks of Beijing days from the counters, against the complaints counted one by one (the old rolling
    // count, taken at the end of the day of `at`)
    const all = await tb.repos.complaints.all({});
    for (const at of ['2026-06-01T08:30:00+08:00', '2026-06-30T23:59:00+08:00', '2026-07-01T00:00:00+08:00']) {
      const t = new Date(at);
      const got = await counters.receivedWeeks(t, 5);
      const end = dayStartMs(dayOfInstant(t.getTime()) + 1);
      for (const p of partners) {
        const want = [0, 0, 0, 0, 0];
        for (const c of all.filter((x) => x.partnerId === p.id && x.receivedAt.getTime() < end)) {
          const week = Math.floor((end - 1 - c.receivedAt.getTime()) / (7 * 24 * H));
          if (week < 5) want[week]++;
        }
        assert.deepEqual(got.get(p.id) ?? [0, 0, 0, 0, 0], want, `${at} ${p.name}`);
      }
    }

    // before any sweep: past-due complaints are late from their due instant, breach recorded or not
    now = new Date(START + 40 * 24 * H);
    await assertSameReports('no sweep yet');
    // the sweeper records the breaches, then settles them (the counters count them late then)
    await sweeper.sweep();
    await assertSameReports('breaches recorded');
    await sweeper.sweep();
    await assertSameReports('breaches settled');
    const rows = await counters.rows(parsePeriod('2026H1')!.months.concat(parsePeriod('2026H2')!.months));
    assert.ok(rows.reduce((n, r) => n + r.late, 0) > 0 && rows.reduce((n, r) => n + r.within, 0) > 0);

    // pending timely replies confirmed after their breach was recorded: the breach is reversed (within, not late)
    for (const c of await tb.repos.complaints.all({ status: 'replied' })) {
      const pending = c.replies.find((r) => r.verdict === 'pending')!;
      await service.decide(c.id, pending.id, 'effective', staff);
    }
    await assertSameReports('late verdicts');
    await sweeper.sweep();
    await assertSameReports('settled again');
    // the programme reports above read the packed rollups, whose pushed increments were folded in on the way
    const rollups = await models(tb.conn).ComplaintRollup.find().lean();
    assert.ok(
      rollups.some((r) => r.rev > 0 && r.packed !== '{}'),
      `a rollup was compacted (${ROLLUP_COMPACT_AT})`,
    );
    for (const r of rollups) assert.equal(r.n, r.d.length, `${r._id}: its count of pending increments`);
  });

  it('FT-12a retries, repeated sweeps and a second backfill count nothing twice; the repair recounts the same', async () => {
    const months = [...parsePeriod('2026H1')!.months, ...parsePeriod('2026H2')!.months];
    const before = await counters.rows(months);
    assert.ok(before.length > 0);
    const all = await tb.repos.complaints.all({});
    for (const c of all) assert.deepEqual(await counters.count(c, cal), [], `${c.no} counted again`);
    await sweeper.sweep();
    await sweeper.sweep();
    assert.equal(await backfillComplaintCounters(counters, cal), null, 'the start-up backfill ran once (its marker)');
    assert.deepEqual((await new ComplaintCounters(tb.conn).backfill(cal)).complaints, 0);
    const sorted = (rows: typeof before) =>
      [...rows].sort((a, b) => (a.partnerId + a.month < b.partnerId + b.month ? -1 : 1));
    assert.deepEqual(sorted(await counters.rows(months)), sorted(before));

    // complaints stored before the counters existed: the repair (and the backfill it runs) counts them the same way
    const rebuilt = await counters.rebuild(cal);
    assert.equal(rebuilt.complaints, all.length);
    const again = sorted(await counters.rows(months));
    const norm = (rows: typeof before) => rows.map((r) => ({ ...r, replyMs: [...r.replyMs].sort((a, b) => a - b) }));
    assert.deepEqual(norm(again), norm(sorted(before)));
    await assertSameReports('rebuilt');

    // two starts backfilling at once (and a live step on one complaint meanwhile) count each complaint once
    await models(tb.conn).ComplaintCounter.collection.deleteMany({});
    await models(tb.conn).ComplaintCounterDays.collection.deleteMany({});
    await models(tb.conn).ComplaintRollup.collection.deleteMany({});
    await models(tb.conn).Complaint.collection.updateMany({}, { $unset: { countedAs: '' } });
    const runs = await Promise.all([
      new ComplaintCounters(tb.conn).backfill(cal, 7),
      new ComplaintCounters(tb.conn).backfill(cal, 11),
      counters.count(all[0], cal),
    ]);
    assert.equal(runs[0].complaints + runs[1].complaints + (runs[2].length ? 1 : 0), all.length);
    assert.deepEqual(norm(sorted(await counters.rows(months))), norm(sorted(before)));
    assert.equal(await models(tb.conn).Complaint.countDocuments({ countedBy: { $exists: true } }), 0);
    const weeks = await counters.receivedWeeks(new Date('2026-06-30T12:00:00+08:00'), 5);
    assert.equal(
      [...weeks.values()].flat().reduce((a, b) => a + b, 0),
      all.filter((c) => c.receivedAt.getTime() < new Date('2026-07-01T00:00:00+08:00').getTime()).length,
      'FT-15: every complaint received in the five weeks counted once',
    );
    const marker = await tb.conn
      .db!.collection<{ _id: string }>('migrations')
      .findOne({ _id: MIGRATION.complaintCounters });
    assert.ok(marker);
    assert.deepEqual(norm(sorted(await counters.programmeRows(months))), norm(sorted(before)), 'the rollups too');
  });

  it('FT-12a the packed rollups hold the per-partner counters: the start-up roll-up of older counters runs once, beside a concurrent one and live counting, and counts nothing twice', async () => {
    const months = [...parsePeriod('2026H1')!.months, ...parsePeriod('2026H2')!.months];
    const norm = (rows: CounterRow[]) =>
      rows
        .map((r) => ({ ...r, replyMs: [...r.replyMs].sort((a, b) => a - b) }))
        .sort((a, b) => (a.partnerId + a.month < b.partnerId + b.month ? -1 : 1));
    assert.deepEqual(norm(await counters.programmeRows(months)), norm(await counters.rows(months)));
    assert.deepEqual(
      norm(await counters.programmeRows(months, tb.programmeId)),
      norm((await counters.rows(months)).filter((r) => r.programmeId === tb.programmeId)),
    );
    assert.deepEqual(await counters.programmeRows(months, String(new Types.ObjectId())), []);

    // counters written before the rollups existed: no rollup, no `rolled` mark, no migration marker
    await models(tb.conn).ComplaintRollup.collection.deleteMany({});
    await models(tb.conn).ComplaintCounter.collection.updateMany({}, { $unset: { rolled: '' } });
    await tb.conn.db!.collection<{ _id: string }>('migrations').deleteOne({ _id: MIGRATION.complaintRollups });
    const counted = (await counters.rows(months)).length;
    const [first, second] = await Promise.all([
      rollUpComplaintCounters(counters),
      new ComplaintCounters(tb.conn).rollUp(),
      // live counting meanwhile: a new complaint of a partner whose counter may or may not be rolled up yet
      (async () => {
        now = new Date(START + 41 * 24 * H);
        await service.register(
          {
            partnerId: partners[2].id,
            kind: 'ordinary',
            channel: 'hotline_10086',
            summary: '上线时的投诉',
            receivedAt: new Date(START + 2 * 24 * H),
          },
          staff,
        );
      })(),
    ]);
    assert.equal(first!.counters + second.counters, counted, 'each older counter rolled up once');
    assert.deepEqual(norm(await counters.programmeRows(months)), norm(await counters.rows(months)));
    assert.equal(await rollUpComplaintCounters(counters), null, 'the start-up roll-up ran once (its marker)');
    assert.deepEqual(await new ComplaintCounters(tb.conn).rollUp(), { counters: 0 });
    assert.deepEqual(norm(await counters.programmeRows(months)), norm(await counters.rows(months)));
    await assertSameReports('rolled up');
  });
});
