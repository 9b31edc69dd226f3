import type { Queue } from 'bullmq';
import type { Connection } from 'mongoose';
import { noticeJobId, type NoticeJobData } from '../queues/index.js';
import { noticeJobOptions, outboxModel, undelivered, type OutboxModel } from './outbox.js';

export interface NoticeRecoveryReport {
  /** undelivered outbox entries looked at */
  checked: number;
  /** re-enqueued: their job was missing (Redis lost it) or already completed without the delivery being marked */
  enqueued: number;
  /** failed for good in Redis and retried */
  retried: number;
}

/**
 * Re-enqueues the notices the outbox still holds undelivered and Redis no longer carries (FLUSHALL, a restart
 * without persistence, an add that failed while Redis was down). Entries younger than `graceMs` are left to the
 * producer's own add. A job waiting, delayed or active is left alone; a failed one is retried; a completed one
 * (delivered but not marked — or a stale job from before a loss) is removed and added again: the bot records each
 * post once per target in `bot_deliveries`, so a re-run posts nothing twice and only marks the delivery.
 * A notice held for quiet hours is never added early: a lost one is added again with the delay it has left.
 */
export class NoticeRecovery {
  private readonly outbox: OutboxModel;
  constructor(
    private readonly queue: Queue<NoticeJobData>,
    store: Connection | OutboxModel,
    private readonly graceMs = 5_000,
  ) {
    this.outbox = 'models' in store ? outboxModel(store) : store;
  }

  async run(now = new Date()): Promise<NoticeRecoveryReport> {
    const entries = await undelivered(this.outbox, new Date(now.getTime() - this.graceMs));
    // one state read per entry, all sent together (an undelivered backlog, e.g. while the bot is logged out, is mostly
    // jobs waiting in Redis: they cost that one read)
    const states = await Promise.all(entries.map((e) => this.queue.getJobState(noticeJobId(e.notice.noticeId))));
    const report: NoticeRecoveryReport = { checked: entries.length, enqueued: 0, retried: 0 };
    for (const [i, entry] of entries.entries()) {
      const n = entry.notice;
      const jobId = noticeJobId(n.noticeId);
      const job = states[i] === 'failed' ? await this.queue.getJob(jobId) : undefined;
      if (job) {
        await job.retry();
        report.retried++;
        continue;
      }
      if (states[i] !== 'completed' && states[i] !== 'unknown') continue;
      await this.queue.remove(jobId).catch(() => undefined); // a completed (or half-known) job makes way for the new one
      await this.queue.add(n.kind, n, noticeJobOptions(n, now));
      report.enqueued++;
    }
    return report;
  }
}
