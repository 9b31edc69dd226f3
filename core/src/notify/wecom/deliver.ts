import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { AlertSettingsStore } from '../../alerts/store.js';
import { DEFAULT_DIGEST_AFTER, isUrgent, noticeJobPriority } from '../../alerts/rules.js';
import { formatDigest, type Digest } from '../digest.js';
import type { NoticeJobData } from '../../queues/index.js';
import { holdDelay, outboxModel, type OutboxModel, type OutboxRecord } from '../outbox.js';
import { WecomClient } from './client.js';
import { WECOM_JOB_OPTIONS, WECOM_QUEUE, wecomJobId, type WecomJobData } from './queue.js';
import { RobotRateLimit } from './rate.js';
import { robotBucket, wecomMarkdown } from './rules.js';
import {
  isFinal,
  wecomDeliveryId,
  wecomDeliveryModel,
  type WecomAttemptError,
  type WecomDeliveryModel,
  type WecomDeliveryRecord,
} from './store.js';

/** What one run of a WeCom job came to. `retry`: throw, so BullMQ tries again with its backoff. */
export type WecomResult =
  { status: 'sent' | 'skipped' } | { status: 'failed' | 'retry'; message: string } | { status: 'wait'; waitMs: number };

/** The WeCom jobs of notices: one per notice per robot stamped on it, with the notice's priority and hold. */
export function wecomJobs(notices: NoticeJobData[], now = new Date()) {
  return notices.flatMap((n) =>
    n.programmeId && n.wecomRobots?.length ? n.wecomRobots.map((robotId) => wecomJob(n, robotId, now)) : [],
  );
}

function wecomJob(n: NoticeJobData, robotId: string, now: Date) {
  const delay = holdDelay(n, now);
  const data: WecomJobData = { noticeId: n.noticeId, programmeId: n.programmeId!, robotId };
  return {
    name: n.kind,
    data,
    opts: { jobId: wecomJobId(n.noticeId, robotId), priority: noticeJobPriority(n.kind), ...(delay > 0 && { delay }) },
  };
}

/** Adds the WeCom jobs of these notices (an id BullMQ already holds is ignored). */
export async function enqueueWecom(queue: Queue<WecomJobData>, notices: NoticeJobData[], now = new Date()) {
  const jobs = wecomJobs(notices, now);
  if (jobs.length) await queue.addBulk(jobs);
}

export interface WecomDeliveryOptions {
  /** HUOBAN_WECOM_API_BASE */
  client?: WecomClient;
  rate: RobotRateLimit;
  /**
   * digests instead of floods, as for rooms: the Redis and key prefix of the `wecom` queue (its waiting and active
   * jobs are the burst) and the H5 app's base URL for the 临期投诉 link. Without it every notice is posted alone.
   */
  digests?: { redis: Redis; prefix: string; publicUrl: string };
  now?: () => Date;
  log?: (line: string) => void;
}

/**
 * Delivers one notice to one robot, once: the delivery record (`wecom_deliveries`) is read first and a robot that
 * has the notice (or failed for good) gets nothing more. The key is read from the programme's 告警设置 at delivery
 * time (never carried in the job), the robot's budget of 20 a minute is taken in Redis across replicas, a notice held
 * for quiet hours waits. Each failed attempt is recorded with its code; when every robot of the notice is settled the
 * outbox entry stops being recovered.
 *
 * One job per notice and robot (deterministic id) makes BullMQ run it on one worker at a time; a lock per robot in
 * Redis makes the re-check, the digest decision and the post one step across replicas (so a notice carried by a
 * digest is never posted again by its own job running elsewhere).
 */
export class WecomDelivery {
  readonly deliveries: WecomDeliveryModel;
  readonly outbox: OutboxModel;
  private readonly settings: AlertSettingsStore;
  private readonly client: WecomClient;
  private readonly now: () => Date;
  constructor(
    conn: Connection,
    private readonly o: WecomDeliveryOptions,
  ) {
    this.deliveries = wecomDeliveryModel(conn);
    this.outbox = outboxModel(conn);
    this.settings = new AlertSettingsStore(conn);
    this.client = o.client ?? new WecomClient();
    this.now = o.now ?? (() => new Date());
  }

