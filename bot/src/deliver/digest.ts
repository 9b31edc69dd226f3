/**
 * Digests instead of floods (issue #21): when more notices of one priority for one target fall due together than
 * the threshold allows (the programme's 告警设置, default more than 5 within a minute), the target gets one digest —
 * counts by kind, the 10 most urgent with their numbers and times, a link to the 临期投诉 queue — and every notice
 * in it is recorded as delivered to that target through the digest. The notices waiting are read from the
 * `notices` queue itself (its prioritized set in Redis), so the decision holds across bot replicas.
 */
import { DEFAULT_DIGEST_AFTER, formatDigest, noticeJobPriority, type Digest, type NoticeJobData } from '@huoban/core';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { StaffAudience, TargetSpec } from './targets.js';
import { staffTargets } from './targets.js';

// the digest's text and its helpers live in core (the worker's WeCom delivery builds the same digests)
export {
  DEFAULT_DIGEST_AFTER,
  DIGEST_LISTED,
  DUE_QUEUE_PATH,
  byUrgency,
  formatDigest,
  headlineOf,
  readyAt,
} from '@huoban/core';
export type { Digest } from '@huoban/core';

export interface BurstOptions {
  /** the notices queue (its prioritized set holds the notices ready to go, by priority) */
  queue: Queue<NoticeJobData>;
  redis: Redis;
  /** the bot's configured recipients, for notices that name none */
  audience: StaffAudience;
  publicUrl: string;
  /** threshold for notices that carry none (HUOBAN_BOT_DIGEST_AFTER, default 5) */
  digestAfter?: number;
}

/** Looks at the queue for notices of the same priority waiting for the same target. */
export class BurstDigests {
  constructor(private readonly o: BurstOptions) {}

  /**
   * The digest `target` should get instead of `notice` alone, or null: when the notices of `notice`'s priority
   * ready for `target` (itself included), with the `recent` messages of the last minute, are more than the
   * threshold. `skip`: notice ids the target already has.
   */
  async digestFor(
    notice: NoticeJobData,
    target: TargetSpec,
    recent: number,
    audienceOf: (n: NoticeJobData) => StaffAudience,
  ): Promise<Digest | null> {
    const threshold = notice.digestAfter ?? this.o.digestAfter ?? DEFAULT_DIGEST_AFTER;
    const p = noticeJobPriority(notice.kind);
    // BullMQ's prioritized set: score = priority * 2^32 + a counter
    const key = this.o.queue.toKey('prioritized');
    const [lo, hi] = [p * 0x100000000, (p + 1) * 0x100000000 - 1];
    const waiting = await this.o.redis.zcount(key, lo, hi);
    if (waiting + 1 + recent <= threshold) return null;
    const ids = await this.o.redis.zrangebyscore(key, lo, hi);
    const pipe = this.o.redis.pipeline();
    for (const id of ids) pipe.hget(this.o.queue.toKey(id), 'data');
    const seen = new Set([notice.noticeId]);
    const peers: NoticeJobData[] = [];
    for (const [, raw] of (await pipe.exec()) ?? []) {
      if (typeof raw !== 'string') continue;
      const n = JSON.parse(raw) as NoticeJobData;
      if (seen.has(n.noticeId) || !staffTargets(audienceOf(n)).some((t) => t.key === target.key)) continue;
      seen.add(n.noticeId);
      peers.push(n);
    }
    if (!peers.length || peers.length + 1 + recent <= threshold) return null;
    const notices = [notice, ...peers];
    return {
      id: `digest-${notice.noticeId}-${notices.length}`,
      notices,
      text: formatDigest(notices, this.o.publicUrl),
    };
  }
}
