/**
 * The digest message (issue #21): when more notices of one priority for one target fall due together than the
 * threshold allows, the target gets one message instead — counts by kind, the 10 most urgent with their numbers and
 * times, a link to the 临期投诉 queue. Shared by the bot (WeChat rooms) and the worker (WeCom robots, issue #19).
 */
import { NOTICE_KIND_LABEL } from '../labels/index.js';
import { noticeJobPriority, noticePriority } from '../alerts/rules.js';
import type { NoticeJobData } from '../queues/index.js';
import { formatBeijing } from './format.js';

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
