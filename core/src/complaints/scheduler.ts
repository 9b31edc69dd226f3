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

  /**
   * `futureOnly`: leave stages already due to the caller (the sweeper handles them in place). The stages' jobs are
   * looked up together (two Redis rounds per complaint, not two per stage one after another: the sweeper checks every
   * open complaint each run).
   */
  async schedule(c: ComplaintRecord, cal: WorkCalendar, now = new Date(), futureOnly = false): Promise<number> {
    if (c.slaSettled) return 0;
    const dueAt = c.dueAt.toISOString();
    const wanted = stagePlan(c, cal).filter(
      ({ stage, at }) =>
        !(stage !== 'breach' && c.warningsSent.includes(stage)) && !(futureOnly && at.getTime() <= now.getTime()),
    );
    const jobs = await Promise.all(wanted.map(({ stage }) => this.queue.getJob(slaJobId(c.id, stage))));
    const kept = await Promise.all(
      jobs.map(async (job) => !!job && job.data.dueAt === dueAt && !(await job.isFailed())),
    );
    let added = 0;
    for (const [i, { stage, at }] of wanted.entries()) {
      if (kept[i]) continue;
      await jobs[i]?.remove().catch(() => undefined); // an active (locked) job finishes on its own and re-checks MongoDB
      await this.queue.add(
        stage,
        { complaintId: c.id, stage, dueAt },
        { jobId: slaJobId(c.id, stage), delay: Math.max(0, at.getTime() - now.getTime()) },
      );
      added++;
    }
    return added;
  }
}
