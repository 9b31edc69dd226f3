import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { ROUTES } from '@/routes';
import type { StaffRectification } from '@/services/types';
import { checkIncident, checkText, homeOf, parseRating, rectificationChoices, staffRedirect } from './staff.js';

describe('onboarding rating (FT-12)', () => {
  it('accepts 0..max with at most one decimal', () => {
    assert.deepEqual(parseRating('26.5', 30), { ok: true, value: 26.5 });
    assert.deepEqual(parseRating(' 0 ', 30), { ok: true, value: 0 });
    assert.deepEqual(parseRating('30', 30), { ok: true, value: 30 });
  });
  it('refuses empty, negative, too precise or too high ratings in Chinese', () => {
    assert.deepEqual(parseRating('', 30), { ok: false, error: '请填写评分' });
    assert.deepEqual(parseRating('-1', 30), { ok: false, error: '评分须为 0–30 的数字，最多一位小数' });
    assert.deepEqual(parseRating('12.25', 30), { ok: false, error: '评分须为 0–30 的数字，最多一位小数' });
    assert.deepEqual(parseRating('abc', 30), { ok: false, error: '评分须为 0–30 的数字，最多一位小数' });
    assert.deepEqual(parseRating('30.1', 30), { ok: false, error: '评分不能超过 30 分' });
  });
});

describe('required texts', () => {
  it('names the field when empty or too long', () => {
    assert.equal(checkText('  ', '处理意见', 10), '请填写处理意见');
    assert.equal(checkText('x'.repeat(11), '处理意见', 10), '处理意见不能超过 10 字');
    assert.equal(checkText(' 好 ', '处理意见', 10), '');
  });
});

describe('security incident form (FT-12)', () => {
  const now = Date.parse('2026-11-23T02:00:00Z'); // 10:00 Beijing
  it('turns a Beijing date and time into a UTC instant', () => {
    const r = checkIncident({ level: 'II', description: '数据泄露', date: '2026-08-03', time: '10:00' }, '2026H2', now);
    assert.deepEqual(r, { errors: {}, occurredAt: '2026-08-03T02:00:00.000Z' });
  });
  it('refuses a time outside the half-year or in the future', () => {
    const before = checkIncident({ level: 'I', description: 'x', date: '2026-06-30', time: '23:59' }, '2026H2', now);
    assert.equal(before.errors.occurredAt, '发生时间须在本考核期内');
    assert.equal(before.occurredAt, null);
    const future = checkIncident({ level: 'I', description: 'x', date: '2026-11-23', time: '11:00' }, '2026H2', now);
    assert.equal(future.errors.occurredAt, '发生时间不能晚于当前时间');
  });
  it('lists every missing field', () => {
    const r = checkIncident({ level: '', description: ' ', date: '2026-02-30', time: '10:00' }, '2026H1', now);
    assert.deepEqual(r.errors, {
      level: '请选择事件等级',
      description: '请填写事件描述',
      occurredAt: '发生时间格式不正确',
    });
  });
});

describe('rectification decisions (FT-14)', () => {
  const base: StaffRectification = {
    id: 'r1',
    partnerId: 'p1',
    partnerName: '某某科技',
    programmeId: 'prog1',
    period: '2026H1',
    snapshotId: 's1',
    total: 55,
    threshold: 60,
    openedAt: '2026-07-01T00:00:00.000Z',
    deadline: '2026-08-01T00:00:00.000Z',
    deadlineProvisional: false,
    status: 'open',
    submissions: [],
    decision: null,
    terminationRecommended: false,
    overdue: false,
  };
  const before = Date.parse('2026-07-20T00:00:00Z');
  const after = Date.parse('2026-08-02T00:00:00Z');
  it('passes only a submitted plan', () => {
    assert.deepEqual(rectificationChoices(base, before), { pass: false, fail: false });
    assert.deepEqual(rectificationChoices({ ...base, status: 'submitted' }, before), { pass: true, fail: true });
  });
  it('fails a case without a plan only after the deadline', () => {
    assert.deepEqual(rectificationChoices(base, after), { pass: false, fail: true });
  });
  it('offers nothing once decided', () => {
    assert.deepEqual(rectificationChoices({ ...base, status: 'passed' }, after), { pass: false, fail: false });
    assert.deepEqual(rectificationChoices({ ...base, status: 'failed' }, after), { pass: false, fail: false });
  });
});

describe('staff page guard', () => {
  it('lets staff and admins in, sends partners to their complaints and strangers to login', () => {
    assert.equal(staffRedirect({ role: 'staff' }), '');
    assert.equal(staffRedirect({ role: 'admin' }), '');
    assert.equal(staffRedirect({ role: 'partner' }), '/pages/complaints/index');
    assert.equal(staffRedirect(null), '/pages/login/index');
  });

  it('issue #15 item 1: an applicant lands on its own applications, never on the complaint list', () => {
    assert.equal(homeOf({ role: 'applicant' }), '/packages/intake/pages/my/index');
    assert.equal(staffRedirect({ role: 'applicant' }), '/packages/intake/pages/my/index');
    assert.equal(homeOf({ role: 'partner' }), '/pages/complaints/index');
  });

  it('builds the input pages’ links with the partner and period', () => {
    assert.equal(
      ROUTES.onboarding('p 1', '2026H2'),
      '/packages/staff/pages/onboarding/index?partnerId=p%201&period=2026H2',
    );
    assert.equal(ROUTES.board(), '/packages/staff/pages/board/index');
  });
});
