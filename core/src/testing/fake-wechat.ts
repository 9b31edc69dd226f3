/**
 * Test support: a local stand-in for the WeChat HTTP APIs Huoban calls (the adapters' base URL is configurable,
 * `HUOBAN_WECHAT_API_BASE`): `/sns/jscode2session` (login: `openid-<code>`, or errcode 40029 for a code `accepts`
 * refuses), `/cgi-bin/token` (hands out `tok-1`, `tok-2`, …) and `/cgi-bin/message/subscribe/send` (records every
 * send with the token it came with and answers each openid with its scripted errcodes in turn, 0 once used up).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWechat {
  server: Server;
  base: string;
  /** the query of every login (jscode2session) call */
  logins: URLSearchParams[];
  /** every 订阅消息 send: the access token it came with and its JSON body */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  sends: { token: string; body: any }[];
  /** errcodes to answer per openid (`touser`), in turn */
  script: Map<string, number[]>;
  /** how many access tokens were handed out */
  tokens(): number;
  close(): Promise<void>;
}

export function startFakeWechat(opts: { accepts?: (code: string) => boolean } = {}): Promise<FakeWechat> {
  const accepts = opts.accepts ?? (() => true);
  const logins: URLSearchParams[] = [];
  const sends: FakeWechat['sends'] = [];
  const script = new Map<string, number[]>();
  let tokens = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/sns/jscode2session') {
      logins.push(url.searchParams);
      const code = url.searchParams.get('js_code') ?? '';
      return res.end(
        JSON.stringify(
          accepts(code) ? { openid: `openid-${code}`, session_key: 'k' } : { errcode: 40029, errmsg: 'invalid code' },
        ),
      );
    }
    if (url.pathname === '/cgi-bin/token') {
      if (url.searchParams.get('grant_type') !== 'client_credential')
        return res.end(JSON.stringify({ errcode: 40002, errmsg: 'invalid grant_type' }));
      return res.end(JSON.stringify({ access_token: `tok-${++tokens}`, expires_in: 7200 }));
    }
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}');
      sends.push({ token: url.searchParams.get('access_token') ?? '', body });
      const errcode = script.get(body.touser)?.shift() ?? 0;
      res.end(JSON.stringify({ errcode, errmsg: errcode ? `scripted ${errcode}` : 'ok' }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        logins,
        sends,
        script,
        tokens: () => tokens,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}
