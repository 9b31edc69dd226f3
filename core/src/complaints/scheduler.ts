import type { Queue } from 'bullmq';
import type { WorkCalendar } from '../calendar/index.js';
import type { ComplaintRecord } from '../db/types.js';
import { slaJobId, type SlaJobData } from '../queues/index.js';
import { stagePlan } from './sla-rules.js';

/**
 * Puts the wake-up jobs of a complaint on the `sla` queue. MongoDB holds the truth (`dueAt`); a job whose
 * `dueAt` differs from the complaint's is stale and replaced, a missing one is added, a matching one is kept.
 */
export class SlaScheduler {
  constructor(private readonly queue: Queue<SlaJobData>) {}

  close(): Promise<void> {
    return this.queue.close();
  }

  /** `futureOnly`: leave stages already due to the caller (the sweeper handles them in place). */
  async schedule(c: ComplaintRecord, cal: WorkCalendar, now = new Date(), futureOnly = false): Promise<number> {
    if (c.slaSettled) return 0;
    const dueAt = c.dueAt.toISOString();
    let added = 0;
    for (const { stage, at } of stagePlan(c, cal)) {
      if (stage !== 'breach' && c.warningsSent.includes(stage)) continue;
      if (futureOnly && at.getTime() <= now.getTime()) continue;
      const jobId = slaJobId(c.id, stage);
      const existing = await this.queue.getJob(jobId);
      if (existing) {
        if (existing.data.dueAt === dueAt && !(await existing.isFailed())) continue;
        await existing.remove().catch(() => undefined); // an active (locked) job finishes on its own and re-checks MongoDB
      }
      await this.queue.add(
        stage,
        { complaintId: c.id, stage, dueAt },
        { jobId, delay: Math.max(0, at.getTime() - now.getTime()) },
      );
      added++;
    }
    return added;
  }
}
