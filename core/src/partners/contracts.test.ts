import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { Types, type Connection } from 'mongoose';
import { featureTestbed, type FeatureTestbed } from '../../test/feature-testbed.js';
import type { Repositories } from '../db/repositories.js';
import { SYSTEM_ACTOR } from '../db/types.js';
import { connectCore } from '../root.js';
import { connectScorecards } from '../scorecards/feature.js';
import { LEGACY_INTAKE_CONTRACTS, migrateContracts } from './migrate-contracts.js';

const staff = { type: 'user', id: 'u1', role: 'staff', name: '运营' };

describe('one contract per partner: migration of the contracts stored before (real FerretDB)', () => {
  let bed: FeatureTestbed;
  let conn: Connection;
  let repos: Repositories;

  before(async () => {
    bed = await featureTestbed('contracts');
    ({ conn, repos } = bed);
  });
  after(() => bed.close());

  it('FT-16 intake contracts and staff-typed contracts merge into one record per partner, once; the renewal check reads them', async () => {
    const partner = async (code: string) =>
      (await repos.partners.create({ code: `${code}${bed.id}`, name: `${code} 伙伴`, programmeId: bed.programmeId }))!;
    const [signedOnly, both, typedOnly] = [await partner('S'), await partner('B'), await partner('T')];
    const legacy = conn.db!.collection(LEGACY_INTAKE_CONTRACTS);
    const intakeContract = (p: { id: string }, app: string, termEnd: string) => ({
      applicationId: app,
      partnerId: new Types.ObjectId(p.id),
      template: '行业拓展服务商合作协议（标准模板）',
      termStart: '2026-10-01',
      termEnd,
      products: ['和包食堂'],
      signedAt: new Date('2026-09-25T02:00:00Z'),
      signedBy: staff,
    });
    await legacy.insertMany([
      intakeContract(signedOnly, 'app-s', '2027-09-30'),
      intakeContract(both, 'app-b', '2027-09-30'),
    ]);
    // the older staff-typed contracts (no term start, no products): one corrects the signed end date
    const typed = conn.db!.collection('partner_contracts');
    for (const [p, endsAt] of [
      [both, '2027-10-31'],
      [typedOnly, '2027-06-30'],
    ] as const)
      await typed.insertOne({
        partnerId: new Types.ObjectId(p.id),
        signedAt: '2025-07-01',
        endsAt,
        certificatesValidUntil: null,
        meetsQualification: true,
        actor: SYSTEM_ACTOR,
      });

    assert.deepEqual(await migrateContracts(conn), { read: 2, created: 1, completed: 2 });
    assert.deepEqual(
      await migrateContracts(conn),
      { read: 2, created: 0, completed: 0 },
      'a second run changes nothing',
    );

    const s = (await repos.contracts.get(signedOnly.id))!;
    assert.deepEqual(
      [s.applicationId, s.signedAt, s.termStart, s.endsAt, s.products],
      ['app-s', '2026-09-25', '2026-10-01', '2027-09-30', ['和包食堂']],
    );
    const b = (await repos.contracts.get(both.id))!;
    assert.deepEqual(
      [b.applicationId, b.signedAt, b.termStart, b.endsAt, b.products],
      ['app-b', '2025-07-01', '2026-10-01', '2027-10-31', ['和包食堂']],
      'the staff-typed dates stay; signing fills the gaps',
    );
    const t = (await repos.contracts.get(typedOnly.id))!;
    assert.deepEqual([t.applicationId, t.termStart, t.endsAt, t.products], [null, '2025-07-01', '2027-06-30', []]);
    assert.equal(await conn.db!.collection('partner_contracts').countDocuments({}), 3);
    const migratedAudit = (await repos.audit.find({ entity: 'partner' })).filter(
      (e) => e.action === 'partner.contract_migrated',
    );
    assert.equal(migratedAudit.length, 2);

    // FT-16 reads the merged record: the partner signed through intake only gets its review on 2027-08-30
    const sc = await connectScorecards(connectCore(conn, { notifier: bed.notifier }));
    await sc.renewals.check(new Date('2027-08-29T16:00:00Z'));
    const reviewed = (await sc.renewals.list({})).items.map((r) => [r.partnerId, r.endsAt]);
    assert.deepEqual(reviewed, [[signedOnly.id, '2027-09-30']]);
  });
});
