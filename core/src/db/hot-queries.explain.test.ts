import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { coreEnv } from '../config.js';
import { complaintImportModels } from '../complaints/import-store.js';
import { creditModels } from '../credit/schemas.js';
import { DocumentRepository } from '../documents/store.js';
import { exitModels } from '../exit/schemas.js';
import { intakeModels } from '../intake/schemas.js';
import { metricsModels } from '../metrics/store.js';
import { scorecardModels } from '../scorecards/schemas.js';
import { workflowModels } from '../workflow/schemas.js';
import { connectMongo } from './connection.js';
import { HOT_QUERIES, type HotQuery } from './hot-queries.js';
import type { AnyModel } from './model-registry.js';
import { models } from './schemas.js';

/*
 * The explain guard: every hot query the code sends (hot-queries.ts) is answered from an index by the local store.
 * The app's models are registered through core's model registry and their declared indexes created, as the app
 * does at start; then FerretDB's explain (the patched SQLite backend answers with SQLite's EXPLAIN QUERY PLAN and
 * whether the filter was pushed down) must show the filter pushed down and no full `SCAN` of the collection; a count
 * (a list's total) must be answered by an exact SQL COUNT (patch 7).
 */
const RESTART = 'a FerretDB started before the patch keeps running: npm run services -- restart';

describe('hot queries are planned on indexes by the local store', () => {
  let conn: Connection;

  before(async () => {
    const url = new URL(coreEnv().mongoUrl);
    url.pathname = `/huoban_test_hot_queries_${randomBytes(4).toString('hex')}`;
    conn = await connectMongo(url.toString());
    models(conn);
    workflowModels(conn);
    scorecardModels(conn);
    new DocumentRepository(conn);
    await Promise.all([
      complaintImportModels(conn),
      creditModels(conn),
      exitModels(conn),
      intakeModels(conn),
      metricsModels(conn),
    ]);
    await Promise.all(Object.values<AnyModel>(conn.models as Record<string, AnyModel>).map((m) => m.createIndexes()));
  });
  after(async () => {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  });

  it('the list names collections that the registered models declare', () => {
    const collections = new Set(
      Object.values<AnyModel>(conn.models as Record<string, AnyModel>).map((m) => m.collection.name),
    );
    for (const q of HOT_QUERIES) assert.ok(collections.has(q.collection), `${q.name}: no model for ${q.collection}`);
  });

  const explain = async (q: HotQuery) => {
    const res = await conn.db!.command({
      explain: q.count
        ? // what the driver sends for countDocuments
          {
            aggregate: q.collection,
            pipeline: [{ $match: q.filter }, { $group: { _id: 1, n: { $sum: 1 } } }],
            cursor: {},
          }
        : {
            find: q.collection,
            filter: q.filter,
            ...(q.sort && { sort: q.sort }),
            ...(q.limit && { limit: q.limit }),
          },
      verbosity: 'queryPlanner',
    });
    const plan = ((res.queryPlanner as { Plan?: string[] } | undefined)?.Plan ?? []).map((l) =>
      l.replace(/^.*detail=/, ''),
    );
    return { res, plan };
  };

  // (none at present: every hot query is served; a note added later is checked here)
  const known = HOT_QUERIES.filter((q) => q.knownScan);
  if (known.length)
    it.each(known.map((q) => [q.name, q] as const))(
      '%s: a known full scan, still one (else drop its note)',
      async (_n, q) => {
        const { plan } = await explain(q);
        assert.ok(
          plan.some((l) => /^SCAN /.test(l)),
          `${q.name} is no longer a scan: remove its knownScan note`,
        );
      },
    );

  const served = HOT_QUERIES.filter((q) => !q.knownScan);
  it.each(served.map((q) => [q.name, q] as const))('%s: SEARCH on an index, no SCAN', async (_name, q) => {
    const { res, plan } = await explain(q);
    const shown = `${q.collection} ${JSON.stringify(q.filter)}:\n  ${plan.join('\n  ')}`;
    assert.equal(
      res.filterPushdown,
      true,
      `not pushed down (is the running FerretDB the patched build? ${RESTART}): ${shown}`,
    );
    assert.ok(
      plan.some((l) => /^SEARCH .* USING (COVERING )?INDEX /.test(l)),
      `no index search: ${shown}`,
    );
    assert.ok(!plan.some((l) => /^SCAN /.test(l)), `full scan: ${shown}`);
    if (q.count) assert.equal(res.countPushdown, true, `not an exact SQL COUNT (${RESTART}): ${shown}`);
  });
});
