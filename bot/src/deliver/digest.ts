/**
 * Digests instead of floods (issue #21): when more notices of one priority for one target fall due together than
 * the threshold allows (the programme's 告警设置, default more than 5 within a minute), the target gets one digest —
 * counts by kind, the 10 most urgent with their numbers and times, a link to the 临期投诉 queue — and every notice
 * in it is recorded as delivered to that target through the digest. The notices waiting are read from the
 * `notices` queue itself (its prioritized set in Redis), so the decision holds across bot replicas.
 */
import { formatBeijing, noticeJobPriority, noticePriority, type NoticeJobData } from '@huoban/core';
import { NOTICE_KIND_LABEL } from '@huoban/core/labels';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { StaffAudience, TargetSpec } from './targets.js';
import { staffTargets } from './targets.js';

/** Default threshold: a target gets a digest when more than this many notices fall due within a minute. */
export const DEFAULT_DIGEST_AFTER = 5;
/** How many notices a digest lists one by one. */
export const DIGEST_LISTED = 10;
/** The 临期投诉 queue of the H5 app (hash router). */
export const DUE_QUEUE_PATH = '/#/packages/staff/pages/due/index';
const PRIORITY_LABEL = { urgent: '紧急', normal: '一般', routine: '例行' } as const;
const MAX_HEADLINE = 60;

export interface Digest {
  /** `digest-<first noticeId>-<count>`: the delivery record of the digest message itself */
  id: string;
  notices: NoticeJobData[];
  text: string;
}

/** When a notice could first go out: its `holdUntil` (quiet hours), else its creation. */
export const readyAt = (n: NoticeJobData): number =>
  Math.max(Date.parse(n.createdAt) || 0, n.holdUntil ? Date.parse(n.holdUntil) : 0);

/** One line for the list: the notice's headline, else the first detail line of its text, cut to 60 characters. */
export function headlineOf(n: NoticeJobData): string {
  const line = n.headline ?? n.text.split('\n').find((l, i) => i > 0 && l.trim() !== '') ?? n.text.split('\n')[0];
  const cut = line.length > MAX_HEADLINE ? `${line.slice(0, MAX_HEADLINE - 1)}…` : line;
  return n.headline ? cut : `${cut}｜${formatBeijing(new Date(readyAt(n)))}`;
}

/** Most urgent first: priority, then the oldest due. */
export const byUrgency = (a: NoticeJobData, b: NoticeJobData): number =>
  noticeJobPriority(a.kind) - noticeJobPriority(b.kind) || readyAt(a) - readyAt(b);

/** The digest's text: counts by kind, the 10 most urgent, the rest counted, the link to 临期投诉. */
export function formatDigest(notices: NoticeJobData[], publicUrl: string): string {
  const sorted = [...notices].sort(byUrgency);
  const counts = new Map<string, number>();
  for (const n of sorted) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
  const label = (kind: string) => (NOTICE_KIND_LABEL as Record<string, string>)[kind] ?? kind;
  const listed = sorted.slice(0, DIGEST_LISTED);
  return [
    `【告警汇总】${sorted.length}条${PRIORITY_LABEL[noticePriority(sorted[0]!.kind)]}通知同时到期，合并为一条：`,
    [...counts].map(([k, c]) => `${label(k)} ${c}条`).join('；'),
    `最紧急的${listed.length}条：`,
    ...listed.map((n, i) => `${i + 1}. ${label(n.kind)}｜${headlineOf(n)}`),
    ...(sorted.length > listed.length ? [`另有${sorted.length - listed.length}条未列出。`] : []),
    `临期投诉：${publicUrl}${DUE_QUEUE_PATH}`,
  ].join('\n');
}

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
