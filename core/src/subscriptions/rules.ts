/**
 * WeChat 订阅消息 (issue #19 item 2): the message kinds, their template ids, WeChat's field rules and what an error
 * code means. Pure: no I/O.
 *
 * FT-9 an application's result · FT-12/WT-4 a complaint registered against the partner with its deadline, two
 * working hours before that deadline, a breach · FT-12/MG-13 a half-year or month closed with the score ·
 * FT-18 each exit step · FT-16(b) a document expiring (for the documents feature).
 */
import { createHash } from 'node:crypto';

export const SUBSCRIPTION_KINDS = {
  'application-result': { title: '申请结果通知', env: 'HUOBAN_WECHAT_TMPL_APPLICATION_RESULT' },
  'complaint-registered': { title: '投诉受理通知', env: 'HUOBAN_WECHAT_TMPL_COMPLAINT_REGISTERED' },
  'complaint-due-soon': { title: '投诉回复即将到期提醒', env: 'HUOBAN_WECHAT_TMPL_COMPLAINT_DUE_SOON' },
  'complaint-breach': { title: '投诉超时通知', env: 'HUOBAN_WECHAT_TMPL_COMPLAINT_BREACH' },
  'score-closed': { title: '考核结果通知', env: 'HUOBAN_WECHAT_TMPL_SCORE_CLOSED' },
  'exit-step': { title: '退出办理进度通知', env: 'HUOBAN_WECHAT_TMPL_EXIT_STEP' },
  'document-expiring': { title: '证照到期提醒', env: 'HUOBAN_WECHAT_TMPL_DOCUMENT_EXPIRING' },
} as const;
export type SubscriptionKind = keyof typeof SUBSCRIPTION_KINDS;
export const SUBSCRIPTION_KIND_KEYS = Object.keys(SUBSCRIPTION_KINDS) as SubscriptionKind[];

/** The template id configured for each kind (one environment variable per kind); a kind without one is not sent. */
export type SubscriptionTemplates = Partial<Record<SubscriptionKind, string>>;

export function subscriptionTemplates(env: NodeJS.ProcessEnv = process.env): SubscriptionTemplates {
  const out: SubscriptionTemplates = {};
  for (const kind of SUBSCRIPTION_KIND_KEYS) {
    const id = env[SUBSCRIPTION_KINDS[kind].env]?.trim();
    if (id) out[kind] = id;
  }
  return out;
}

/** The WeChat side of the channel: base URL and the mini-program's credentials (HUOBAN_WECHAT_*). */
export interface WechatConfig {
  apiBase: string;
  appId?: string;
  secret?: string;
}

export const wechatConfig = (env: NodeJS.ProcessEnv = process.env): WechatConfig => ({
  apiBase: env.HUOBAN_WECHAT_API_BASE ?? 'https://api.weixin.qq.com',
  appId: env.HUOBAN_WECHAT_APPID || undefined,
  secret: env.HUOBAN_WECHAT_SECRET || undefined,
});

// ------------------------------------------------------------------ WeChat's field rules

export type FieldData = Record<string, { value: string }>;

const chars = (s: string) => [...s];
/** `thing`: at most 20 characters (Chinese, letters, digits, symbols); longer text ends in `…`. */
export const thing = (s: string): string => {
  const c = chars(s.replace(/\s+/g, ' ').trim());
  return c.length <= 20 ? c.join('') : `${c.slice(0, 19).join('')}…`;
};
/** `phrase`: at most 5 Chinese characters, nothing else. */
export const phrase = (s: string): string =>
  chars(s.replace(/[^\u4e00-\u9fa5]/g, ''))
    .slice(0, 5)
    .join('');
/** `character_string`: at most 32 letters, digits and ASCII symbols. */
export const characterString = (s: string): string => s.replace(/[^\x21-\x7e]/g, '').slice(0, 32);
/** `number`: at most 32 digits, with an optional sign and decimal point. */
export const numberField = (n: number): string => String(n).slice(0, 32);
/** `time`: `2026年12月7日 19:00`, Beijing time (UTC+8, no DST). */
export const timeField = (at: Date): string => {
  const d = new Date(at.getTime() + 8 * 3_600_000);
  const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return `${dateField(at)} ${hm}`;
};
/** `date`: `2026年12月7日`, the Beijing day of an instant or a `YYYY-MM-DD` day. */
export const dateField = (at: Date | string): string => {
  const [y, m, d] =
    typeof at === 'string'
      ? at.split('-').map(Number)
      : ((x) => [x.getUTCFullYear(), x.getUTCMonth() + 1, x.getUTCDate()])(new Date(at.getTime() + 8 * 3_600_000));
  return `${y}年${m}月${d}日`;
};

/** Problems of a message's data against WeChat's rules, by the key's type prefix (`thing3`, `time2`, …). */
export function fieldProblems(data: FieldData): string[] {
  const out: string[] = [];
  for (const [key, { value }] of Object.entries(data)) {
    const type = key.replace(/\d+$/, '');
    const ok =
      type === 'thing'
        ? chars(value).length <= 20 && value.length > 0
        : type === 'phrase'
          ? /^[\u4e00-\u9fa5]{1,5}$/.test(value)
          : type === 'character_string'
            ? /^[\x21-\x7e]{1,32}$/.test(value)
            : type === 'number'
              ? /^[-+]?\d+(\.\d+)?$/.test(value) && value.length <= 32
              : type === 'time' || type === 'date'
                ? /^\d{4}年\d{1,2}月\d{1,2}日( \d{2}:\d{2})?$/.test(value)
                : false;
    if (!ok) out.push(`${key}: ${value}`);
  }
  return out;
}

// ------------------------------------------------------------------ ids and error codes

/** The recipient part of a message id: a short hash, so an openid never appears in job ids or logs. */
export const recipientTag = (openId: string) => createHash('sha256').update(openId).digest('hex').slice(0, 12);
/** One message per notice per recipient: `sub-<notice key>-<recipient tag>` (no `:`, never integer-like). */
export const subscriptionMessageId = (key: string, openId: string) => `sub-${key}-${recipientTag(openId)}`;
export const subscriptionJobId = (messageId: string) => `subscription-${messageId}`;

/** WeChat's answer to a send, as the outbox acts on it. */
export type SendVerdict = 'sent' | 'refused' | 'token' | 'invalid' | 'retry';

/**
 * 0 sent; 43101 the user has not subscribed (or refused): recorded, never retried; 40001/42001/40014 the access
 * token is invalid or expired: refreshed once, then sent once more; 40003 (openid), 40037 (template id), 47003
 * (data) and 41030 (page) cannot succeed on a retry; anything else (-1 busy, 45009 limits, network) is retried.
 */
export function sendVerdict(errcode: number | undefined): SendVerdict {
  if (!errcode) return 'sent';
  if (errcode === 43101) return 'refused';
  if (errcode === 40001 || errcode === 42001 || errcode === 40014) return 'token';
  if (errcode === 40003 || errcode === 40037 || errcode === 47003 || errcode === 41030) return 'invalid';
  return 'retry';
}

/** The final states of a message; only `pending` is ever sent. */
export type SubscriptionStatus =
  'pending' | 'sent' | 'refused' | 'no_consent' | 'unconfigured' | 'cancelled' | 'failed';
/** How many times a message is tried before it is recorded `failed`. */
export const MAX_SEND_ATTEMPTS = 8;
