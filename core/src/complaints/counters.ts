/**
 * Per-partner, per-month complaint counters (issue #16): the SLA report (FT-12a) and the FT-15 watch read one small
 * document per partner and Asia/Shanghai month of receipt instead of every complaint. Each complaint adds each of its
 * events once: the event goes into the complaint's `countedAs` by a guarded update (`countedAs` without it), and only
 * the winner of that update `$inc`s the counter, so a retry, the sweeper and the start-up backfill never count twice.
 * A process that dies between the two leaves one event uncounted: `rebuild()` recounts everything from the complaints.
 */
import { Types, type Collection, type Connection } from 'mongoose';
import { shanghaiDate, workingTimeBetween, type WorkCalendar } from '../calendar/index.js';
import { dayOfInstant, formatDay, parseDay } from '../calendar/days.js';
import { oid, type Doc } from '../db/queries.js';
import { models } from '../db/schemas.js';
import type { ComplaintRecord } from '../db/types.js';
import { MIGRATION, runMigrationOnce } from '../ops/migrations.js';
import { monthOf } from '../period/index.js';
import { toComplaint } from './repository.js';
import { answeredInTime } from './sla-rules.js';

/**
 * - `received`: registered or imported (escalated ones also count in `escalated`);
 * - `replied`: an effective reply confirmed (its working time to reply joins `replyMs`);
 * - `within`: effectively answered at or before the due instant (FT-12a);
 * - `late`: settled without a timely effective reply (breach recorded, or a late reply confirmed after it).
 */
export type CountedEvent = 'received' | 'replied' | 'within' | 'late';

/** One counter document (`_id` = `${partnerId}:${YYYY-MM}`, the Asia/Shanghai month of receipt). */
export interface CounterRow {
  partnerId: string;
  programmeId: string;
  month: string;
  received: number;
  escalated: number;
  within: number;
  late: number;
  replyMs: number[];
}

type Counted = Pick<
  ComplaintRecord,
  | 'id'
  | 'partnerId'
  | 'programmeId'
  | 'kind'
  | 'receivedAt'
  | 'dueAt'
  | 'window'
  | 'effectiveReplyAt'
  | 'slaSettled'
  | 'status'
  | 'replies'
  | 'breachedAt'
>;

export const counterId = (partnerId: string, month: string) => `${partnerId}:${month}`;

/** The events a complaint's stored state has reached, in the order they are counted. */
export function countedEvents(c: Counted): CountedEvent[] {
  const inTime = answeredInTime(c);
  return [
    'received',
    ...(c.effectiveReplyAt ? (['replied'] as const) : []),
    ...(inTime ? (['within'] as const) : []),
    ...(!inTime && c.slaSettled ? (['late'] as const) : []),
  ];
}

/** What one event adds to its counter document (`before`: the events counted before it). */
function increment(c: Counted, event: CountedEvent, before: readonly string[], cal: WorkCalendar): Doc {
  switch (event) {
    case 'received':
      return {
        $inc: {
          received: 1,
          escalated: c.kind === 'escalated' ? 1 : 0,
          [`days.${shanghaiDate(c.receivedAt).slice(8, 10)}`]: 1,
        },
      };
    case 'replied':
      return { $push: { replyMs: workingTimeBetween(c.receivedAt, c.effectiveReplyAt!, c.window, cal) } };
    case 'within':
      // a breach recorded while the timely reply awaited its verdict is reversed (FT-12a: it was in time)
      return { $inc: { within: 1, ...(before.includes('late') && { late: -1 }) } };
    case 'late':
      return { $inc: { late: 1 } };
  }
}

/** The guard of an event: not counted yet (and `late` never after `within`). */
const notYet = (event: CountedEvent) => (event === 'late' ? { $nin: ['late', 'within'] } : { $ne: event });

const toRow = (d: Doc): CounterRow => ({
  partnerId: String(d.partnerId),
  programmeId: String(d.programmeId),
  month: d.month,
  received: d.received ?? 0,
  escalated: d.escalated ?? 0,
  within: d.within ?? 0,
  late: d.late ?? 0,
  replyMs: d.replyMs ?? [],
});

const COUNTED_FIELDS = {
  partnerId: 1,
  programmeId: 1,
  kind: 1,
  receivedAt: 1,
  dueAt: 1,
  window: 1,
  effectiveReplyAt: 1,
  slaSettled: 1,
  status: 1,
  breachedAt: 1,
} as const;

