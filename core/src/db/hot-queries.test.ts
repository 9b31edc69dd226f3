import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { Schema } from 'mongoose';
import * as alerts from '../alerts/store.js';
import * as complaints from '../complaints/schemas.js';
import * as credit from '../credit/schemas.js';
import * as documents from '../documents/store.js';
import * as exit from '../exit/schemas.js';
import * as intake from '../intake/schemas.js';
import * as metrics from '../metrics/store.js';
import * as outbox from '../notify/outbox.js';
import * as scorecards from '../scorecards/schemas.js';
import * as workflow from '../workflow/schemas.js';
import * as core from './schemas.js';
import { HOT_QUERIES, type HotQuery } from './hot-queries.js';

type IndexKeys = string[];

/** Every declared index per collection, read from the schemas the model registry registers (no database). */
function declaredIndexes(): Map<string, IndexKeys[]> {
  const out = new Map<string, IndexKeys[]>();
  for (const mod of [core, complaints, workflow, outbox, credit, exit, intake, metrics, scorecards, alerts, documents])
    for (const s of Object.values<unknown>(mod)) {
      if (!(s instanceof Schema)) continue;
      const collection = s.get('collection') as string | undefined;
      if (!collection) continue;
      const keys = s.indexes().map(([fields]) => Object.keys(fields));
      out.set(collection, [...(out.get(collection) ?? [['_id']]), ...keys]);
    }
  return out;
}

const isOperator = (v: unknown) =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => k.startsWith('$'));

/** Why no declared index serves `q` (its equality fields as the prefix, then its range field), or null. */
function unserved(q: HotQuery, indexes: Map<string, IndexKeys[]>): string | null {
  const declared = indexes.get(q.collection);
  if (!declared) return `no schema declares the collection ${q.collection}`;
  const fields = Object.keys(q.filter);
  if (fields.some((f) => f.startsWith('$') || f.includes('.')))
    return 'a top-level operator or a nested field cannot be indexed: restructure the query';
  const equality = fields.filter((f) => {
    const v = q.filter[f];
    return !isOperator(v) || Object.keys(v as object).every((k) => k === '$in' || k === '$eq');
  });
  const ranges = fields.filter((f) => !equality.includes(f));
  if (ranges.length > 1) return `more than one range (${ranges.join(', ')})`;
  if (equality.includes('_id')) return null;
  const want = new Set(equality);
  const next = ranges[0] ?? (equality.length ? undefined : Object.keys(q.sort ?? {})[0]);
  const ok = declared.some(
    (keys) =>
      keys.length >= want.size &&
      keys.slice(0, want.size).every((k) => want.has(k)) &&
      (next === undefined || keys[want.size] === next),
  );
  if (!fields.length && next === undefined) return 'an unfiltered, unsorted read scans everything';
  return ok ? null : `no index starts with {${[...want, ...(next ? [next] : [])].join(', ')}}`;
}

describe('hot queries', () => {
  const indexes = declaredIndexes();

  it('every hot query has a declared index whose prefix is its equality fields, then its range or sort field', () => {
    const missing = HOT_QUERIES.map((q) => [q.name, unserved(q, indexes)]).filter(([, why]) => why);
    assert.deepEqual(missing, []);
  });

  it('the check refuses queries no index serves (so a new query needs its index)', () => {
    const q = (filter: Record<string, unknown>, sort?: HotQuery['sort']): HotQuery => ({
      name: 'x',
      collection: 'complaints',
      filter,
      sort,
    });
    assert.match(unserved(q({ summary: 'x' }), indexes)!, /no index starts with \{summary\}/);
    assert.match(unserved(q({ kind: 'x', channel: 'y' }), indexes)!, /no index/);
    assert.match(unserved(q({ kind: 'x', receivedAt: { $gte: 1 }, dueAt: { $lt: 2 } }), indexes)!, /more than one/);
    assert.match(unserved(q({ $or: [{ status: 'open' }] }), indexes)!, /restructure/);
    assert.match(unserved(q({ 'replies.verdict': 'pending' }), indexes)!, /restructure/);
    assert.match(unserved(q({}, { summary: 1 }), indexes)!, /no index/);
    assert.equal(unserved(q({ partnerId: 'p', status: { $in: ['open'] } }), indexes), null);
    assert.equal(unserved({ ...q({}), collection: 'nowhere' }, indexes), 'no schema declares the collection nowhere');
  });

  it('names are unique (the explain test reports by name)', () => {
    assert.equal(new Set(HOT_QUERIES.map((q) => q.name)).size, HOT_QUERIES.length);
  });
});