  async deliver(job: WecomJobData, opts: { last: boolean }): Promise<WecomResult> {
    const id = wecomDeliveryId(job.noticeId, job.robotId);
    const record = await this.deliveries.findById(id).lean<WecomDeliveryRecord>();
    if (isFinal(record)) {
      await this.settle(job.noticeId);
      return { status: 'skipped' };
    }
    const entry = await this.outbox.findById(job.noticeId).lean<OutboxRecord>();
    if (!entry) return this.fail(job, record, null, { code: 'missing', message: '通知不在发件箱中' }, true);
    const held = holdDelay(entry.notice, this.now());
    if (held > 0) return { status: 'wait', waitMs: held };
    const robot = (await this.settings.current(job.programmeId))?.wecomRobots.find((r) => r.id === job.robotId);
    if (!robot) return this.fail(job, record, entry, { code: 'removed', message: '机器人已从告警设置中删除' }, true);
    const bucket = robotBucket(robot.key);
    // one delivery per robot at a time across replicas: the digest decision and the post see a settled world
    const token = await this.o.rate.lock(bucket);
    if (!token) return { status: 'wait', waitMs: 200 };
    try {
      const now = await this.deliveries.findById(id).lean<WecomDeliveryRecord>();
      if (isFinal(now)) {
        await this.settle(job.noticeId);
        return { status: 'skipped' };
      }
      const waitMs = await this.o.rate.take(bucket);
      if (waitMs > 0) return { status: 'wait', waitMs };
      const digest = this.o.digests ? await this.digestFor(entry.notice, job, bucket) : null;
      const text = digest?.text ?? entry.notice.text;
      const answer = await this.client.send(robot.key, wecomMarkdown({ text }, isUrgent(entry.notice.kind)));
      if (!answer.ok)
        return this.fail(job, now, entry, { code: answer.code, message: answer.message }, !answer.retry || opts.last);
      const sent = {
        status: 'sent' as const,
        sentAt: this.now(),
        robotName: robot.name,
        ...(digest && { via: digest.id }),
      };
      await this.write(job, now, entry, sent);
      for (const peer of digest?.notices.slice(1) ?? []) {
        const peerJob = { ...job, noticeId: peer.noticeId };
        await this.write(peerJob, null, { notice: peer } as OutboxRecord, sent);
        await this.settle(peer.noticeId);
      }
      this.o.log?.(
        digest
          ? `[wecom] posted digest ${digest.id} (${digest.notices.length} notices) to robot ${robot.name} (${job.robotId})`
          : `[wecom] posted ${job.noticeId} to robot ${robot.name} (${job.robotId})`,
      );
      await this.settle(job.noticeId);
      return { status: 'sent' };
    } finally {
      await this.o.rate.unlock(bucket, token);
    }
  }

  /**
   * The digest the robot gets instead of `notice` alone (issue #21 as for rooms), or null: when the notices of its
   * priority ready for the robot — waiting in the `wecom` queue or taken by a replica and waiting for this robot —
   * with the messages of the last minute, are more than the programme's threshold (告警设置 `digestAfter`, 5).
   */
  private async digestFor(notice: NoticeJobData, job: WecomJobData, bucket: string): Promise<Digest | null> {
    const { redis, prefix, publicUrl } = this.o.digests!;
    const threshold = notice.digestAfter ?? DEFAULT_DIGEST_AFTER;
    const p = noticeJobPriority(notice.kind);
    const recent = Math.max(0, (await this.o.rate.recent(bucket)) - 1); // take() counted this message already
    const key = (type: string) => `${prefix}:${WECOM_QUEUE}:${type}`;
    const own = wecomJobId(job.noticeId, job.robotId);
    const ids = [
      ...(await redis.zrangebyscore(key('prioritized'), p * 0x100000000, (p + 1) * 0x100000000 - 1)),
      ...(await redis.lrange(key('active'), 0, -1)),
    ].filter((i) => i !== own && i.endsWith(`-${job.robotId}`));
    if (ids.length + 1 + recent <= threshold) return null;
    const pipe = redis.pipeline();
    for (const i of ids) pipe.hget(key(i), 'data');
    const noticeIds = ((await pipe.exec()) ?? [])
      .map(([, raw]) => (typeof raw === 'string' ? (JSON.parse(raw) as WecomJobData) : null))
      .filter((d): d is WecomJobData => !!d && d.robotId === job.robotId && d.noticeId !== job.noticeId)
      .map((d) => d.noticeId);
    const done = new Set(
      (await this.deliveries.find({ _id: { $in: noticeIds.map((n) => wecomDeliveryId(n, job.robotId)) } }).lean())
        .filter((r) => isFinal(r as WecomDeliveryRecord))
        .map((r) => (r as WecomDeliveryRecord).noticeId),
    );
    const at = this.now().getTime();
    const peers = (
      await this.outbox.find({ _id: { $in: noticeIds.filter((n) => !done.has(n)) } }).lean<OutboxRecord[]>()
    )
      .map((e) => e.notice)
      .filter((n) => noticeJobPriority(n.kind) === p && holdDelay(n, new Date(at)) === 0);
    if (!peers.length || peers.length + 1 + recent <= threshold) return null;
    const notices = [notice, ...peers];
    return { id: `digest-${notice.noticeId}-${notices.length}`, notices, text: formatDigest(notices, publicUrl) };
  }

