import { Schema, type Connection, type Model } from 'mongoose';
import { PRIORITIES, noticeJobPriority, noticePriority, type NoticePriority } from '../alerts/rules.js';
import { noticeJobId, type NoticeJobData } from '../queues/index.js';
import { insertNew } from '../db/queries.js';

/**
 * The notice outbox: every notice is stored here (`_id` = its deterministic noticeId) before it is put on the
 * `notices` queue, so MongoDB — not Redis — is the truth for what must be posted. The bot sets `deliveredAt` when
 * every target has the notice; the worker's recovery re-enqueues entries still undelivered (a lost Redis, a failed
 * add while Redis was down).
 */
export const OUTBOX_COLLECTION = 'outbox';

export interface OutboxRecord {
  _id: string;
  notice: NoticeJobData;
  createdAt: Date;
  /** a non-urgent notice created in quiet hours must not be posted before this instant */
  holdUntil?: Date | null;
  deliveredAt: Date | null;
  /** true until delivered: the recovery's indexed equality (`deliveredAt: null` is no index equality on every store) */
  pending: boolean;
  /** issue #19: true until every WeCom robot of the notice is settled (`notify/wecom`); false when it names none */
  wecomPending?: boolean;
  wecomDeliveredAt?: Date | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const outboxSchema = new Schema<any>(
  {
    _id: { type: String, required: true },
    notice: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    holdUntil: { type: Date, default: null },
    deliveredAt: { type: Date, default: null },
    pending: { type: Boolean, default: true },
    wecomPending: { type: Boolean, default: false },
    wecomDeliveredAt: { type: Date, default: null },
  },
  { collection: OUTBOX_COLLECTION, versionKey: false, minimize: false },
);
outboxSchema.index({ pending: 1, createdAt: 1 });
outboxSchema.index({ wecomPending: 1, createdAt: 1 });

export type OutboxModel = Model<OutboxRecord>;

export function outboxModel(conn: Connection): OutboxModel {
  return (conn.models.Outbox as OutboxModel | undefined) ?? conn.model<OutboxRecord>('Outbox', outboxSchema);
}

/** Stores notices not stored yet; a notice already in the outbox (a repeat, a retry) is left as it is. */
export async function storeInOutbox(model: OutboxModel, notices: NoticeJobData[], now = new Date()): Promise<void> {
  if (!notices.length) return;
  const docs = notices.map((n) => ({
    _id: n.noticeId,
    notice: n,
    createdAt: now,
    holdUntil: n.holdUntil ? new Date(n.holdUntil) : null,
    deliveredAt: null,
    // the bot's part: none when the programme's channels exclude WeChat
    pending: n.wechat !== false,
    wecomPending: !!n.wecomRobots?.length,
    wecomDeliveredAt: null,
  }));
  try {
    await insertNew(model, docs); // a notice already stored is skipped
  } catch (err) {
    // insertNew skips duplicates reported per document; a lone one may come without writeErrors
    const e = err as { code?: number; writeErrors?: unknown };
    if (e.code !== 11000 || [e.writeErrors ?? []].flat().length) throw err;
  }
}

/**
 * Marks a notice delivered (the bot, once every target has it). Filtered by `_id` alone (FerretDB evaluates any
 * other filter by a scan); setting it again on a re-delivery is harmless.
 */
export async function markDelivered(model: OutboxModel, noticeId: string, at = new Date()): Promise<void> {
  await model.updateOne({ _id: noticeId }, { $set: { deliveredAt: at, pending: false } });
}

/** Undelivered notices created before `before`, oldest first. */
export async function undelivered(model: OutboxModel, before: Date, limit = 1000): Promise<OutboxRecord[]> {
  return model
    .find({ pending: true, createdAt: { $lt: before } })
    .sort({ createdAt: 1 })
    .limit(limit)
    .lean<OutboxRecord[]>();
}

/** ms a notice must still wait (its `holdUntil`, quiet hours), 0 when it may go out now. */
export const holdDelay = (n: NoticeJobData, now = new Date()): number =>
  n.holdUntil ? Math.max(0, Date.parse(n.holdUntil) - now.getTime()) : 0;

/**
 * A notice's job options: its deterministic id, its priority (urgent first, `noticeJobPriority`) and, when held
 * for quiet hours, the delay until its `holdUntil`.
 */
export function noticeJobOptions(n: NoticeJobData, now = new Date()) {
  const delay = holdDelay(n, now);
  return { jobId: noticeJobId(n.noticeId), priority: noticeJobPriority(n.kind), ...(delay > 0 && { delay }) };
}

/**
 * Notice lag per priority (ms): the age of the oldest undelivered notice that may go out now — since its
 * `holdUntil` for a notice held in quiet hours, else since it was stored — 0 when none waits. Read from the outbox
 * (the truth), so it counts notices Redis lost too.
 */
export async function noticeLag(model: OutboxModel, now = new Date()): Promise<Record<NoticePriority, number>> {
  const lag = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<NoticePriority, number>;
  const open = await model
    .find({ pending: true }, { createdAt: 1, holdUntil: 1, notice: 1 })
    .lean<Pick<OutboxRecord, 'createdAt' | 'holdUntil' | 'notice'>[]>();
  for (const e of open) {
    const age = now.getTime() - Math.max(e.createdAt.getTime(), e.holdUntil?.getTime() ?? 0);
    const p = noticePriority(e.notice.kind);
    if (age > lag[p]) lag[p] = age;
  }
  return lag;
}
