import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from '@jest/globals';
import type { paths } from '@huoban/contracts';
import { buildQuery, createApiClient, fillPath, type ApiRequest } from './index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A client whose transport records the request and answers `answer`. */
function recording<X = object>(baseUrl = 'http://h/api/v1', pathPrefix = '/api/v1') {
  const sent: ApiRequest<X>[] = [];
  const api = createApiClient<paths, X>({
    baseUrl,
    pathPrefix,
    transport: async (req) => {
      sent.push(req);
      return { items: [] };
    },
  });
  return { api, sent };
}

describe('the typed api client (#17 item 5)', () => {
  it('fills and encodes path parameters, drops the prefix the base URL holds, builds the query', async () => {
    const { api, sent } = recording<{ auth?: boolean }>();
    await api.get('/api/v1/complaints/{id}', { path: { id: 'a/b c' } });
    await api.get('/api/v1/complaints', { query: { status: 'open', page: 2, kind: undefined }, auth: false });
    assert.equal(sent[0].url, 'http://h/api/v1/complaints/a%2Fb%20c');
    assert.equal(sent[0].method, 'GET');
    assert.equal(sent[0].path, '/api/v1/complaints/{id}');
    assert.equal(sent[1].url, 'http://h/api/v1/complaints?status=open&page=2');
    assert.deepEqual(sent[1].options, { auth: false });
    assert.equal(sent[1].body, undefined);
  });

  it('sends the JSON body and keeps the transport options apart', async () => {
    const { api, sent } = recording<{ idempotencyKey?: string }>('http://bot:3000', '');
    await api.post('/api/v1/complaints/{id}/replies', {
      path: { id: 'c1' },
      body: { text: '已处理' },
      idempotencyKey: 'k1',
    });
    assert.deepEqual(sent[0], {
      method: 'POST',
      path: '/api/v1/complaints/{id}/replies',
      url: 'http://bot:3000/api/v1/complaints/c1/replies',
      body: { text: '已处理' },
      options: { idempotencyKey: 'k1' },
    });
  });

  it('builds the URL of a download with its parameters', () => {
    const { api } = recording();
    assert.equal(
      api.url('get', '/api/v1/complaints/sla-report.xlsx', { query: { period: '2026-11', partnerId: '' } }),
      'http://h/api/v1/complaints/sla-report.xlsx?period=2026-11',
    );
    assert.equal(buildQuery({ ids: ['a', 'b'], n: null }), '?ids=a&ids=b');
    assert.throws(() => fillPath('/x/{id}', {}), /id is missing/);
  });

  it('refuses at compile time a path the api does not have and a body that does not match its DTO', () => {
    const { api } = recording();
    // Each line below is a type error that `tsc -p tsconfig.test.json` (run by npm test) requires: were the client
    // to accept it, the @ts-expect-error would be unused and the typecheck would fail. Never called.
    const wrong = () => [
      // @ts-expect-error not a path of the api
      api.get('/api/v1/complaint'),
      // @ts-expect-error GET only
      api.post('/api/v1/complaints/due-today'),
      // @ts-expect-error the path parameter is missing
      api.get('/api/v1/complaints/{id}'),
      // @ts-expect-error a reply's body is { text }
      api.post('/api/v1/complaints/{id}/replies', { path: { id: 'c1' }, body: { txt: 'x' } }),
      // @ts-expect-error the body is required
      api.post('/api/v1/appeals', {}),
      // @ts-expect-error no such status in the query's enum
      api.get('/api/v1/appeals', { query: { status: 'closed' } }),
    ];
    assert.equal(typeof wrong, 'function');
  });
});

// ---------------------------------------------------------------- 0 hand-written paths in the clients

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(p) && !p.endsWith('.test.ts') ? [p] : [];
  });
/** The code without comments (a `//` after `:` is a URL, kept). */
const code = (file: string) =>
  readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1');

const CLIENT_SOURCES = [...sources(join(ROOT, 'miniapp/src')), ...sources(join(ROOT, 'bot/src'))];
/** The only files that may touch the network: the two transports and the mini-program's file transfers. */
const TRANSPORTS = ['miniapp/src/services/request.ts', 'miniapp/src/services/files.ts', 'bot/src/api-client.ts'];
/** The bot's own HTTP listener (health, metrics) is a server, not a call of the api. */
const SERVERS = ['bot/src/ops.ts'];

describe('0 hand-written paths in the mini-program and the bot (#17 item 5)', () => {
  const doc = JSON.parse(readFileSync(join(ROOT, 'contracts/openapi.json'), 'utf8')) as { paths: object };
  const documented = new Set(Object.keys(doc.paths));
  const segments = new Set(
    [...documented].map((p) =>
      p
        .replace(/^\/api\/v1/, '')
        .split('/')[1]
        .replace(/\..*$/, ''),
    ),
  );

  it('every api path is a documented path passed to the typed client', () => {
    let calls = 0;
    const offenders: string[] = [];
    for (const file of CLIENT_SOURCES) {
      const text = code(file);
      const name = relative(ROOT, file);
      const literals = [...text.matchAll(/['"`](\/api\/v1\/[^'"`]*)['"`]/g)];
      const typed = [...text.matchAll(/\bapi\.(?:get|post|put|delete|url)\(\s*(?:'\w+',\s*)?'(\/api\/v1\/[^']*)'/g)];
      calls += typed.length;
      if (literals.length !== typed.length) offenders.push(`${name}: an api path outside a call of the typed client`);
      for (const m of typed) if (!documented.has(m[1])) offenders.push(`${name}: ${m[1]} is not in the document`);
      if (SERVERS.includes(name)) continue;
      for (const m of text.matchAll(/['"`]\/([a-z][\w-]*)/g))
        if (segments.has(m[1])) offenders.push(`${name}: hand-written path ${m[0].slice(1)}…`);
    }
    assert.deepEqual(offenders, []);
    assert.ok(calls >= 80, `only ${calls} calls of the typed client found`);
  });

  it('only the transports reach the network', () => {
    const reaches = (text: string) =>
      /Taro\.(?:request|uploadFile|downloadFile)\(/.test(text) ||
      // the global fetch, not a parameter of that name (useList's loader)
      (/\bfetch\(/.test(text) && !/[(,]\s*fetch\s*:/.test(text));
    const offenders = CLIENT_SOURCES.filter((file) => !TRANSPORTS.includes(relative(ROOT, file))).filter((file) =>
      reaches(code(file)),
    );
    assert.deepEqual(
      offenders.map((f) => relative(ROOT, f)),
      [],
    );
  });
});
