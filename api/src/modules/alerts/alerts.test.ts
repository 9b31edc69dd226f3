import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { startTestApi, type TestApi } from '../../../test/support.js';

describe('programme alert settings api (real FerretDB + Redis)', () => {
  let api: TestApi;
  let admin: string;
  let programmeId: string;
  const secret = randomBytes(24).toString('hex');
  /** a plain staff user's token (issue #20: a staff token must name a live account) */
  let staffJwt: string;
  const url = () => `/api/v1/programmes/${programmeId}/alert-settings`;
  const put = (body: unknown, token = admin) => api.call('PUT', url(), { body, token });
  const valid = {
    rooms: ['甲项目值班群', '甲项目主管群'],
    contacts: ['王经理'],
    quietHours: { start: '22:00', end: '08:00' },
    rev: 0,
    reason: '甲项目告警改由项目群接收',
  };

  before(async () => {
    api = await startTestApi({ HUOBAN_JWT_SECRET: secret });
    admin = await api.staffToken();
    programmeId = (await api.call('GET', '/api/v1/programmes', { token: admin })).body[0].id;
    const user = { username: 'alerts-staff', password: 'password-123' };
    const made = await api.call('POST', '/api/v1/intake/staff-users', {
      token: admin,
      body: { ...user, role: 'staff', displayName: '普通员工' },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    staffJwt = (await api.call('POST', '/api/v1/auth/staff/login', { body: user })).body.accessToken;
  });
  after(async () => {
    await api?.close();
  });

  it('a programme without settings reads as not configured: env recipients, no quiet hours, default window offered', async () => {
    const r = await api.call('GET', url(), { token: staffJwt });
    assert.equal(r.status, 200);
    assert.equal(r.body.configured, false);
    assert.equal(r.body.rev, 0);
    assert.deepEqual([r.body.rooms, r.body.contacts, r.body.quietHours], [[], [], null]);
    assert.deepEqual(r.body.defaultQuietHours, { start: '23:00', end: '08:00' });
    assert.deepEqual(r.body.urgentKinds, ['sla-breach', 'partner-suspended', 'exit-deadline']);
    assert.ok(r.body.heldKinds.includes('sla-warning') && r.body.heldKinds.includes('recruitment'));
  });

  it('PUT by a staff member who is not an admin is refused with 403 and changes nothing', async () => {
    const r = await put(valid, staffJwt);
    assert.equal(r.status, 403);
    assert.equal((await api.call('GET', url(), { token: admin })).body.configured, false);
  });

  it('PUT refuses bad input with 400 naming the field: empty topic, bad HH:mm, start equal to end, no reason', async () => {
    const cases: [unknown, RegExp][] = [
      [{ ...valid, rooms: ['  '] }, /rooms/],
      [{ ...valid, quietHours: { start: '22:00', end: '8:00' } }, /"quietHours\.end":\["须为 HH:mm/],
      [{ ...valid, quietHours: { start: '24:00', end: '08:00' } }, /"quietHours\.start":\["须为 HH:mm/],
      [{ ...valid, quietHours: { start: '08:00', end: '08:00' } }, /quietHours\.end 不能与开始时间相同/],
      [{ ...valid, rooms: ['甲', '甲'] }, /rooms\[1\] 重复/],
      [{ ...valid, reason: '' }, /reason/],
      [{ ...valid, rev: -1 }, /rev/],
      [{ ...valid, contacts: 'x' }, /contacts/],
      [{ ...valid, digestAfter: 0 }, /digestAfter/],
      [{ ...valid, digestAfter: 2.5 }, /digestAfter/],
    ];
    for (const [body, message] of cases) {
      const r = await put(body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(JSON.stringify([r.body.message, r.body.fields]), message, JSON.stringify(r.body));
    }
    assert.equal((await api.call('GET', url(), { token: admin })).body.configured, false);
  });

  it('an admin saves the settings; GET shows them; the change is audited with who, when, before, after and why', async () => {
    const r = await put(valid);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.configured, true);
    assert.equal(r.body.rev, 1);
    const got = (await api.call('GET', url(), { token: staffJwt })).body;
    assert.deepEqual([got.rooms, got.contacts, got.quietHours], [valid.rooms, valid.contacts, valid.quietHours]);
    assert.equal(got.reason, valid.reason);
    assert.equal(got.updatedBy.name, r.body.updatedBy.name);
    const audit = await api.call('GET', `/api/v1/audit?entity=programme&entityId=${programmeId}`, { token: admin });
    const entry = audit.body.items.find((e: { action: string }) => e.action === 'alert_settings.updated');
    assert.ok(entry, JSON.stringify(audit.body));
    assert.equal(entry.reason, valid.reason);
    assert.equal(entry.before ?? null, null, 'no settings before');
    assert.deepEqual(entry.after, {
      rooms: valid.rooms,
      contacts: valid.contacts,
      quietHours: valid.quietHours,
      digestAfter: 5,
      rev: 1,
    });
    assert.equal(entry.actor.role, 'admin');
    assert.ok(Date.parse(entry.at) > Date.now() - 60_000);
  });

  it('a change over a stale revision is a 409; over the current one it records before and after; omitted quiet hours get 23:00–08:00', async () => {
    assert.equal((await put({ ...valid, rev: 0, rooms: ['另一个群'] })).status, 409);
    const r = await put({ rooms: ['甲项目值班群'], contacts: [], rev: 1, reason: '去掉主管群' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.quietHours, { start: '23:00', end: '08:00' });
    const audit = await api.call('GET', `/api/v1/audit?entity=programme&entityId=${programmeId}`, { token: admin });
    const entries = audit.body.items.filter((e: { action: string }) => e.action === 'alert_settings.updated');
    assert.equal(entries.length, 2);
    assert.deepEqual(entries[1].before.rooms, valid.rooms);
    assert.deepEqual(entries[1].after.rooms, ['甲项目值班群']);
    const off = await put({ rooms: [], contacts: [], quietHours: null, rev: 2, reason: '关闭免打扰' });
    assert.equal(off.body.quietHours, null);
    assert.equal(off.body.digestAfter, 5, 'the default digest threshold');
    const digest = await put({ rooms: [], contacts: [], digestAfter: 12, rev: 3, reason: '告警群可承受更多单条通知' });
    assert.equal(digest.status, 200, JSON.stringify(digest.body));
    assert.equal((await api.call('GET', url(), { token: staffJwt })).body.digestAfter, 12);
  });

  it('20 identical and 20 competing saves over one revision: exactly one applied, one audit entry, the rest 409', async () => {
    const auditCount = async () =>
      (
        await api.call('GET', `/api/v1/audit?entity=programme&entityId=${programmeId}`, { token: admin })
      ).body.items.filter((e: { action: string }) => e.action === 'alert_settings.updated').length;
    for (const competing of [false, true]) {
      const { rev } = (await api.call('GET', url(), { token: admin })).body;
      const auditsBefore = await auditCount();
      const bodies = Array.from({ length: 20 }, (_, i) => ({
        rooms: [competing ? `竞争群${i}` : '同一个群'],
        contacts: [],
        rev,
        reason: competing ? `第${i}次修改` : '同一次修改',
      }));
      const answers = await Promise.all(bodies.map((b) => put(b)));
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(statuses, [200, ...Array(19).fill(409)], JSON.stringify(statuses));
      const winner = answers.find((a) => a.status === 200)!.body;
      const stored = (await api.call('GET', url(), { token: admin })).body;
      assert.equal(stored.rev, rev + 1);
      assert.deepEqual(stored.rooms, winner.rooms);
      assert.equal((await auditCount()) - auditsBefore, 1);
    }
  });

  it('issue #19: WeCom robots are saved with channels; the key is never answered (masked), kept, replaced or removed', async () => {
    const key = '693a91f6-7000-4bc4-97a0-0ec2a1fa5aaa';
    const key2 = '00000000-1111-2222-3333-44444444beef';
    const seen: string[] = [];
    const call = async (method: string, body?: unknown) => {
      const r = await api.call(method, url(), { token: admin, ...(body ? { body } : {}) });
      seen.push(JSON.stringify(r.body));
      return r;
    };
    let { rev } = (await call('GET')).body;
    const bad = await call('PUT', {
      rooms: [],
      contacts: [],
      channels: ['wecom'],
      wecomRobots: [],
      rev,
      reason: '只用企业微信',
    });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /须至少配置一个机器人/);
    const badKey = await call('PUT', {
      rooms: [],
      contacts: [],
      wecomRobots: [{ name: '值班机器人', key: `${key}<>` }],
      rev,
      reason: '坏密钥',
    });
    assert.equal(badKey.status, 400);
    assert.match(JSON.stringify(badKey.body), /wecomRobots\[0\]\.key 格式不正确/);
    const saved = await call('PUT', {
      rooms: ['甲项目值班群'],
      contacts: [],
      channels: ['wechat', 'wecom'],
      wecomRobots: [{ name: '值班机器人', key: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}` }],
      rev,
      reason: '加企业微信机器人',
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body.channels, ['wechat', 'wecom']);
    const [robot] = saved.body.wecomRobots;
    assert.deepEqual([robot.name, robot.keyHint], ['值班机器人', '****5aaa']);
    rev = saved.body.rev;
    // a save without a key keeps it; renaming keeps it too
    const renamed = await call('PUT', {
      rooms: ['甲项目值班群'],
      contacts: [],
      wecomRobots: [{ id: robot.id, name: '告警机器人' }],
      rev,
      reason: '改名',
    });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.deepEqual(renamed.body.wecomRobots, [{ id: robot.id, name: '告警机器人', keyHint: '****5aaa' }]);
    const replaced = await call('PUT', {
      rooms: ['甲项目值班群'],
      contacts: [],
      channels: ['wecom'],
      wecomRobots: [{ id: robot.id, name: '告警机器人', key: key2 }],
      rev: rev + 1,
      reason: '换密钥',
    });
    assert.equal(replaced.status, 200);
    assert.deepEqual([replaced.body.channels, replaced.body.wecomRobots[0].keyHint], [['wecom'], '****beef']);
    const removed = await call('PUT', {
      rooms: ['甲项目值班群'],
      contacts: [],
      channels: ['wechat'],
      wecomRobots: [],
      rev: rev + 2,
      reason: '删除机器人',
    });
    assert.deepEqual([removed.status, removed.body.wecomRobots], [200, []]);
    const audit = await call('GET', undefined);
    const trail = await api.call('GET', `/api/v1/audit?entity=programme&entityId=${programmeId}`, { token: admin });
    seen.push(JSON.stringify(trail.body), JSON.stringify(audit.body));
    const entry = trail.body.items.find((e: { reason: string }) => e.reason === '换密钥');
    assert.deepEqual(entry.before.wecomRobots, [{ id: robot.id, name: '告警机器人', keyHint: '****5aaa' }]);
    assert.deepEqual(entry.after.wecomRobots, [{ id: robot.id, name: '告警机器人', keyHint: '****beef' }]);
    for (const body of seen) assert.ok(!body.includes(key) && !body.includes(key2), 'a key was answered');
  });

  it('an unknown programme is a 404; a partner cannot read the settings', async () => {
    const missing = '0123456789abcdef01234567';
    assert.equal((await api.call('GET', `/api/v1/programmes/${missing}/alert-settings`, { token: admin })).status, 404);
    assert.equal(
      (await api.call('PUT', `/api/v1/programmes/nope/alert-settings`, { body: valid, token: admin })).status,
      404,
    );
    const partner = new JwtService({ secret }).sign({ sub: 'u-p', role: 'partner', name: '伙伴', partnerId: 'p1' });
    assert.equal((await api.call('GET', url(), { token: partner })).status, 403);
  });
});
