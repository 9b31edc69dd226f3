import { formatBeijing, processClock } from '@huoban/core';
import type { components } from '@huoban/contracts';
import type { WechatyPlugin } from 'wechaty';
import { botApiClient } from '../api-client.js';
import { isCommandText, textCommandPlugin } from './command.js';

/** FT-6: `招募` in a room lists the open recruitments with their deadlines and the H5 links. */
export const RECRUITMENTS_COMMAND = '招募';
export const NO_OPEN_RECRUITMENTS = '目前没有正在招募的公告。';
export const RECRUITMENTS_FAILED = '查询招募公告失败，请稍后再试。';

type PublicRecruitment = components['schemas']['PublicRecruitment'];
/**
 * The public fields of `GET /api/v1/public/recruitments` the command uses (FIXED CONTRACT), an alias of the type
 * generated from the api's OpenAPI document (`@huoban/contracts`, types only).
 */
export type RecruitmentView = Pick<
  PublicRecruitment,
  'id' | 'title' | 'mode' | 'quota' | 'applicationDeadline' | 'publishedAt'
> &
  Partial<Pick<PublicRecruitment, 'status'>>;

export interface RecruitmentsConfig {
  fetchRecruitments: () => Promise<RecruitmentView[]>;
  /** the H5 app's base URL (HUOBAN_PUBLIC_URL) */
  publicUrl: string;
  maxAgeSeconds?: number;
  log?: (line: string) => void;
}

/** `招募`, optionally after @-mentions (WeChat separates them with U+2005). */
export function isRecruitmentsCommand(text: string): boolean {
  return isCommandText(text, RECRUITMENTS_COMMAND);
}

/** `2026-12-10 23:59` in Beijing time (core's formatter). */
export const beijingDateTime = (iso: string): string => formatBeijing(new Date(iso));

export const recruitmentLink = (publicUrl: string, id: string) =>
  `${publicUrl.replace(/\/+$/, '')}/#/packages/intake/pages/recruitment/index?id=${id}`;

/** The reply: open recruitments only (not closed/past deadline), earliest deadline first, rolling ones last. */
export function formatRecruitments(items: RecruitmentView[], publicUrl: string, now = processClock.now()): string {
  const open = items.filter(
    (r) =>
      (r.status === undefined || r.status === 'published') &&
      (r.applicationDeadline === null || Date.parse(r.applicationDeadline) >= now.getTime()),
  );
  if (open.length === 0) return NO_OPEN_RECRUITMENTS;
  const key = (r: RecruitmentView) => (r.applicationDeadline ? Date.parse(r.applicationDeadline) : Infinity);
  const lines = [...open]
    .sort((a, b) => key(a) - key(b))
    .map((r, i) => {
      const deadline = r.applicationDeadline ? `截止 ${beijingDateTime(r.applicationDeadline)}` : '每月周期性受理';
      const quota = r.quota != null ? `｜招募${r.quota}家` : '';
      return `${i + 1}. ${r.title}｜${deadline}${quota}\n   ${recruitmentLink(publicUrl, r.id)}`;
    });
  return [`正在招募（${open.length}项，北京时间）：`, ...lines].join('\n');
}

/** Reads the public list from the api (no login needed). */
export function httpFetchRecruitments(opts: { apiUrl: string }): () => Promise<RecruitmentView[]> {
  const api = botApiClient({ apiUrl: opts.apiUrl, timeoutMs: 5000 });
  return () => api.get('/api/v1/public/recruitments');
}

/** Room command `招募` (public information: answered in any room the bot is in, not in direct messages). */
export function Recruitments(config: RecruitmentsConfig): WechatyPlugin {
  return textCommandPlugin(config, {
    name: RECRUITMENTS_COMMAND,
    asks: (message) => Boolean(message.room()) && isRecruitmentsCommand(message.text()),
    answer: async () => formatRecruitments(await config.fetchRecruitments(), config.publicUrl),
    failed: RECRUITMENTS_FAILED,
  });
}
