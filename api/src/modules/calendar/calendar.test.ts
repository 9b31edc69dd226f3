import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { startTestApi, type TestApi } from '../../../test/support.js';

describe('calendar contract (/api/v1/calendar)', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  const get = (path: string) => api.call('GET', `/api/v1/calendar/${path}`);

  it('WT-4 sla-deadline: raised 22:00 is due 19:00 next day', async () => {
    const r = await get(`sla-deadline?start=${encodeURIComponent('2026-11-23T22:00:00+08:00')}&hours=12`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { dueAt: '2026-11-24T11:00:00.000Z' });
  });

  it('WT-4 sla-deadline: raised 02:00 starts at 08:00 and is due 20:00', async () => {
    const r = await get(`sla-deadline?start=${encodeURIComponent('2026-11-23T02:00:00+08:00')}&hours=12`);
    assert.deepEqual(r.body, { dueAt: '2026-11-23T12:00:00.000Z' });
  });

  it('WT-3a sla-deadline: 11:00 + 12 h is 23:00 the same day', async () => {
    const r = await get(`sla-deadline?start=2026-11-23T03:00:00Z&hours=12`);
    assert.deepEqual(r.body, { dueAt: '2026-11-23T15:00:00.000Z' });
  });

  it('WT-3a an unencoded + offset (read as a space) is still understood', async () => {
    const r = await get(`sla-deadline?start=2026-11-23T11:00:00+08:00&hours=12`);
    assert.deepEqual(r.body, { dueAt: '2026-11-23T15:00:00.000Z' });
  });

  it('WT-2 working-day-deadline: 3 working days after Friday 2026-09-25 skip the weekend', async () => {
    const r = await get(`working-day-deadline?start=${encodeURIComponent('2026-09-25T10:00:00+08:00')}&days=3`);
    assert.equal(r.status, 200);
    // Mon 28, Tue 29, Wed 30 September 2026
    assert.deepEqual(r.body, { dueAt: '2026-09-30T15:59:59.999Z', provisional: false });
  });

  it('WT-1 working-day-deadline across the 2026 National Day holiday', async () => {
    const r = await get(`working-day-deadline?start=${encodeURIComponent('2026-09-30T09:00:00+08:00')}&days=1`);
    assert.equal(r.status, 200);
    const due = new Date(r.body.dueAt);
    assert.ok(
      due.getTime() > Date.parse('2026-10-07T16:00:00Z'),
      `due ${r.body.dueAt} must be after the Golden Week holiday`,
    );
    assert.equal(r.body.provisional, false);
  });

  it('WT-1 a deadline in a year without official data is provisional', async () => {
    const r = await get(`working-day-deadline?start=${encodeURIComponent('2031-03-02T09:00:00+08:00')}&days=2`);
    assert.equal(r.status, 200);
    assert.equal(r.body.provisional, true);
  });

  it('WT-5 roll: 2026-10-01 (National Day) rolls to the next working day', async () => {
    const r = await get('roll?date=2026-10-01');
    assert.equal(r.status, 200);
    assert.ok(r.body.date > '2026-10-07', r.body.date);
    assert.deepEqual((await get('roll?date=2026-11-23')).body, { date: '2026-11-23' });
  });

  for (const [path, field] of [
    ['sla-deadline?hours=12', 'start'],
    ['sla-deadline?start=yesterday&hours=12', 'start'],
    ['sla-deadline?start=2026-02-30T10:00:00%2B08:00&hours=12', 'start'],
    ['sla-deadline?start=2026-11-23T10:00:00%2B08:00', 'hours'],
    ['sla-deadline?start=2026-11-23T10:00:00%2B08:00&hours=-1', 'hours'],
    ['sla-deadline?start=2026-11-23T10:00:00%2B08:00&hours=1e9', 'hours'],
    ['sla-deadline?start=2026-11-23T10:00:00%2B08:00&hours=abc', 'hours'],
    ['working-day-deadline?start=2026-11-23T10:00:00%2B08:00&days=1.5', 'days'],
    ['working-day-deadline?days=2', 'start'],
    ['roll', 'date'],
    ['roll?date=2026-13-01', 'date'],
  ] as const) {
    it(`WT bad input ${path} → 400 naming ${field}`, async () => {
      const r = await get(path);
      assert.equal(r.status, 400);
      assert.match(JSON.stringify([r.body.message, r.body.fields]), new RegExp(field));
    });
  }

  it('WT-1 admin loads a year and company overrides; staff see coverage; partners may not', async () => {
    const token = await api.staffToken();
    const before = await api.call('GET', '/api/v1/calendar/years', { token });
    assert.equal(before.status, 200);
    assert.ok(!before.body.covered.includes(2031));
    const put = await api.call('PUT', '/api/v1/calendar/years/2031', {
      token,
      body: { holidays: ['2031-01-01'], makeupWorkdays: [] },
    });
    assert.equal(put.status, 200);
    assert.ok(put.body.covered.includes(2031));
    const r = await get(`working-day-deadline?start=${encodeURIComponent('2031-03-02T09:00:00+08:00')}&days=2`);
    assert.equal(r.body.provisional, false);
    const bad = await api.call('PUT', '/api/v1/calendar/years/2031', {
      token,
      body: { holidays: ['2030-01-01'], makeupWorkdays: [] },
    });
    assert.equal(bad.status, 400);
    const override = await api.call('PUT', '/api/v1/calendar/overrides/2026-11-23', {
      token,
      body: { workday: false, note: '公司停工' },
    });
    assert.equal(override.status, 200);
    assert.deepEqual((await get('roll?date=2026-11-23')).body, { date: '2026-11-24' });
    const audit = await api.call('GET', '/api/v1/audit?entity=calendar_override&entityId=2026-11-23', { token });
    assert.equal(audit.body.items.length, 1);
    assert.equal(audit.body.items[0].actor.id.length > 0, true);
    const anon = await api.call('PUT', '/api/v1/calendar/overrides/2026-11-24', { body: { workday: false } });
    assert.equal(anon.status, 401);
  });
});
