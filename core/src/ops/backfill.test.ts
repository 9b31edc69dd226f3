import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { Types, type Connection } from 'mongoose';
import { featureTestbed, type FeatureTestbed } from '../../test/feature-testbed.js';
import { OUTBOX_COLLECTION } from '../notify/outbox.js';
import { monthIndex } from '../period/index.js';
import { backfillDueFlags } from './backfill.js';

describe('due flags on documents stored before the bounded sweeps (issue #16; real FerretDB)', () => {
  let bed: FeatureTestbed;
  let conn: Connection;

  before(async () => {
    bed = await featureTestbed('backfill');
    ({ conn } = bed);
  });
  after(() => bed.close());

  it('an old undelivered notice, an unfinished termination and an open credit month are found again; once', async () => {
    const db = conn.db!;
    const at = new Date('2026-11-01T00:00:00Z');
    await db.collection(OUTBOX_COLLECTION).insertMany([
      { _id: `old-open-${bed.id}` as never, deliveredAt: null, createdAt: at },
      { _id: `old-sent-${bed.id}` as never, deliveredAt: at, createdAt: at },
    ]);
    const [unfinished, applied, open] = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];
    await db.collection('exit_cases').insertMany([
      { _id: unfinished, status: 'terminated', effectsAppliedAt: null },
      { _id: applied, status: 'terminated', effectsAppliedAt: at },
      { _id: open, status: 'approval', effectsAppliedAt: null },
    ]);
    const [fresh, closed] = [new Types.ObjectId(), new Types.ObjectId()];
    await db.collection('credit_accounts').insertMany([
      { _id: fresh, status: 'active', firstMonth: '2026-09', lastClosedMonth: null },
      { _id: closed, status: 'active', firstMonth: '2026-01', lastClosedMonth: '2026-10' },
    ]);

    assert.deepEqual(await backfillDueFlags(conn), { notices: 1, exitCases: 1, creditAccounts: 2 });

    const pending = await db.collection(OUTBOX_COLLECTION).find({ pending: true }).toArray();
    assert.deepEqual(
      pending.map((d) => d._id),
      [`old-open-${bed.id}`],
    );
    const due = await db.collection('exit_cases').find({ effectsDue: true }).toArray();
    assert.deepEqual(
      due.map((d) => String(d._id)),
      [String(unfinished)],
    );
    assert.equal(await db.collection('exit_cases').countDocuments({ effectsDue: false }), 2);
    const behind = await db
      .collection('credit_accounts')
      .find({ status: 'active', closeDue: { $lte: monthIndex('2026-10') } })
      .toArray();
    assert.deepEqual(
      behind.map((d) => String(d._id)),
      [String(fresh)],
      'September still open; October closed',
    );
    assert.equal((await db.collection('credit_accounts').findOne({ _id: closed }))!.closeDue, monthIndex('2026-11'));

    assert.deepEqual(await backfillDueFlags(conn), { notices: 0, exitCases: 0, creditAccounts: 0 }, 'once');
  });
});
