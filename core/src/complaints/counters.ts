/**
 * Per-partner, per-month complaint counters (issue #16): the SLA report (FT-12a) and the FT-15 watch read one small
 * document per partner and Asia/Shanghai month of receipt instead of every complaint. Each complaint adds each of its
 * events once: the event goes into the complaint's `countedAs` by a guarded update (`countedAs` without it), and only
 * the winner of that update `$inc`s the counter, so a retry, the sweeper and the start-up backfill never count twice.
 * A process that dies between the two leaves one event uncounted: `rebuild()` recounts everything from the complaints.
 * The same winner adds the event to its programme-month's packed rollup (`complaint_rollups`), which the staff's SLA
 * report reads: a few documents of one string each instead of one document per partner and month.
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
export const rollupId = (programmeId: string, month: string) => `${programmeId}:${month}`;

/** Increments pushed to a rollup document before one writer folds them into its packed counts. */
export const ROLLUP_COMPACT_AT = 50;

/** A rollup's counts per partner: `[received, escalated, within, late, ...replyMs]`. */
type Packed = Record<string, number[]>;

/** One increment as pushed to a rollup: `key partnerId received escalated within late ms,ms` (`key` is unique). */
function delta(key: string, partnerId: string, update: Doc): string {
  const inc = update.$inc ?? {};
  const push = update.$push?.replyMs;
  const ms: number[] = push === undefined ? [] : (push.$each ?? [push]);
  return [key, partnerId, inc.received ?? 0, inc.escalated ?? 0, inc.within ?? 0, inc.late ?? 0, ms.join(',')].join(
    ' ',
  );
}

/** An increment on its way to its programme-month's rollup. */
interface RollupPush {
  programmeId: string;
  month: string;
  delta: string;
}

