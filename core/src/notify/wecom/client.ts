import { classifyAnswer, WECOM_API_BASE, type WecomOutcome } from './rules.js';

/**
 * Posts a markdown message to a WeCom group robot: `POST <base>/cgi-bin/webhook/send?key=KEY` with
 * `{msgtype: 'markdown', markdown: {content}}`. The base is configurable (HUOBAN_WECOM_API_BASE) so tests point at
 * the local fake. Never throws: a network failure is a retried outcome. The key is never part of what it returns.
 */
export class WecomClient {
  constructor(
    private readonly base = WECOM_API_BASE,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(key: string, content: string): Promise<WecomOutcome> {
    const url = `${this.base.replace(/\/+$/, '')}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const body = (await res.json().catch(() => null)) as { errcode?: unknown; errmsg?: unknown } | null;
      return classifyAnswer(res.status, body);
    } catch (err) {
      const e = err as { name?: string; cause?: { code?: string } };
      const why = e.name === 'TimeoutError' ? `${this.timeoutMs} ms 内无应答` : (e.cause?.code ?? e.name ?? '未知');
      return { ok: false, retry: true, code: 'network', message: `无法连接企业微信（${why}）` };
    }
  }
}
