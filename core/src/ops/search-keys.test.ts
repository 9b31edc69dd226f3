import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { Types, type Connection } from 'mongoose';
import { featureTestbed, type FeatureTestbed } from '../../test/feature-testbed.js';
import { backfillSearchKeys } from './search-keys.js';

describe('#18 search keys on documents stored before the console tables (real FerretDB)', () => {
  let bed: FeatureTestbed;
  let conn: Connection;

  before(async () => {
    bed = await featureTestbed('search-keys');
    ({ conn } = bed);
  });
  after(() => bed.close());

  it('#18 old partners, users, applications and objections get their normalized keys, recruitment and company; once', async () => {
    const db = conn.db!;
    const [partner, user, app, meeting, objection] = Array.from({ length: 5 }, () => new Types.ObjectId());
    const recruitmentId = new Types.ObjectId();
    await db.collection('partners').insertOne({ _id: partner, code: 'AbC-01', name: '华南 Ｔｅｃｈ 有限公司' });
    await db.collection('users').insertOne({ _id: user, username: 'Ops.Lead', displayName: '张 三' });
    await db
      .collection('intake_applications')
      .insertOne({ _id: app, company: { name: 'ACME 餐饮' }, creditCode: '91440300X' });
    await db.collection('intake_meetings').insertOne({ _id: meeting, recruitmentId });
    await db
      .collection('intake_objections')
      .insertOne({ _id: objection, meetingId: meeting, applicationId: app.toHexString(), text: '异议' });

    assert.deepEqual(await backfillSearchKeys(conn), { partners: 1, users: 1, applications: 1, objections: 1 });

    const p = await db.collection('partners').findOne({ _id: partner });
    assert.deepEqual([p!.nameKey, p!.codeKey], ['华南tech有限公司', 'abc-01']);
    const u = await db.collection('users').findOne({ _id: user });
    assert.deepEqual([u!.usernameKey, u!.nameKey, u!.disabled], ['ops.lead', '张三', false]);
    assert.equal((await db.collection('intake_applications').findOne({ _id: app }))!.companyKey, 'acme餐饮');
    const o = await db.collection('intake_objections').findOne({ _id: objection });
    assert.deepEqual([String(o!.recruitmentId), o!.companyName], [String(recruitmentId), 'ACME 餐饮']);

    assert.deepEqual(await backfillSearchKeys(conn), { partners: 0, users: 0, applications: 0, objections: 0 }, 'once');
  });
});
