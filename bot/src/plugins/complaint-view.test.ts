import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import { httpFetchDueToday } from './complaint-view.js';

describe('httpFetchDueToday', () => {
  let url: string;
  let seen: { path?: string; headers?: IncomingHttpHeaders } = {};
  let status = 200;
  const server = createServer((req, res) => {
    seen = { path: req.url, headers: req.headers };
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(status === 200 ? { items: [{ id: 'c1', no: 'TS-1' }] } : { statusCode: status }));
  });

  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('GETs /api/v1/complaints/due-today with the service key', async () => {
    const items = await httpFetchDueToday({ apiUrl: url, serviceKey: 'k-123' })();
    assert.equal(seen.path, '/api/v1/complaints/due-today');
    assert.equal(seen.headers?.['x-service-key'], 'k-123');
    assert.deepEqual(
      items.map((i) => i.id),
      ['c1'],
    );
  });

  it('throws on a non-2xx answer', async () => {
    status = 401;
    await assert.rejects(httpFetchDueToday({ apiUrl: url, serviceKey: 'wrong' })(), /401/);
  });
});
