import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { featureTestbed, type FeatureTestbed } from '../../test/feature-testbed.js';
import { toStaffUserRow } from './users.repository.js';

describe('UserRepository.list: the review console staff list (real FerretDB)', () => {
  let bed: FeatureTestbed;
  before(async () => {
    bed = await featureTestbed('users-list');
  });
  after(() => bed.close());

  it('answers every user by username, as the raw read of the users collection did', async () => {
    const users = bed.conn.db!.collection('users');
    await users.insertMany([
      { username: 'zhao', role: 'staff', team: '运营', createdAt: new Date('2026-01-02T00:00:00Z') },
      { username: 'Admin', role: 'admin', disabled: true, createdAt: new Date('2026-01-01T00:00:00Z') },
      {
        username: 'li',
        role: 'reviewer',
        displayName: '李四',
        affiliation: { companyName: '外部评审公司' },
        createdAt: new Date('2026-01-03T00:00:00Z'),
      },
      { username: 'qian', role: 'committee', createdAt: new Date('2026-01-04T00:00:00Z') },
    ]);
    const raw = (await users.find().sort({ username: 1 }).limit(1000).toArray()).map(toStaffUserRow);
    const listed = await bed.repos.users.list();
    assert.deepEqual(listed, raw);
    assert.deepEqual(
      listed.map((u) => u.username),
      ['Admin', 'li', 'qian', 'zhao'],
    );
    assert.deepEqual(
      (await bed.repos.users.list(2)).map((u) => u.username),
      ['Admin', 'li'],
    );
  });
});
