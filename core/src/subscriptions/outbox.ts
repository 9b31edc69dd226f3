import type { JobsOptions, Queue } from 'bullmq';
import { Types, type Connection } from 'mongoose';
import { insertNew } from '../db/queries.js';
import { models } from '../db/schemas.js';
import {
  MAX_SEND_ATTEMPTS,
  subscriptionJobId,
  subscriptionMessageId,
  type FieldData,
  type SubscriptionKind,
} from './rules.js';
import { SubscriptionStore, subscriptionModels, type SubscriptionMessageRecord } from './store.js';

/** The queue of 订阅消息 sends (one delayed job per message, until its `sendAt`) and the sweeper. */
export const SUBSCRIPTIONS_QUEUE = 'subscriptions';

export type SubscriptionJobData = { type: 'send'; messageId: string } | { type: 'sweep' };

/** Transient failures are retried with a growing backoff (30 s, 1 min, 2 min, …); the outbox counts the tries. */
export const SUBSCRIPTION_JOB_OPTIONS: JobsOptions = {
  attempts: MAX_SEND_ATTEMPTS,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * One message for a partner (to every WeChat user bound to it, `partner_identities`) or for one openid (an
 * applicant). `key` is the notice's deterministic key: each recipient gets it once (`sub-<key>-<recipient>`).
 */
export interface SubscriptionNotice {
  key: string;
  kind: SubscriptionKind;
  to: { partnerId: string } | { openId: string; applicationId?: string };
  data: FieldData;
  /** the message's plain text, for the record and the reads */
  text: string;
  /** the mini-program page it opens */
  page?: string;
  /** not before (a reminder); default now */
  sendAt?: Date;
  /** still wanted only while the complaint is open at this deadline (the reminder two hours before it) */
  guard?: { complaintId: string; dueAt: string };
}

/** Where a use-case hands its partner and applicant messages (the Notifier, or a test's list). */
export interface SubscriptionSink {
  message(...msgs: SubscriptionNotice[]): Promise<void>;
}

/**
 * The producer side: stores each message per recipient in `subscription_messages` (MongoDB, the truth) and then
 * queues its send delayed until `sendAt` under a deterministic job id. A message already stored is left alone. A
 * failed add (Redis away) is logged: the sweep queues every pending message once it is due.
 */
export class SubscriptionOutbox implements SubscriptionSink {
  readonly store: SubscriptionStore;
  constructor(
    private readonly conn: Connection,
    private readonly queue: Queue<SubscriptionJobData>,
    private readonly now: () => Date = () => new Date(),
    private readonly log: (line: string) => void = (l) => console.warn(l),
  ) {
    this.store = new SubscriptionStore(subscriptionModels(conn));
  }

  close(): Promise<void> {
    return this.queue.close();
  }

  async message(...msgs: SubscriptionNotice[]): Promise<void> {
    if (!msgs.length) return;
    const now = this.now();
    const openIds = await this.partnerOpenIds(msgs);
    const docs: SubscriptionMessageRecord[] = [];
    for (const msg of msgs) {
      const to = 'openId' in msg.to ? [msg.to.openId] : (openIds.get(msg.to.partnerId) ?? []);
      for (const openId of to.filter(Boolean)) {
        docs.push({
          _id: subscriptionMessageId(msg.key, openId),
          key: msg.key,
          kind: msg.kind,
          openId,
          partnerId: 'partnerId' in msg.to ? msg.to.partnerId : null,
          applicationId: 'openId' in msg.to ? (msg.to.applicationId ?? null) : null,
          data: msg.data,
          page: msg.page ?? null,
          text: msg.text,
          sendAt: msg.sendAt ?? now,
          guard: msg.guard ?? null,
          status: 'pending',
          pending: true,
          template: null,
          consentId: null,
          attempts: 0,
          error: null,
          errcode: null,
          sentAt: null,
          createdAt: now,
        });
      }
    }
    const inserted = await insertNew(this.store.m.Message, docs); // a message stored before is left as it is
    const fresh = docs.filter((_, i) => inserted[i]);
    try {
      for (const d of fresh) await enqueueSend(this.queue, d, now);
    } catch (err) {
      this.log(`[subscriptions] ${fresh.length} stored, not queued yet (${(err as Error).message})`);
    }
  }

  /** The WeChat users bound to each partner the messages are for (`partner_identities`), in one read. */
  private async partnerOpenIds(msgs: SubscriptionNotice[]): Promise<Map<string, string[]>> {
    const ids = [
      ...new Set(
        msgs.flatMap((m) => ('partnerId' in m.to && Types.ObjectId.isValid(m.to.partnerId) ? [m.to.partnerId] : [])),
      ),
    ];
    const out = new Map<string, string[]>();
    if (!ids.length) return out;
    const rows = await models(this.conn)
      .PartnerIdentity.find(
        { partnerId: { $in: ids.map((id) => new Types.ObjectId(id)) } },
        { openId: 1, partnerId: 1 },
      )
      .lean<{ openId: string; partnerId: Types.ObjectId }[]>();
    for (const r of rows) out.set(String(r.partnerId), [...(out.get(String(r.partnerId)) ?? []), r.openId]);
    return out;
  }
}

/** Queues one message's send, delayed until its `sendAt` (a job id BullMQ holds already is ignored). */
export async function enqueueSend(queue: Queue<SubscriptionJobData>, m: SubscriptionMessageRecord, now: Date) {
  const delay = Math.max(0, m.sendAt.getTime() - now.getTime());
  await queue.add('send', { type: 'send', messageId: m._id }, { jobId: subscriptionJobId(m._id), delay });
}
