/**
 * WeCom (企业微信) group robots as a delivery channel beside wechaty (issue #19, item 1), pure rules: the robot
 * settings a programme keeps (the webhook key is a secret: stored, answered only masked), the markdown message a
 * notice becomes (WeCom's documented limit: 4096 bytes of content), and what each documented answer means for a
 * delivery (sent, retried with backoff, or failed for good and recorded).
 */
import { createHash } from 'node:crypto';
import type { NoticeJobData } from '../../queues/index.js';

/** The channels a programme's staff notices go to: WeChat rooms/contacts (the bot), WeCom robots (the worker). */
export const ALERT_CHANNELS = ['wechat', 'wecom'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/** A robot as stored in 告警设置: `key` is the webhook key, never answered nor logged. */
export interface WecomRobot {
  id: string;
  name: string;
  key: string;
}
/** A robot as answered: the key masked to its last four characters. */
export interface WecomRobotView {
  id: string;
  name: string;
  keyHint: string;
}
/** A robot in a change: `id` names a stored robot (no `key`: keep its key; a `key`: replace it); no `id`: a new one. */
export interface WecomRobotInput {
  id?: string;
  name: string;
  key?: string;
}

export const MAX_WECOM_ROBOTS = 10;
/** WeCom's documented limit of a markdown message's content, in bytes (UTF-8). */
export const WECOM_MAX_CONTENT_BYTES = 4096;
/** WeCom's documented limit per robot: 20 messages a minute. */
export const WECOM_PER_MINUTE = 20;
export const WECOM_API_BASE = 'https://qyapi.weixin.qq.com';

const KEY = /^[A-Za-z0-9-]{8,64}$/;

/** The key of a pasted webhook: the bare key, or the whole `…/cgi-bin/webhook/send?key=KEY` address; null if neither. */
export function parseWebhookKey(input: string): string | null {
  const s = input.trim();
  if (KEY.test(s)) return s;
  const m = /^https?:\/\/[^?#\s]+\/cgi-bin\/webhook\/send\?(?:[^#\s]*&)?key=([A-Za-z0-9-]{8,64})(?:[&#]|$)/.exec(s);
  return m ? m[1] : null;
}

export const maskKey = (key: string): string => `****${key.slice(-4)}`;
export const robotView = (r: WecomRobot): WecomRobotView => ({ id: r.id, name: r.name, keyHint: maskKey(r.key) });
/** One robot's rate bucket: a digest of its key, so two programmes naming one webhook share its 20 a minute. */
export const robotBucket = (key: string): string => createHash('sha256').update(key).digest('hex').slice(0, 16);

/**
 * The robots to store for a change over `current`, or the problems (field-prefixed, Chinese, never quoting a key).
 * `input` undefined keeps the current robots; `newId` names a new robot.
 */
export function resolveRobots(
  input: WecomRobotInput[] | undefined,
  current: WecomRobot[],
  newId: () => string,
): { robots: WecomRobot[]; problems: string[] } {
  if (input === undefined) return { robots: current.map((r) => ({ ...r })), problems: [] };
  if (!Array.isArray(input)) return { robots: [], problems: ['wecomRobots 须为数组'] };
  const problems: string[] = [];
  if (input.length > MAX_WECOM_ROBOTS) problems.push(`wecomRobots 最多 ${MAX_WECOM_ROBOTS} 个`);
  const robots: WecomRobot[] = [];
  const names = new Set<string>();
  const keys = new Set<string>();
  input.forEach((r, i) => {
    const f = `wecomRobots[${i}]`;
    if (!r || typeof r !== 'object') return void problems.push(`${f} 须为对象`);
    const name = typeof r.name === 'string' ? r.name.trim() : '';
    if (!name) problems.push(`${f}.name 不能为空`);
    else if (name.length > 64) problems.push(`${f}.name 最长 64 个字符`);
    else if (names.has(name)) problems.push(`${f}.name 重复：${name}`);
    names.add(name);
    const stored = r.id === undefined ? undefined : current.find((c) => c.id === r.id);
    if (r.id !== undefined && !stored) problems.push(`${f}.id 不存在（机器人已被删除，请刷新后重试）`);
    let key = stored?.key;
    if (r.key !== undefined && r.key !== null && String(r.key).trim() !== '') {
      const parsed = typeof r.key === 'string' ? parseWebhookKey(r.key) : null;
      if (!parsed) problems.push(`${f}.key 格式不正确：应为 Webhook 地址或其中 key= 后的密钥`);
      key = parsed ?? undefined;
    } else if (!stored && r.id === undefined) problems.push(`${f}.key 不能为空：新机器人须填写 Webhook 地址`);
    if (key && keys.has(key)) problems.push(`${f}.key 与前面的机器人相同`);
    if (key) keys.add(key);
    if (name && key) robots.push({ id: stored?.id ?? newId(), name, key });
  });
  return { robots, problems };
}

/** The channels to store: given ones (checked), else WeChat plus WeCom when robots are configured. */
export function resolveChannels(
  input: AlertChannel[] | undefined,
  robots: WecomRobot[],
): { channels: AlertChannel[]; problems: string[] } {
  if (input === undefined) return { channels: robots.length ? ['wechat', 'wecom'] : ['wechat'], problems: [] };
  if (!Array.isArray(input) || input.some((c) => !(ALERT_CHANNELS as readonly string[]).includes(c)))
    return { channels: [], problems: ['channels 只能包含 wechat（微信群/联系人）和 wecom（企业微信机器人）'] };
  const channels = ALERT_CHANNELS.filter((c) => input.includes(c));
  const problems: string[] = [];
  if (!channels.length) problems.push('channels 至少选择一个渠道');
  if (channels.includes('wecom') && !robots.length) problems.push('wecomRobots 选择企业微信渠道时须至少配置一个机器人');
  return { channels, problems };
}

const TRUNCATED = '\n……（内容过长，已截断）';

/** `text` cut at a character boundary so that its UTF-8 form is at most `maxBytes`, marked when cut. */
export function fitBytes(text: string, maxBytes = WECOM_MAX_CONTENT_BYTES): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength(TRUNCATED);
  let out = '';
  let used = 0;
  for (const ch of text) {
    const b = Buffer.byteLength(ch);
    if (used + b > budget) break;
    out += ch;
    used += b;
  }
  return out + TRUNCATED;
}

/**
 * A notice as WeCom markdown: its first line (`【投诉超时】`) as a bold heading, orange for urgent kinds, the rest as
 * lines; within 4096 bytes. Markdown characters in the text are shown as they are (WeCom has no escaping).
 */
export function wecomMarkdown(n: Pick<NoticeJobData, 'text'>, urgent: boolean): string {
  const [head, ...rest] = n.text.split('\n');
  const title = urgent ? `<font color="warning">**${head}**</font>` : `**${head}**`;
  return fitBytes([title, ...rest.map((l) => (l.trim() ? `> ${l}` : ''))].join('\n'));
}

/** What one answer of the webhook means for the delivery. */
export interface WecomOutcome {
  ok: boolean;
  /** a failure worth another attempt later (rate limit, WeCom busy, 5xx, network) */
  retry: boolean;
  /** `errcode <n>`, `http <status>` or `network` */
  code: string;
  /** Chinese, for the delivery record and the log; never holds the key */
  message: string;
}

const ERRCODES: Record<number, { retry: boolean; message: string }> = {
  [-1]: { retry: true, message: '企业微信系统繁忙' },
  45009: { retry: true, message: '接口调用超过限制（每个机器人每分钟最多20条）' },
  93000: { retry: false, message: 'Webhook 地址无效：密钥错误或机器人已被移除' },
  40058: { retry: false, message: '消息内容不合法' },
  93004: { retry: false, message: '机器人已被停用' },
};

/** Classifies the HTTP status and JSON answer of a webhook call (WeCom answers errors with HTTP 200 + errcode). */
export function classifyAnswer(status: number, body: { errcode?: unknown; errmsg?: unknown } | null): WecomOutcome {
  if (status >= 500 || status === 429)
    return { ok: false, retry: true, code: `http ${status}`, message: `企业微信服务异常（HTTP ${status}）` };
  if (status !== 200 || !body || typeof body.errcode !== 'number')
    return { ok: false, retry: false, code: `http ${status}`, message: `企业微信应答无法识别（HTTP ${status}）` };
  if (body.errcode === 0) return { ok: true, retry: false, code: 'errcode 0', message: '已发送' };
  const known = ERRCODES[body.errcode];
  const errmsg = typeof body.errmsg === 'string' ? body.errmsg.slice(0, 200) : '';
  return {
    ok: false,
    retry: known?.retry ?? false,
    code: `errcode ${body.errcode}`,
    message: `${known?.message ?? '企业微信拒绝了消息'}（${body.errcode}${errmsg ? `：${errmsg}` : ''}）`,
  };
}
