/**
 * Issue #8 item 7: the response side of the OpenAPI spec. Every operation documents a 2xx response with a schema
 * (or a binary attachment, or 204), its error responses, and the security it needs: bearer on every non-public
 * operation, none on public ones. Read from the document the api serves at /api/docs-json.
 */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { startTestApi, type TestApi } from '../../test/support.js';
import { listRoutes } from './routes.js';

interface Op {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  security?: Record<string, string[]>[];
}

describe('OpenAPI document (issue #8 item 7)', () => {
  let api: TestApi;
  let ops: [string, Op][];
  let schemas: Record<string, unknown>;
  before(async () => {
    api = await startTestApi();
    const doc = (await (await fetch(`${api.url}/api/docs-json`)).json()) as {
      paths: object;
      components: { schemas: Record<string, unknown> };
    };
    schemas = doc.components.schemas;
    ops = Object.entries(doc.paths as Record<string, Record<string, Op>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Op]),
    );
  });
  after(() => api.close());

  it('every route of the route table is in the document', () => {
    const documented = new Set(ops.map(([k]) => k));
    const missing = listRoutes(api.app)
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      .filter((k) => !documented.has(k));
    assert.deepEqual(missing, []);
  });

  it('every operation documents a 2xx response with a schema (JSON DTO, binary attachment) or a 204', () => {
    const bad = ops
      .filter(([, op]) => {
        const ok = Object.entries(op.responses).filter(([code]) => /^2\d\d$/.test(code));
        return !ok.some(
          ([code, r]) => code === '204' || Object.values(r.content ?? {}).some((c) => c.schema !== undefined),
        );
      })
      .map(([k]) => k);
    assert.deepEqual(bad, []);
  });

  it('every $ref in a success response resolves to a component schema with properties', () => {
    const bad: string[] = [];
    for (const [k, op] of ops)
      for (const [code, r] of Object.entries(op.responses)) {
        if (!/^2/.test(code)) continue;
        const text = JSON.stringify(r);
        for (const [, name] of text.matchAll(/#\/components\/schemas\/(\w+)/g)) {
          const s = schemas[name!] as { properties?: object } | undefined;
          if (!s?.properties || Object.keys(s.properties).length === 0) bad.push(`${k} → ${name}`);
        }
      }
    assert.deepEqual(bad, []);
  });

  it('non-public operations declare bearer security and 401; public ones declare no security', () => {
    const routes = listRoutes(api.app);
    const bad: string[] = [];
    for (const r of routes) {
      const k = `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`;
      const op = ops.find(([x]) => x === k)?.[1];
      if (!op) continue;
      const bearer = (op.security ?? []).some((s) => 'bearer' in s);
      if (r.public ? bearer : !bearer || !('401' in op.responses)) bad.push(k);
      if (!r.public && r.roles.length && !('403' in op.responses)) bad.push(`${k} (403)`);
      if ((op as { requestBody?: unknown }).requestBody && !('400' in op.responses)) bad.push(`${k} (400)`);
    }
    assert.deepEqual(bad, []);
  });
});
