import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { Types, type Connection } from 'mongoose';
import { featureTestbed, type FeatureTestbed } from '../../test/feature-testbed.js';
import { backfillDueFlags } from './backfill.js';
import { MIGRATION, MIGRATIONS_COLLECTION, runMigrationOnce } from './migrations.js';

describe('data migrations run once per database (issue #17 review; real FerretDB)', () => {
  let bed: FeatureTestbed;
  let conn: Connection;

  before(async () => {
    bed = await featureTestbed('migrations');
    ({ conn } = bed);
  });
  after(() => bed.close());

  it('the first start backfills and records a done-marker by _id; a later start reads the marker and scans nothing', async () => {
    const accounts = conn.db!.collection('credit_accounts');
    const first = new Types.ObjectId();
    await accounts.insertOne({ _id: first, status: 'active', firstMonth: '2026-09', lastClosedMonth: null });
    const at = new Date('2026-12-01T00:00:00Z');

    const report = await runMigrationOnce(conn, MIGRATION.dueFlags, () => backfillDueFlags(conn), at);
    assert.deepEqual(report, { notices: 0, exitCases: 0, creditAccounts: 1 });
    const marker = await conn.db!.collection(MIGRATIONS_COLLECTION).findOne({ _id: MIGRATION.dueFlags as never });
    assert.deepEqual([marker?.doneAt, marker?.report], [at, report]);

    // a document without its flag now: a second start does not run the migration (so it does not scan)
    const later = new Types.ObjectId();
    await accounts.insertOne({ _id: later, status: 'active', firstMonth: '2026-10', lastClosedMonth: null });
    let ran = 0;
    const again = await runMigrationOnce(conn, MIGRATION.dueFlags, () => (ran++, backfillDueFlags(conn)));
    assert.equal(again, null);
    assert.equal(ran, 0);
    assert.equal((await accounts.findOne({ _id: later }))?.closeDue, undefined);
    assert.equal(await conn.db!.collection(MIGRATIONS_COLLECTION).countDocuments({}), 1);
  });

  it('a migration that fails leaves no marker and runs again at the next start', async () => {
    await assert.rejects(
      runMigrationOnce(conn, 'failing', async () => Promise.reject(new Error('interrupted'))),
      /interrupted/,
    );
    assert.equal(await runMigrationOnce(conn, 'failing', async () => 'done'), 'done');
    assert.equal(await runMigrationOnce(conn, 'failing', async () => 'again'), null);
  });
});
