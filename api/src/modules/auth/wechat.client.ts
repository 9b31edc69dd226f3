import { Inject, Injectable } from '@nestjs/common';
import { API_CONFIG, type ApiConfig } from '../../config.js';
import { DomainError } from '@huoban/core';

/** Adapter over WeChat's `jscode2session`; the base URL is configurable so tests and staging can point elsewhere. */
@Injectable()
export class WechatClient {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  async code2session(code: string): Promise<{ openId: string }> {
    const { apiBase, appId, secret } = this.config.wechat;
    if (!appId || !secret)
      throw DomainError.unavailable('微信登录未配置（HUOBAN_WECHAT_APPID / HUOBAN_WECHAT_SECRET）');
    const url = new URL('/sns/jscode2session', apiBase);
    url.search = new URLSearchParams({
      appid: appId,
      secret,
      js_code: code,
      grant_type: 'authorization_code',
    }).toString();
    let body: { openid?: string; errcode?: number; errmsg?: string };
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      body = (await res.json()) as typeof body;
    } catch {
      throw DomainError.unavailable('微信服务暂不可用，请稍后再试');
    }
    if (!body.openid) throw DomainError.unauthorized(`微信登录失败：${body.errmsg ?? body.errcode ?? '无效的 code'}`);
    return { openId: body.openid };
  }
}
