/**
 * A local WeCom (企业微信) group-robot webhook for tests (issue #19). It checks the documented request —
 * `POST /cgi-bin/webhook/send?key=KEY`, `Content-Type: application/json`, body `{msgtype: 'markdown', markdown:
 * {content}}` with a content of at most 4096 bytes — and answers as WeCom does, HTTP 200 with an errcode:
 * 0 ok; 93000 invalid webhook url (an unknown key); 45009 api freq out of limit (more than `perWindow` messages to
 * one key within `windowMs`, 20 a minute by default); 40058 for a malformed body or an over-long content. A test may
 * script the next answers of a key (`failNext`: an errcode or an HTTP status such as 502).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface FakeWecomMessage {
  key: string;
  content: string;
  at: number;
  /** what the fake answered */
  errcode: number;
}

type Scripted = { errcode: number } | { status: number };

export interface FakeWecom {
  /** `http://127.0.0.1:<port>`: HUOBAN_WECOM_API_BASE */
  base: string;
  /** every request it answered, in order (accepted ones have errcode 0) */
  received: FakeWecomMessage[];
  /** the messages a key accepted (errcode 0) */
  accepted(key: string): FakeWecomMessage[];
  /** the next answers for `key`, before the normal checks */
  failNext(key: string, ...answers: Scripted[]): void;
  /** the most messages a key accepted within any window of `windowMs` */
  maxInWindow(key: string): number;
  close(): Promise<void>;
}

const ERRMSG: Record<number, string> = {
  0: 'ok',
  93000: 'invalid webhook url, hint: [1733000000_000_fake], from ip: 127.0.0.1',
  45009: 'api freq out of limit, hint: [1733000000_000_fake]',
  40058: 'markdown.content exceed max length 4096 or invalid parameter, hint: [1733000000_000_fake]',
};

const body = (req: IncomingMessage) =>
  new Promise<string>((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });

export async function startFakeWecom(
  opts: { keys: string[]; perWindow?: number; windowMs?: number } = { keys: [] },
): Promise<FakeWecom> {
  const keys = new Set(opts.keys);
  const perWindow = opts.perWindow ?? 20;
  const windowMs = opts.windowMs ?? 60_000;
  const received: FakeWecomMessage[] = [];
  const scripted = new Map<string, Scripted[]>();
  const accepted = (key: string) => received.filter((m) => m.key === key && m.errcode === 0);

  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await body(req);
      const url = new URL(req.url ?? '/', 'http://fake');
      const key = url.searchParams.get('key') ?? '';
      const answer = (errcode: number, status = 200, content = '') => {
        received.push({ key, content, at: Date.now(), errcode });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errcode, errmsg: ERRMSG[errcode] ?? 'error' }));
      };
      if (req.method !== 'POST' || url.pathname !== '/cgi-bin/webhook/send') {
        res.writeHead(404).end();
        return;
      }
      const next = scripted.get(key)?.shift();
      if (next && 'status' in next) {
        received.push({ key, content: '', at: Date.now(), errcode: -1 });
        res.writeHead(next.status, { 'content-type': 'text/html' }).end('<html>502 Bad Gateway</html>');
        return;
      }
      if (next) return answer(next.errcode);
      if (!keys.has(key)) return answer(93000);
      let msg: { msgtype?: unknown; markdown?: { content?: unknown } } | null = null;
      try {
        msg = JSON.parse(raw);
      } catch {
        msg = null;
      }
      const content = msg?.markdown?.content;
      const typed = /^application\/json\b/.test(req.headers['content-type'] ?? '');
      if (
        !typed ||
        msg?.msgtype !== 'markdown' ||
        typeof content !== 'string' ||
        content === '' ||
        Buffer.byteLength(content) > 4096
      )
        return answer(40058, 200, typeof content === 'string' ? content : '');
      const now = Date.now();
      if (accepted(key).filter((m) => m.at > now - windowMs).length >= perWindow) return answer(45009, 200, content);
      return answer(0, 200, content);
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    base: `http://127.0.0.1:${port}`,
    received,
    accepted,
    failNext: (key, ...answers) => scripted.set(key, [...(scripted.get(key) ?? []), ...answers]),
    maxInWindow(key) {
      const at = accepted(key).map((m) => m.at);
      return at.reduce((max, t, i) => Math.max(max, at.slice(i).filter((u) => u < t + windowMs).length), 0);
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