export class ComplaintCounters {
  private readonly complaints: Collection;
  private readonly counters: Collection;
  private readonly days: Collection;

  constructor(readonly conn: Connection) {
    const m = models(conn);
    this.complaints = m.Complaint.collection;
    this.counters = m.ComplaintCounter.collection;
    this.days = m.ComplaintCounterDays.collection;
  }

  /**
   * Adds every event the complaint's stored state has reached and that is not counted yet; returns the events this
   * call counted. Call it after each step that may add one (registration, the verdict, the SLA settling).
   */
  async count(c: Counted, cal: WorkCalendar): Promise<CountedEvent[]> {
    const done: CountedEvent[] = [];
    for (const event of countedEvents(c)) {
      const before = await this.complaints.findOneAndUpdate(
        { _id: oid(c.id), countedAs: notYet(event) },
        { $addToSet: { countedAs: event } },
        { returnDocument: 'before' },
      );
      if (!before) continue; // counted before (or by a concurrent run)
      await this.add(c, increment(c, event, (before.countedAs as string[] | undefined) ?? [], cal));
      done.push(event);
    }
    return done;
  }

  private add(c: Counted, update: Doc) {
    return this.write([{ c, update }]);
  }

  /**
   * Upserts the updates into the counter documents, the `days.*` increments into the daily ones (kept apart: the
   * local store's read cost grows with every value a document holds, and the SLA report does not need the days).
   * At most one update per document and at most 50 per command (the local store stalls on a command that updates
   * one document many times).
   */
  private async write(items: readonly { c: Counted; update: Doc }[]) {
    const ops = { counters: [] as Doc[], days: [] as Doc[] };
    for (const { c, update } of items) {
      const month = monthOf(c.receivedAt);
      const upsert = (u: Doc) => ({
        updateOne: {
          filter: { _id: counterId(c.partnerId, month) },
          update: { ...u, $setOnInsert: { partnerId: oid(c.partnerId), programmeId: oid(c.programmeId), month } },
          upsert: true,
        },
      });
      const inc = Object.entries<number>(update.$inc ?? {});
      const days = inc.filter(([f]) => f.startsWith('days.'));
      const rest = inc.filter(([f]) => !f.startsWith('days.'));
      if (days.length) ops.days.push(upsert({ $inc: Object.fromEntries(days) }));
      if (rest.length || update.$push)
        ops.counters.push(
          upsert({
            ...(rest.length && { $inc: Object.fromEntries(rest) }),
            ...(update.$push && { $push: update.$push }),
          }),
        );
    }
    for (const [coll, list] of [
      [this.counters, ops.counters],
      [this.days, ops.days],
    ] as const)
      for (let i = 0; i < list.length; i += 50) await coll.bulkWrite(list.slice(i, i + 50) as never);
  }

  /** The counter documents of these months: of one partner (by `_id`), of one programme, or of every partner. */
  async rows(months: readonly string[], f: { programmeId?: string; partnerId?: string } = {}): Promise<CounterRow[]> {
    if (!months.length) return [];
    const filter: Doc = f.partnerId
      ? { _id: { $in: months.map((m) => counterId(f.partnerId!, m)) } }
      : { ...(f.programmeId && { programmeId: oid(f.programmeId) }), month: { $in: [...months] } };
    const docs = await this.counters.find(filter).toArray();
    return docs.map(toRow).filter((r) => !f.programmeId || r.programmeId === f.programmeId);
  }

  /**
   * FT-15: complaints received per partner in `weeks` spans of seven Beijing days, week 0 being the day of `now` (so
   * far) and the six days before it, week 1 the seven days before those, and so on. Reads the daily counter documents
   * of the two or three months those days touch (one indexed query), not the complaints.
   */
  async receivedWeeks(now: Date, weeks: number): Promise<Map<string, number[]>> {
    const today = dayOfInstant(now.getTime());
    const span = weeks * 7;
    const months = [...new Set(Array.from({ length: span }, (_, i) => formatDay(today - i).slice(0, 7)))];
    const out = new Map<string, number[]>();
    for (const r of await this.days.find({ month: { $in: months } }).toArray()) {
      const partnerId = String(r.partnerId);
      const counts = out.get(partnerId) ?? new Array<number>(weeks).fill(0);
      for (const [dd, n] of Object.entries<number>(r.days ?? {})) {
        const ago = today - parseDay(`${r.month}-${dd}`);
        if (ago >= 0 && ago < span) counts[Math.floor(ago / 7)] += n;
      }
      out.set(partnerId, counts);
    }
    return out;
  }

