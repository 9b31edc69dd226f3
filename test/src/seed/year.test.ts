import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connectMongo, coreEnv } from '@huoban/core';
import { seedYear } from './year.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- documents are read back field by field */
const until = new Date('2026-06-30T16:00:00Z');
const database = (name: string) => {
  const url = new URL(coreEnv().mongoUrl);
  url.pathname = `/huoban_seedtest_${name}_${randomBytes(3).toString('hex')}`;
  return url.toString();
};

describe('npm run seed', () => {
  it('writes the same year for the same seed and day, every complaint step an applied claim with its audit entry', async () => {
    const conns = await Promise.all(['a', 'b'].map((x) => connectMongo(database(x))));
    try {
      for (const conn of conns) await seedYear(conn, { seed: 5, scale: 0.01, until, closes: 2 });
      const [a, b] = await Promise.all(
        conns.map((c) => c.db!.collection('complaints').find({}).sort({ _id: 1 }).toArray()),
      );
      assert.equal(a.length, 600);
      assert.deepEqual(a, b);

      const db = conns[0].db!;
      const claims = await db.collection('workflow_claims').find({}).toArray();
      const audit = new Set(
        (
          await db
            .collection('audit_log')
            .find({}, { projection: { _id: 1 } })
            .toArray()
        ).map((d) => String(d._id)),
      );
      const seq = new Set((await db.collection('sequence_claims').find({}).toArray()).map((d) => String(d._id)));
      const breaches = new Set((await db.collection('sla_breaches').find({}).toArray()).map((d) => String(d._id)));
      const scoreKeys = new Set(
        (await db.collection('score_events').find({}).toArray()).map((d: any) => d.idempotencyKey),
      );
      const perComplaint = new Map<string, number[]>();
      for (const c of claims) {
        assert.equal(c.state, 'applied');
        assert.equal(c._id, `complaint-${c.entityId}-r${c.rev}`);
        assert.ok(audit.has(String(c._id)), `audit entry of ${c._id}`);
        perComplaint.set(c.entityId, [...(perComplaint.get(c.entityId) ?? []), c.rev]);
      }
      for (const c of a as any[]) {
        const id = String(c._id);
        // revisions 0..rev-1 each claimed once: the transition primitive's invariant
        assert.deepEqual(
          (perComplaint.get(id) ?? []).sort((x, y) => x - y),
          [...Array(c.rev).keys()],
        );
        assert.ok(audit.has(`complaint-${id}-registered`));
        const [, day, n] = /^TS-(\d{8})-(\d{4})$/.exec(c.no)!;
        assert.ok(seq.has(`complaint-${day}-${Number(n)}`), `sequence claim of ${c.no}`);
        assert.equal(breaches.has(id), c.breachedAt !== null);
        if (c.breachedAt) assert.ok(audit.has(`audit-breach-${id}`) && c.slaSettled);
        if (c.breachedAt && c.kind === 'ordinary') assert.ok(scoreKeys.has(`FT-12-late-${id}`));
      }
      // every intake state, and the month closes through the ledger
      const states = await db.collection('intake_applications').distinct('status');
      assert.equal(states.length, 12);
      assert.ok((await db.collection('credit_closes').countDocuments({})) > 0);
    } finally {
      for (const conn of conns) {
        await conn.dropDatabase();
        await conn.close();
      }
    }
  }, 600_000);
});
