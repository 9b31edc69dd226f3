import type { Queue } from 'bullmq';
import { queueOf } from '../queues/factory.js';
import { WECOM_JOB_OPTIONS, WECOM_QUEUE, enqueueWecom, type WecomJobData } from './wecom/index.js';
import type { Connection } from 'mongoose';
import { AlertRouter, AlertSettingsStore, fallbackQuietHours } from '../alerts/index.js';
import { noticeJobOptions, outboxModel, storeInOutbox, type OutboxModel } from './outbox.js';
import type { ComplaintRecord } from '../db/types.js';
import type { NoticeJobData, SlaStage } from '../queues/index.js';
import { formatBeijing, formatDuration } from './format.js';
import {
  SUBSCRIPTIONS_QUEUE,
  SUBSCRIPTION_JOB_OPTIONS,
  SubscriptionOutbox,
  type SubscriptionNotice,
} from '../subscriptions/outbox.js';

export function slaNotice(
  c: Pick<ComplaintRecord, 'id' | 'no' | 'dueAt' | 'slaHours' | 'kind'> & { programmeId?: string },
  partnerName: string,
  stage: SlaStage,
  workingMsLeft: number,
): NoticeJobData {
  const head = [`伙伴：${partnerName}`, `投诉编号：${c.no}`, `截止时间：${formatBeijing(c.dueAt)}（北京时间）`];
  const kind = c.kind === 'ordinary' ? '普通投诉' : '升级投诉';
  const text =
    stage === 'breach'
      ? [
          '【投诉超时】',
          ...head,
          `该${kind}已超过${c.slaHours}个工作小时未获有效回复。`,
          ...(c.kind === 'ordinary' ? ['按《考核评分细则》投诉处理效率扣0.5分（FT-12）。'] : []),
        ].join('\n')
      : [
          '【投诉时限预警】',
          ...head,
          `剩余工作时间：${formatDuration(workingMsLeft)}`,
          '请督促伙伴尽快有效回复。',
        ].join('\n');
  return {
    noticeId: `sla-${c.id}-${stage}`,
    headline: `${c.no}｜${partnerName}｜截止 ${formatBeijing(c.dueAt)}`,
    kind: stage === 'breach' ? 'sla-breach' : 'sla-warning',
    audience: 'staff',
    ...(c.programmeId && { programmeId: c.programmeId }),
    text,
    ref: { entity: 'complaint', id: c.id },
    createdAt: new Date().toISOString(),
  };
}

export interface NotifierOptions {
  /**
   * Routes notices by their programme's alert settings and holds non-urgent ones in quiet hours (issue #11).
   * Default: a router over the store's connection with HUOBAN_ALERT_QUIET_HOURS as the fallback; null: none.
   */
  router?: AlertRouter | null;
  now?: () => Date;
  /** the `wecom` queue (issue #19); default: one on the notices queue's connection and prefix, made when first needed */
  wecomQueue?: Queue<WecomJobData>;
}

/**
 * Stores notices in the outbox (MongoDB, the truth) and then puts them on the `notices` queue; the deterministic
 * job id makes a repeat a no-op. Before that, the alert router stamps each notice with its programme's
 * recipients and, for a non-urgent notice inside quiet hours, `holdUntil`: the job is then added delayed until
 * the window opens (the delay comes from the calendar's `nextOutsideQuietHours`). When Redis is unavailable the
 * add is given up after a bounded time and logged: the notice is already in the outbox and the worker's outbox
 * recovery enqueues it later (a held one with the delay it has left).
 */
