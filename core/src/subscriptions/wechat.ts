import type { Redis } from 'ioredis';
import { sendVerdict, type FieldData, type WechatConfig } from './rules.js';

/** WeChat's answer to one send: its errcode (0 sent) and message. */
export interface SendResult {
  errcode: number;
  errmsg: string;
}

/** Sends one 订阅消息 and answers with WeChat's errcode; a network failure throws. */
export interface SubscribeApi {
  send(openId: string, template: string, data: FieldData, page?: string | null): Promise<SendResult>;
}

/**
 * The mini-program's access token, cached in Redis so every api and worker replica shares one (WeChat allows 2,000
 * token fetches a day and a new token retires the old one after five minutes). `refresh(stale)` fetches a new one
 * only when the cached token is still the stale one — so replicas that see the same expired token fetch it once
 * between them, behind a short Redis lock.
 */
export class WechatAccessToken {
  private readonly key: string;
  constructor(
    private readonly cfg: WechatConfig,
    private readonly redis: Redis,
    prefix = 'huoban',
  ) {
    this.key = `${prefix}:wechat:access-token:${cfg.appId ?? 'none'}`;
  }

  async get(): Promise<string> {
    return (await this.redis.get(this.key)) ?? this.fetch(null);
  }

  /** A new token unless another process has replaced `stale` already (then that one). */
  refresh(stale: string): Promise<string> {
    return this.fetch(stale);
  }

  private async fetch(stale: string | null): Promise<string> {
    const lock = `${this.key}:lock`;
    for (let i = 0; i < 50; i++) {
      const cached = await this.redis.get(this.key);
      if (cached && cached !== stale) return cached;
      if (await this.redis.set(lock, '1', 'PX', 5000, 'NX')) {
        try {
          const again = await this.redis.get(this.key);
          if (again && again !== stale) return again;
          return await this.fetchFromWechat();
        } finally {
          await this.redis.del(lock);
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('wechat token: another process holds the refresh lock');
  }

  private async fetchFromWechat(): Promise<string> {
    const url = new URL('/cgi-bin/token', this.cfg.apiBase);
    url.search = new URLSearchParams({
      grant_type: 'client_credential',
      appid: this.cfg.appId ?? '',
      secret: this.cfg.secret ?? '',
    }).toString();
    const body = (await (await fetch(url, { signal: AbortSignal.timeout(5000) })).json()) as {
      access_token?: string;
      expires_in?: number;
      errcode?: number;
      errmsg?: string;
    };
    if (!body.access_token) throw new Error(`wechat token: ${body.errcode ?? ''} ${body.errmsg ?? 'no access_token'}`);
    // kept five minutes less than WeChat's lifetime (7,200 s), at least a minute
    const ttl = Math.max(60, (body.expires_in ?? 7200) - 300);
    await this.redis.set(this.key, body.access_token, 'EX', ttl);
    return body.access_token;
  }
}

/**
 * Adapter over `/cgi-bin/message/subscribe/send` (base URL HUOBAN_WECHAT_API_BASE, so tests and staging point
 * elsewhere). An invalid or expired token (40001, 42001, 40014) is refreshed once and the send tried once more.
 */
export class WechatSubscribeApi implements SubscribeApi {
  constructor(
    private readonly cfg: WechatConfig,
    private readonly token: WechatAccessToken,
  ) {}

  async send(openId: string, template: string, data: FieldData, page?: string | null): Promise<SendResult> {
    if (!this.cfg.appId || !this.cfg.secret) throw new Error('wechat subscribe messages are not configured');
    const first = await this.token.get();
    const r = await this.post(first, openId, template, data, page);
    if (sendVerdict(r.errcode) !== 'token') return r;
    return this.post(await this.token.refresh(first), openId, template, data, page);
  }

  private async post(token: string, openId: string, template: string, data: FieldData, page?: string | null) {
    const url = new URL('/cgi-bin/message/subscribe/send', this.cfg.apiBase);
    url.searchParams.set('access_token', token);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ touser: openId, template_id: template, data, ...(page && { page }) }),
      signal: AbortSignal.timeout(5000),
    });
    const body = (await res.json()) as { errcode?: number; errmsg?: string };
    return { errcode: body.errcode ?? 0, errmsg: body.errmsg ?? '' };
  }
}
