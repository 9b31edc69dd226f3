import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import mongoose, { Types } from 'mongoose';
import { featureTestbed, type FeatureTestbed } from '../../test/feature-testbed.js';
import { coreEnv } from '../config.js';
import { SYSTEM_ACTOR } from '../db/types.js';
import { connectCore } from '../root.js';
import { connectScorecards } from './feature.js';

describe('FT-16 the daily renewal check reviews each contract once (issue #16, real FerretDB)', () => {
  let bed: FeatureTestbed;
  before(async () => {
    bed = await featureTestbed('renewal-check');
  });
  after(() => bed.close());

  it('FT-16 a contract reviewed on an earlier run is not reviewed again: its inputs are not read again; contracts ending later are not read', async () => {
    const partners = [];
    for (const code of ['R1', 'R2', 'R3', 'L1', 'L2'])
      partners.push(
        (await bed.repos.partners.create({
          code: `${code}${bed.id}`,
          name: `${code} 伙伴`,
          programmeId: bed.programmeId,
        }))!,
      );
    await bed.conn.db!.collection('partner_contracts').insertMany(
      partners.map((p, i) => ({
        partnerId: new Types.ObjectId(p.id),
        signedAt: '2025-10-01',
        endsAt: i < 3 ? '2026-09-30' : '2027-09-30',
        certificatesValidUntil: null,
        meetsQualification: true,
        actor: SYSTEM_ACTOR,
      })),
    );
    const now = new Date('2026-09-10T01:00:00Z');
    const sc = await connectScorecards(connectCore(bed.conn, { notifier: bed.notifier }));
    assert.deepEqual(await sc.renewals.check(now), { due: 3, recorded: 3 });

    // the next day's run on a connection that reports every command it sends
    const url = new URL(coreEnv().mongoUrl);
    url.pathname = `/${bed.conn.name}`;
    const watched = await mongoose.createConnection(url.toString(), { monitorCommands: true }).asPromise();
    try {
      const again = await connectScorecards(connectCore(watched, { notifier: bed.notifier }));
      const read: string[] = [];
      let contracts = 0;
      watched.getClient().on('commandSucceeded', (e) => {
        const cursor = (e.reply as { cursor?: { ns?: string; firstBatch?: unknown[] } }).cursor;
        if (cursor?.ns?.endsWith('.partner_contracts')) contracts += cursor.firstBatch?.length ?? 0;
      });
      watched.getClient().on('commandStarted', (e) => {
        if (['find', 'insert', 'aggregate'].includes(e.commandName))
          read.push(`${e.commandName} ${e.command[e.commandName]}`);
      });
      assert.deepEqual(await again.renewals.check(new Date('2026-09-11T01:00:00Z')), { due: 3, recorded: 0 });
      // the contracts, their reviews (one read) and their partners: no scores, tables or documents read again
      assert.deepEqual([...new Set(read)].sort(), ['find partner_contracts', 'find partners', 'find renewal_reviews']);
      assert.equal(read.filter((r) => r === 'find renewal_reviews').length, 1);
      assert.equal(contracts, 3, 'only the contracts ending within a month are read');
    } finally {
      await watched.close();
    }
    assert.equal((await sc.renewals.list({})).items.length, 3);
  });
});