export class Notifier {
  private readonly outbox: OutboxModel;
  private readonly router: AlertRouter | null;
  private readonly now: () => Date;
  private wecomQueue: Queue<WecomJobData> | undefined;
  private readonly ownWecomQueue: boolean;
  private readonly conn: Connection;
  private subscriptions?: SubscriptionOutbox;
  constructor(
    private readonly queue: Queue<NoticeJobData>,
    store: Connection | OutboxModel,
    private readonly log: (line: string) => void = (l) => console.warn(l),
    opts: NotifierOptions = {},
  ) {
    this.outbox = 'models' in store ? outboxModel(store) : store;
    const conn = 'models' in store ? store : store.db;
    this.conn = conn;
    this.router =
      opts.router === undefined ? new AlertRouter(new AlertSettingsStore(conn), fallbackQuietHours()) : opts.router;
    this.now = opts.now ?? (() => new Date());
    this.wecomQueue = opts.wecomQueue;
    this.ownWecomQueue = !opts.wecomQueue;
  }
  async close(): Promise<void> {
    await Promise.all([
      this.queue.close(),
      this.subscriptions?.close(),
      this.ownWecomQueue ? this.wecomQueue?.close() : undefined,
    ]);
  }

  /**
   * Partner and applicant WeChat 订阅消息 (core/src/subscriptions): stored per recipient in their outbox and queued
   * on the `subscriptions` queue, which shares this queue's Redis connection, prefix and bound. A failure is logged,
   * never thrown: the step that produced the message is done (the worker's sweep queues what was stored).
   */
  async message(...msgs: SubscriptionNotice[]): Promise<void> {
    if (!msgs.length) return;
    if (!this.subscriptions) {
      const { connection, prefix } = this.queue.opts;
      const bound = (this.queue as unknown as { timeoutMs?: number }).timeoutMs;
      const q = queueOf(
        SUBSCRIPTIONS_QUEUE,
        { connection, prefix, defaultJobOptions: SUBSCRIPTION_JOB_OPTIONS },
        bound,
      );
      this.subscriptions = new SubscriptionOutbox(this.conn, q, this.now, this.log);
    }
    try {
      await this.subscriptions.message(...msgs);
    } catch (err) {
      this.log(`[notify] 订阅消息 ${msgs.map((m) => m.key).join(', ')} not stored (${(err as Error).message})`);
    }
  }
  /** The WeCom jobs go on their own queue, beside the bot's, on the same Redis (bounded like it in the api). */
  private wecom(): Queue<WecomJobData> {
    const { connection, prefix } = this.queue.opts;
    const bounded = (this.queue as unknown as { timeoutMs?: number }).timeoutMs;
    return (this.wecomQueue ??= queueOf<WecomJobData>(
      WECOM_QUEUE,
      { connection, prefix, defaultJobOptions: WECOM_JOB_OPTIONS },
      bounded,
    ));
  }
  async notify(...input: NoticeJobData[]): Promise<void> {
    if (!input.length) return;
    const now = this.now();
    const notices = this.router ? await this.router.plan(input, now) : input;
    await storeInOutbox(this.outbox, notices, now);
    try {
      await enqueueNotices(
        this.queue,
        notices.filter((n) => n.wechat !== false),
        now,
      );
      if (notices.some((n) => n.wecomRobots?.length)) await enqueueWecom(this.wecom(), notices, now);
    } catch (err) {
      this.log(
        `[notify] ${notices.map((n) => n.noticeId).join(', ')} stored, not queued yet (${(err as Error).message})`,
      );
    }
  }
}

/** Adds notices under their deterministic job ids (an id BullMQ already holds is ignored); see noticeJobOptions. */
export async function enqueueNotices(
  queue: Queue<NoticeJobData>,
  notices: NoticeJobData[],
  now = new Date(),
): Promise<void> {
  const opts = (n: NoticeJobData) => noticeJobOptions(n, now);
  if (notices.length === 1) await queue.add(notices[0].kind, notices[0], opts(notices[0]));
  else if (notices.length) await queue.addBulk(notices.map((n) => ({ name: n.kind, data: n, opts: opts(n) })));
}

export * from './outbox.js';
export * from './recovery.js';
export * from './format.js';
export * from './digest.js';
export * from './wecom/index.js';
