import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { checkExitForm, needsReason, staffExitActions } from './exit.js';

describe('申请退出 form (FT-17.3)', () => {
  const ok = { reason: '业务调整', desiredEndOn: '2027-02-28', commitment: true };
  it('FT-17.3 accepts a desired end date on or after the earliest end date', () => {
    assert.deepEqual(checkExitForm(ok, '2027-02-28'), {});
    assert.deepEqual(checkExitForm({ ...ok, desiredEndOn: '2027-03-01' }, '2027-02-28'), {});
  });
  it('FT-17.3 refuses an earlier or malformed date, a missing reason and a missing commitment', () => {
    assert.match(checkExitForm({ ...ok, desiredEndOn: '2027-02-27' }, '2027-02-28').desiredEndOn!, /2027-02-28/);
    assert.ok(checkExitForm({ ...ok, desiredEndOn: '2027-02-30' }, '2027-02-28').desiredEndOn);
    assert.ok(checkExitForm({ ...ok, desiredEndOn: '27-2-28' }, '2027-02-28').desiredEndOn);
    assert.ok(checkExitForm({ ...ok, reason: '  ' }, '2027-02-28').reason);
    assert.ok(checkExitForm({ ...ok, commitment: false }, '2027-02-28').commitment);
  });
});

describe('退出审批 actions (FT-18)', () => {
  it('FT-18 offers only the moves of the flow', () => {
    assert.deepEqual(staffExitActions('requested'), ['precheck', 'start-approval', 'reject']);
    assert.deepEqual(staffExitActions('approval'), ['approve', 'reject']);
    assert.deepEqual(staffExitActions('approved'), ['terminate']);
    assert.deepEqual(staffExitActions('terminated'), []);
    assert.ok(needsReason('approve') && needsReason('reject') && !needsReason('terminate'));
  });
});