  private async fail(
    job: WecomJobData,
    record: WecomDeliveryRecord | null,
    entry: OutboxRecord | null,
    e: Omit<WecomAttemptError, 'at'>,
    final: boolean,
  ): Promise<WecomResult> {
    const failure = { ...e, at: this.now() };
    await this.write(job, record, entry, {
      status: final ? 'failed' : 'retrying',
      failures: [...(record?.failures ?? []), failure].slice(-10),
    });
    this.o.log?.(
      `[wecom] ${job.noticeId} to robot ${job.robotId}: ${e.message}${final ? ' — failed for good' : ' — will retry'}`,
    );
    if (final) await this.settle(job.noticeId);
    return { status: final ? 'failed' : 'retry', message: e.message };
  }

  private async write(
    job: WecomJobData,
    record: WecomDeliveryRecord | null,
    entry: OutboxRecord | null,
    change: Partial<WecomDeliveryRecord>,
  ): Promise<void> {
    const n = entry?.notice;
    const doc: Omit<WecomDeliveryRecord, '_id'> = {
      noticeId: job.noticeId,
      programmeId: job.programmeId,
      robotId: job.robotId,
      kind: n?.kind ?? record?.kind ?? 'generic',
      ...(n?.ref && { ref: { entity: n.ref.entity, id: n.ref.id } }),
      status: 'retrying',
      failures: record?.failures ?? [],
      ...(record?.robotName && { robotName: record.robotName }),
      ...change,
      attempts: (record?.attempts ?? 0) + 1,
      updatedAt: this.now(),
    };
    await this.deliveries.updateOne(
      { _id: wecomDeliveryId(job.noticeId, job.robotId) },
      { $set: doc },
      { upsert: true },
    );
  }

  /** Marks the outbox entry's WeCom part delivered once every robot of the notice is settled (sent or failed). */
  async settle(noticeId: string): Promise<boolean> {
    const entry = await this.outbox.findById(noticeId).lean<OutboxRecord>();
    if (!entry || !entry.wecomPending) return false;
    const robots = entry.notice.wecomRobots ?? [];
    const records = await Promise.all(
      robots.map((r) => this.deliveries.findById(wecomDeliveryId(noticeId, r)).lean<WecomDeliveryRecord>()),
    );
    if (!records.every(isFinal)) return false;
    await this.outbox.updateOne({ _id: noticeId }, { $set: { wecomPending: false, wecomDeliveredAt: this.now() } });
    return true;
  }
}

/**
 * Re-enqueues the WeCom jobs of outbox entries still pending that Redis no longer carries (like NoticeRecovery for
 * the bot): a robot already settled is skipped, a job failed in Redis but not settled is retried, a missing or
 * completed one is added again (the delivery record keeps a re-run from posting twice).
 */
export class WecomRecovery {
  constructor(
    private readonly queue: Queue<WecomJobData>,
    private readonly delivery: WecomDelivery,
    private readonly graceMs = 5_000,
  ) {}

  async run(now = new Date()): Promise<{ checked: number; enqueued: number; retried: number; settled: number }> {
    const report = { checked: 0, enqueued: 0, retried: 0, settled: 0 };
    const open = await this.delivery.outbox
      .find({ wecomPending: true, createdAt: { $lt: new Date(now.getTime() - this.graceMs) } })
      .sort({ createdAt: 1 })
      .limit(1000)
      .lean<OutboxRecord[]>();
    for (const entry of open) {
      report.checked++;
      if (await this.delivery.settle(entry._id)) {
        report.settled++;
        continue;
      }
      const n = entry.notice;
      for (const robotId of n.wecomRobots ?? []) {
        const record = await this.delivery.deliveries.findById(wecomDeliveryId(n.noticeId, robotId)).lean();
        if (isFinal(record as WecomDeliveryRecord | null)) continue;
        const job = await this.queue.getJob(wecomJobId(n.noticeId, robotId));
        const state = job ? await job.getState() : 'missing';
        if (state === 'failed') {
          await job!.retry();
          report.retried++;
        } else if (state === 'completed' || state === 'unknown' || state === 'missing') {
          await job?.remove().catch(() => undefined);
          const [again] = wecomJobs([{ ...n, wecomRobots: [robotId] }], now);
          await this.queue.add(again.name, again.data, again.opts);
          report.enqueued++;
        }
      }
    }
    return report;
  }
}

export { WECOM_JOB_OPTIONS };