  /**
   * Counts the complaints stored before the counters existed (no `countedAs`): each is claimed by one guarded
   * update that sets all its events at once; a page of `batch` claimed complaints is added as one update per counter.
   * Idempotent: a concurrent run or a live step on the same complaint counts nothing twice.
   */
  async backfill(cal: WorkCalendar, batch = 500): Promise<{ complaints: number }> {
    let complaints = 0;
    let page: Counted[] = [];
    const flush = async () => {
      complaints += await this.addPage(page, cal);
      page = [];
    };
    for await (const d of this.complaints.find({ countedAs: { $exists: false } }, { projection: COUNTED_FIELDS })) {
      page.push(toComplaint(d)); // the repository's mapping, over the counted fields
      if (page.length >= batch) await flush();
    }
    await flush();
    return { complaints };
  }

  /**
   * Claims a page of uncounted complaints (one `updateMany` per set of events, marked with this run's id) and adds
   * the ones this run claimed with one update per counter document.
   */
  private async addPage(page: readonly Counted[], cal: WorkCalendar): Promise<number> {
    const bySet = new Map<string, Counted[]>();
    for (const c of page) {
      const key = countedEvents(c).join(',');
      bySet.set(key, [...(bySet.get(key) ?? []), c]);
    }
    const claimed: Counted[] = [];
    const run = String(new Types.ObjectId()); // this run's mark, to tell its claims from a concurrent run's
    for (const [key, cs] of bySet) {
      const ids = cs.map((c) => oid(c.id));
      const r = await this.complaints.updateMany(
        { _id: { $in: ids }, countedAs: { $exists: false } },
        { $set: { countedAs: key.split(','), countedBy: run } },
      );
      if (r.modifiedCount === cs.length) claimed.push(...cs);
      else if (r.modifiedCount) {
        const mine = await this.complaints.find({ _id: { $in: ids } }, { projection: { countedBy: 1 } }).toArray();
        const won = new Set(mine.filter((d) => d.countedBy === run).map((d) => String(d._id)));
        claimed.push(...cs.filter((c) => won.has(c.id)));
      }
      if (r.modifiedCount)
        await this.complaints.updateMany({ _id: { $in: ids }, countedBy: run }, { $unset: { countedBy: '' } });
    }
    const sums = new Map<string, { c: Counted; inc: Record<string, number>; replyMs: number[] }>();
    for (const c of claimed) {
      const key = counterId(c.partnerId, monthOf(c.receivedAt));
      const sum = sums.get(key) ?? sums.set(key, { c, inc: {}, replyMs: [] }).get(key)!;
      for (const e of countedEvents(c)) {
        const u = increment(c, e, [], cal);
        for (const [f, n] of Object.entries<number>(u.$inc ?? {})) sum.inc[f] = (sum.inc[f] ?? 0) + n;
        if (u.$push) sum.replyMs.push(u.$push.replyMs);
      }
    }
    await this.write(
      [...sums.values()].map(({ c, inc, replyMs }) => ({
        c,
        update: { $inc: inc, ...(replyMs.length && { $push: { replyMs: { $each: replyMs } } }) },
      })),
    );
    return claimed.length;
  }

  /**
   * Repair: recounts every complaint from scratch (the counters are dropped, every `countedAs` cleared, then each
   * complaint counted again). Run it with the api and worker stopped: a step counted meanwhile could be lost.
   */
  async rebuild(cal: WorkCalendar): Promise<{ complaints: number }> {
    await this.counters.deleteMany({});
    await this.days.deleteMany({});
    await this.complaints.updateMany({}, { $unset: { countedAs: '' } });
    return this.backfill(cal);
  }
}

/** The start-up backfill (once per database, behind its migrations marker). */
export function backfillComplaintCounters(counters: ComplaintCounters, cal: WorkCalendar) {
  return runMigrationOnce(counters.conn, MIGRATION.complaintCounters, () => counters.backfill(cal));
}
