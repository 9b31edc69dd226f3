import { isDuplicateKey } from '../db/connection.js';
import type { IntakeModels } from './schemas.js';

/** Sends one WeChat 订阅消息 (subscription message). */
export interface SubscribeSender {
  send(openId: string, template: string, data: Record<string, { value: string }>, page?: string): Promise<void>;
}

/**
 * Adapter over WeChat's subscribe-message API (`/cgi-bin/token` + `/cgi-bin/message/subscribe/send`); the base URL
 * is configurable (HUOBAN_WECHAT_API_BASE) like the login adapter, so tests and staging point elsewhere.
 */
export class WechatSubscribeClient implements SubscribeSender {
  private token?: { value: string; until: number };
  constructor(private readonly cfg: { apiBase: string; appId?: string; secret?: string }) {}

  private async accessToken(): Promise<string> {
    if (this.token && this.token.until > Date.now()) return this.token.value;
    const url = new URL('/cgi-bin/token', this.cfg.apiBase);
    url.search = new URLSearchParams({
      grant_type: 'client_credential',
      appid: this.cfg.appId ?? '',
      secret: this.cfg.secret ?? '',
    }).toString();
    const body = (await (await fetch(url, { signal: AbortSignal.timeout(5000) })).json()) as {
      access_token?: string;
      expires_in?: number;
      errmsg?: string;
    };
    if (!body.access_token) throw new Error(`wechat token: ${body.errmsg ?? 'no access_token'}`);
    this.token = { value: body.access_token, until: Date.now() + ((body.expires_in ?? 7200) - 300) * 1000 };
    return body.access_token;
  }

  async send(openId: string, template: string, data: Record<string, { value: string }>, page?: string) {
    if (!this.cfg.appId || !this.cfg.secret) throw new Error('wechat subscribe messages are not configured');
    const url = new URL('/cgi-bin/message/subscribe/send', this.cfg.apiBase);
    url.searchParams.set('access_token', await this.accessToken());
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ touser: openId, template_id: template, data, ...(page && { page }) }),
      signal: AbortSignal.timeout(5000),
    });
    const body = (await res.json()) as { errcode?: number; errmsg?: string };
    if (body.errcode) throw new Error(`wechat subscribe: ${body.errcode} ${body.errmsg ?? ''}`);
  }
}

export interface ApplicantMessage {
  /** deterministic key: the message is recorded (and sent) once per key */
  key: string;
  applicationId: string;
  openId: string;
  template: string;
  data: Record<string, { value: string }>;
  text: string;
}

/** Applicant messages, recorded once per key in `intake_messages`, then sent; a failed send stays `failed`. */
export class ApplicantMessages {
  constructor(
    private readonly m: IntakeModels,
    private readonly sender?: SubscribeSender,
  ) {}

  async send(msg: ApplicantMessage): Promise<boolean> {
    try {
      await this.m.Message.create({
        _id: msg.key,
        channel: 'wechat_subscribe',
        applicationId: msg.applicationId,
        to: msg.openId,
        template: msg.template,
        data: msg.data,
        text: msg.text,
        status: this.sender ? 'pending' : 'recorded',
      });
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
    if (this.sender) {
      try {
        await this.sender.send(msg.openId, msg.template, msg.data, 'packages/intake/pages/my/index');
        await this.m.Message.updateOne(
          { _id: msg.key },
          { $set: { status: 'sent', sentAt: new Date() }, $inc: { attempts: 1 } },
        );
      } catch (e) {
        await this.m.Message.updateOne(
          { _id: msg.key },
          { $set: { status: 'failed', error: (e as Error).message }, $inc: { attempts: 1 } },
        );
      }
    }
    return true;
  }

  /** Sends again the messages whose send failed (at most `maxAttempts` tries each); returns how many went out. */
  async retryFailed(maxAttempts = 5): Promise<number> {
    if (!this.sender) return 0;
    const failed = await this.m.Message.find({
      channel: 'wechat_subscribe',
      status: 'failed',
      attempts: { $lt: maxAttempts },
    })
      .limit(100)
      .lean<{ _id: string; to: string; template: string; data: Record<string, { value: string }> }[]>();
    let sent = 0;
    for (const msg of failed) {
      try {
        await this.sender.send(msg.to, msg.template, msg.data, 'packages/intake/pages/my/index');
        await this.m.Message.updateOne(
          { _id: msg._id },
          { $set: { status: 'sent', sentAt: new Date() }, $inc: { attempts: 1 } },
        );
        sent++;
      } catch (e) {
        await this.m.Message.updateOne(
          { _id: msg._id },
          { $set: { error: (e as Error).message }, $inc: { attempts: 1 } },
        );
      }
    }
    return sent;
  }

  /** FT-9: the formal late-result notice (a letter text for email/post), recorded once per application. */
  async formalLetter(key: string, applicationId: string, to: string, text: string): Promise<boolean> {
    try {
      await this.m.Message.create({ _id: key, channel: 'formal_letter', applicationId, to, text, status: 'recorded' });
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  async forApplication(applicationId: string) {
    return this.m.Message.find({ applicationId }).sort({ createdAt: 1 }).lean();
  }
}
