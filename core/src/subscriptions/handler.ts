import { DomainError } from '../errors.js';
import type { Queue } from 'bullmq';
import type { Connection } from 'mongoose';
import { models } from '../db/schemas.js';
import { enqueueSend, type SubscriptionJobData } from './outbox.js';
import {
  MAX_SEND_ATTEMPTS,
  sendVerdict,
  subscriptionJobId,
  type SubscriptionStatus,
  type SubscriptionTemplates,
} from './rules.js';
import { SubscriptionStore, subscriptionModels, type SubscriptionMessageRecord } from './store.js';
import type { SubscribeApi } from './wechat.js';

/** What became of one send job: a settled status, `retry` (thrown to BullMQ), or `done` (settled before). */
export type DeliverOutcome = SubscriptionStatus | 'done';

/** A transient failure (`unavailable`): the job is retried with backoff (the message stays pending). */
export const sendRetryError = (message: string) => new DomainError('unavailable', message);

/**
 * The worker side of the outbox. A send job reloads its message and, only while it is pending:
 * - drops it (`cancelled`) when its guard no longer holds (the complaint answered or its deadline moved);
 * - records `unconfigured` when its kind has no template id, `no_consent` when the recipient holds no unused
 *   consent for that template (WeChat's one-time subscription: one accept allows one send) — never sent, never retried;
 * - spends one consent (kept on the message, so a retry spends no second one) and sends;
 * - 43101 (not subscribed) → `refused`, recorded, not retried; an invalid request (openid, template, data, page)
 *   → `failed`; an expired token is refreshed once by the api adapter; anything else is retried with backoff up to
 *   MAX_SEND_ATTEMPTS tries, then `failed`.
 */
export class SubscriptionHandler {
  readonly store: SubscriptionStore;
  constructor(
    private readonly conn: Connection,
    private readonly api: SubscribeApi | null,
    private readonly templates: SubscriptionTemplates,
    private readonly queue: Queue<SubscriptionJobData>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.store = new SubscriptionStore(subscriptionModels(conn));
  }

  async deliver(messageId: string): Promise<DeliverOutcome> {
    const m = await this.store.message(messageId);
    if (!m || !m.pending) return 'done';
    const now = this.now();
    if (m.guard && !(await this.stillWanted(m.guard))) return this.settle(m, 'cancelled');
    const template = this.templates[m.kind];
    if (!template || !this.api) return this.settle(m, 'unconfigured');
    const consentId = m.consentId ?? (await this.store.spendConsent(m.openId, template, m._id, now));
    if (!consentId) return this.settle(m, 'no_consent', { template });
    if (!m.consentId) await this.store.update(m._id, { consentId, template });
    const attempt = m.attempts + 1;
    let result;
    try {
      result = await this.api.send(m.openId, template, m.data, m.page);
    } catch (e) {
      return this.failedTry(m, attempt, null, (e as Error).message);
    }
    const verdict = sendVerdict(result.errcode);
    const info = { errcode: result.errcode || null, error: result.errcode ? result.errmsg : null };
    if (verdict === 'sent') return this.settle(m, 'sent', { sentAt: now, ...info }, true);
    if (verdict === 'refused') return this.settle(m, 'refused', info, true);
    if (verdict === 'invalid' || verdict === 'token') return this.settle(m, 'failed', info, true);
    return this.failedTry(m, attempt, result.errcode, result.errmsg);
  }

  /**
   * Re-queues pending messages that are due and whose job Redis lost or finished without settling them; cost is
   * proportional to what is due (the `{pending, sendAt}` index). Messages younger than `graceMs` are left to the
   * producer's own add.
   */
  async sweep(graceMs = 5_000): Promise<{ checked: number; queued: number }> {
    const now = this.now();
    const report = { checked: 0, queued: 0 };
    for (const m of await this.store.due(new Date(now.getTime() - graceMs))) {
      report.checked++;
      const job = await this.queue.getJob(subscriptionJobId(m._id));
      if (job) {
        const state = await job.getState();
        if (state === 'failed') {
          await job.retry();
          report.queued++;
          continue;
        }
        if (state !== 'completed' && state !== 'unknown') continue;
        await job.remove().catch(() => undefined);
      }
      await enqueueSend(this.queue, m, now);
      report.queued++;
    }
    return report;
  }

  private async failedTry(m: SubscriptionMessageRecord, attempt: number, errcode: number | null, error: string) {
    if (attempt >= MAX_SEND_ATTEMPTS) return this.settle(m, 'failed', { errcode, error }, true);
    await this.store.update(m._id, { errcode, error }, true);
    throw sendRetryError(`wechat subscribe ${m._id}: ${errcode ?? ''} ${error}`);
  }

  private async settle(
    m: SubscriptionMessageRecord,
    status: SubscriptionStatus,
    set: Partial<SubscriptionMessageRecord> = {},
    attempt = false,
  ): Promise<DeliverOutcome> {
    await this.store.settle(m._id, status, set, attempt);
    return status;
  }

  /** The reminder is wanted while the complaint is open, unbreached and still due at the same instant. */
  private async stillWanted(g: { complaintId: string; dueAt: string }): Promise<boolean> {
    const c = await models(this.conn)
      .Complaint.findById(g.complaintId, { status: 1, dueAt: 1, breachedAt: 1 })
      .lean<{ status: string; dueAt: Date; breachedAt?: Date | null }>();
    return !!c && c.status === 'open' && !c.breachedAt && c.dueAt.toISOString() === g.dueAt;
  }
}