function fold(packed: Packed, d: string): void {
  const [, partnerId, r, e, w, l, ms] = d.split(' ');
  const cur = packed[partnerId] ?? (packed[partnerId] = [0, 0, 0, 0]);
  cur[0] += Number(r);
  cur[1] += Number(e);
  cur[2] += Number(w);
  cur[3] += Number(l);
  if (ms) cur.push(...ms.split(',').map(Number));
}

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
  private readonly rollups: Collection;

  constructor(readonly conn: Connection) {
    const m = models(conn);
    this.complaints = m.Complaint.collection;
    this.counters = m.ComplaintCounter.collection;
    this.days = m.ComplaintCounterDays.collection;
    this.rollups = m.ComplaintRollup.collection;
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
      await this.write([
        {
          c,
          key: `${c.id}.${event}`,
          update: increment(c, event, (before.countedAs as string[] | undefined) ?? [], cal),
        },
      ]);
      done.push(event);
    }
    return done;
  }

  /**
   * Upserts the updates into the counter documents, the `days.*` increments into the daily ones (kept apart: the
   * local store's read cost grows with every value a document holds, and the SLA report does not need the days).
   * At most one update per document and at most 50 per command (the local store stalls on a command that updates
   * one document many times). A counter document already rolled up (./schemas.ts `rolled`) passes the update on to
   * its programme-month's rollup, under `key`; one not yet rolled up carries it there when `rollUp()` claims it.
   */
  private async write(items: readonly { c: Counted; update: Doc; key: string }[]) {
    const ops = { counters: [] as { c: Counted; key: string; update: Doc; op: Doc }[], days: [] as Doc[] };
    for (const { c, update, key } of items) {
      const month = monthOf(c.receivedAt);
      const upsert = (u: Doc) => ({
        updateOne: {
          filter: { _id: counterId(c.partnerId, month) },
          update: {
            ...u,
            $setOnInsert: { partnerId: oid(c.partnerId), programmeId: oid(c.programmeId), month, rolled: true },
          },
          upsert: true,
        },
      });
      const inc = Object.entries<number>(update.$inc ?? {});
      const days = inc.filter(([f]) => f.startsWith('days.'));
      const rest = inc.filter(([f]) => !f.startsWith('days.'));
      if (days.length) ops.days.push(upsert({ $inc: Object.fromEntries(days) }));
      if (rest.length || update.$push)
        ops.counters.push({
          c,
          key,
          update,
          op: upsert({
            ...(rest.length && { $inc: Object.fromEntries(rest) }),
            ...(update.$push && { $push: update.$push }),
          }).updateOne,
        });
    }
    for (let i = 0; i < ops.days.length; i += 50) await this.days.bulkWrite(ops.days.slice(i, i + 50) as never);
    const pushes: RollupPush[] = [];
    for (let i = 0; i < ops.counters.length; i += 50)
      await Promise.all(
        ops.counters.slice(i, i + 50).map(async ({ c, key, update, op }) => {
          const after = await this.counters.findOneAndUpdate(op.filter, op.update, {
            upsert: true,
            returnDocument: 'after', // (the local store's findAndModify takes no projection)
          });
          if (!after?.rolled) return; // rollUp() carries it when it claims the document
          pushes.push({
            programmeId: c.programmeId,
            month: monthOf(c.receivedAt),
            delta: delta(key, c.partnerId, update),
          });
        }),
      );
    await this.pushAll(pushes);
  }

  /** Pushes increments to their programme-months' rollups, one command per rollup; the ids of the rollups pushed to. */
  private async pushAll(pushes: readonly RollupPush[]): Promise<string[]> {
    const groups = new Map<string, { programmeId: string; month: string; deltas: string[] }>();
    for (const { programmeId, month, delta: d } of pushes) {
      const id = rollupId(programmeId, month);
      (groups.get(id) ?? groups.set(id, { programmeId, month, deltas: [] }).get(id)!).deltas.push(d);
    }
    for (const [id, { programmeId, month, deltas }] of groups) await this.roll(id, programmeId, month, deltas);
    return [...groups.keys()];
  }

  /** Pushes increments to a rollup document; the writer that takes it to ROLLUP_COMPACT_AT of them folds them in. */
  private async roll(id: string, programmeId: string, month: string, deltas: string[]): Promise<void> {
    const after = await this.rollups.findOneAndUpdate(
      { _id: id as never },
      {
        $push: { d: { $each: deltas } },
        $inc: { n: deltas.length },
        $setOnInsert: { programmeId: oid(programmeId), month, packed: '{}', rev: 0 },
      } as Doc,
      { upsert: true, returnDocument: 'after' },
    );
    if ((after?.n ?? 0) >= ROLLUP_COMPACT_AT) await this.compact(id);
  }

  /**
   * Folds a rollup's pushed increments into its packed counts and removes exactly those (each is unique): guarded
   * by `rev`, so of concurrent compactions one wins and the others change nothing; pushes meanwhile stay pending.
   */
  private async compact(id: string): Promise<void> {
    const doc = await this.rollups.findOne({ _id: id as never });
    if (!doc?.d?.length) return;
    const packed = JSON.parse(doc.packed ?? '{}') as Packed;
    for (const d of doc.d as string[]) fold(packed, d);
    await this.rollups.updateOne({ _id: id as never, rev: doc.rev ?? 0 }, {
      $set: { packed: JSON.stringify(packed) },
      $inc: { rev: 1, n: -doc.d.length },
      $pullAll: { d: doc.d },
    } as Doc);
  }

  /**
   * The counter rows of these months from the packed rollups (one row per partner and month), of one programme or
   * of every programme: what the per-partner documents of `rows()` hold, in a few documents.
   */
  async programmeRows(months: readonly string[], programmeId?: string): Promise<CounterRow[]> {
    if (!months.length) return [];
    const filter: Doc = programmeId
      ? { _id: { $in: months.map((m) => rollupId(programmeId, m)) } }
      : { month: { $in: [...months] } };
    const docs = await this.rollups.find(filter).toArray();
    return docs.flatMap((doc) => {
      const packed = JSON.parse(doc.packed ?? '{}') as Packed;
      for (const d of (doc.d ?? []) as string[]) fold(packed, d);
      return Object.entries(packed).map(([partnerId, [received, escalated, within, late, ...replyMs]]) => ({
        partnerId,
        programmeId: String(doc.programmeId),
        month: doc.month as string,
        received,
        escalated,
        within,
        late,
        replyMs,
      }));
    });
  }

  /**
   * Rolls the counter documents written before the rollups existed into them, each once: a guarded update marks it
   * `rolled` and returns its counts at that instant; every later increment reaches the rollup from `write()`.
   * Idempotent, and safe beside live counting and a concurrent run.
   */
  async rollUp(): Promise<{ counters: number }> {
    const ids = (await this.counters.find({ rolled: { $ne: true } }, { projection: { _id: 1 } }).toArray()).map(
      (d) => d._id as unknown as string,
    );
    let counters = 0;
    const touched = new Set<string>();
    for (let i = 0; i < ids.length; i += 200) {
      const claimed = await Promise.all(
        ids
          .slice(i, i + 200)
          .map((id) =>
            this.counters.findOneAndUpdate(
              { _id: id as never, rolled: { $ne: true } },
              { $set: { rolled: true } },
              { returnDocument: 'after' },
            ),
          ),
      );
      const pushes: RollupPush[] = [];
      for (const d of claimed) {
        if (!d) continue; // claimed by a concurrent run
        counters++;
        const r = toRow(d);
        pushes.push({
          programmeId: r.programmeId,
          month: r.month,
          delta: delta(`rolled.${String(d._id)}`, r.partnerId, {
            $inc: { received: r.received, escalated: r.escalated, within: r.within, late: r.late },
            $push: { replyMs: { $each: r.replyMs } },
          }),
        });
      }
      for (const id of await this.pushAll(pushes)) touched.add(id);
    }
    for (const id of touched) await this.compact(id); // the report then reads one string per rollup
    return { counters };
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
  async receivedWeeks(now: Date, weeks: number, programmeIds?: readonly string[]): Promise<Map<string, number[]>> {
    const today = dayOfInstant(now.getTime());
    const span = weeks * 7;
    const months = [...new Set(Array.from({ length: span }, (_, i) => formatDay(today - i).slice(0, 7)))];
    const out = new Map<string, number[]>();
    const of = programmeIds && { programmeId: { $in: programmeIds.map(oid) } };
    for (const r of await this.days.find({ ...of, month: { $in: months } }).toArray()) {
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
      [...sums.entries()].map(([key, { c, inc, replyMs }]) => ({
        c,
        key: `${run}.${key}`,
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
    await this.rollups.deleteMany({});
    await this.complaints.updateMany({}, { $unset: { countedAs: '' } });
    return this.backfill(cal);
  }
}

/** The start-up backfill (once per database, behind its migrations marker). */
export function backfillComplaintCounters(counters: ComplaintCounters, cal: WorkCalendar) {
  return runMigrationOnce(counters.conn, MIGRATION.complaintCounters, () => counters.backfill(cal));
}

/** The start-up roll-up of the counters written before the rollups existed (once per database, behind its marker). */
export function rollUpComplaintCounters(counters: ComplaintCounters) {
  return runMigrationOnce(counters.conn, MIGRATION.complaintRollups, () => counters.rollUp());
}
