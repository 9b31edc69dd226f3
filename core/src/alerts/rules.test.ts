import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { NoticeJobData } from '../queues/index.js';
import {
  DEFAULT_QUIET_HOURS,
  NOTICE_URGENCY,
  alertSettingsProblems,
  isUrgent,
  normaliseAlertSettings,
  NOTICE_PRIORITY,
  noticeJobPriority,
  DEFAULT_DIGEST_AFTER,
  parseQuietHoursSetting,
  planNotice,
  type AlertSettings,
} from './rules.js';

const sh = (s: string) => new Date(`${s}+08:00`);
// one fixed instant: two notices built a millisecond apart must still compare equal (a flake in CI otherwise)
const CREATED_AT = '2026-12-01T02:00:00.000Z';
const n = (kind: NoticeJobData['kind'], extra: Partial<NoticeJobData> = {}): NoticeJobData => ({
  noticeId: `n-${kind}`,
  kind,
  audience: 'staff',
  programmeId: 'p1',
  text: '测试',
  createdAt: CREATED_AT,
  ...extra,
});
const settings: AlertSettings = {
  rooms: ['甲项目值班群'],
  contacts: ['张三'],
  quietHours: { start: '22:00', end: '08:00' },
  digestAfter: 8,
  channels: ['wechat'],
  wecomRobots: [],
};

describe('alert rules: urgency, routing, holding', () => {
  it('classes breaches, suspensions and exit deadlines urgent; warnings, digests, recruitments non-urgent', () => {
    for (const k of ['sla-breach', 'partner-suspended', 'exit-deadline'] as const) assert.equal(isUrgent(k), true, k);
    for (const k of ['sla-warning', 'exit-warning', 'digest', 'recruitment', 'generic'] as const)
      assert.equal(isUrgent(k), false, k);
    assert.equal(isUrgent('from-a-newer-producer'), true, 'an unknown kind is never held');
    assert.equal(Object.keys(NOTICE_URGENCY).length, 8);
  });

  it('priorities: urgent (breach, suspension, exit deadline), normal (warnings, steps), routine (recruitments, digests); urgent is taken first', () => {
    assert.deepEqual(Object.entries(NOTICE_PRIORITY).sort(), [
      ['digest', 'routine'],
      ['exit-deadline', 'urgent'],
      ['exit-warning', 'normal'],
      ['generic', 'normal'],
      ['partner-suspended', 'urgent'],
      ['recruitment', 'routine'],
      ['sla-breach', 'urgent'],
      ['sla-warning', 'normal'],
    ]);
    assert.deepEqual(
      ['sla-breach', 'sla-warning', 'recruitment', 'from-a-newer-producer'].map(noticeJobPriority),
      [1, 2, 3, 1],
    );
  });

  it('the programme’s digest threshold is stamped on its notices (default 5 for saved settings), 1–100', () => {
    assert.equal(planNotice(n('sla-breach'), settings, null, sh('2026-12-01T10:00')).digestAfter, 8);
    assert.equal(planNotice(n('sla-breach'), null, null, sh('2026-12-01T10:00')).digestAfter, undefined);
    assert.equal(normaliseAlertSettings({ rooms: [], contacts: [] }).digestAfter, DEFAULT_DIGEST_AFTER);
    assert.deepEqual(alertSettingsProblems({ rooms: [], contacts: [], digestAfter: 0 }), [
      'digestAfter 须为 1–100 的整数',
    ]);
    assert.deepEqual(alertSettingsProblems({ rooms: [], contacts: [], digestAfter: 100 }), []);
  });

  it('a warning created at 23:30 Beijing is held until 08:00 the next day', () => {
    const out = planNotice(n('sla-warning'), settings, null, sh('2026-12-01T23:30'));
    assert.equal(out.holdUntil, sh('2026-12-02T08:00').toISOString());
  });

  it('a breach at 23:30 Beijing is never held', () => {
    assert.equal(planNotice(n('sla-breach'), settings, null, sh('2026-12-01T23:30')).holdUntil, undefined);
  });

  it('a warning at 21:59 goes out at once; at 22:00 it is held', () => {
    assert.equal(planNotice(n('sla-warning'), settings, null, sh('2026-12-01T21:59')).holdUntil, undefined);
    assert.equal(
      planNotice(n('sla-warning'), settings, null, sh('2026-12-01T22:00')).holdUntil,
      sh('2026-12-02T08:00').toISOString(),
    );
  });

  it("stamps the programme's rooms and contacts; a notice naming its own rooms keeps them", () => {
    const out = planNotice(n('sla-breach'), settings, null, sh('2026-12-01T10:00'));
    assert.deepEqual([out.rooms, out.contacts], [['甲项目值班群'], ['张三']]);
    const own = planNotice(n('recruitment', { rooms: ['招募群'] }), settings, null, sh('2026-12-01T10:00'));
    assert.deepEqual([own.rooms, own.contacts], [['招募群'], undefined]);
  });

  it('without settings: no recipients stamped (the bot uses its env ones), env quiet hours or none', () => {
    const night = sh('2026-12-01T23:30');
    assert.deepEqual(planNotice(n('sla-warning'), null, null, night), n('sla-warning'));
    const held = planNotice(n('sla-warning'), null, { start: '23:00', end: '07:00' }, night);
    assert.equal(held.holdUntil, sh('2026-12-02T07:00').toISOString());
    assert.equal(held.rooms, undefined);
  });

  it('settings with quiet hours off hold nothing; settings without recipients keep the env recipients', () => {
    const off = planNotice(
      n('sla-warning'),
      { ...settings, quietHours: null },
      { start: '22:00', end: '08:00' },
      sh('2026-12-01T23:30'),
    );
    assert.equal(off.holdUntil, undefined);
    const noRecipients = planNotice(
      n('sla-breach'),
      { rooms: [], contacts: [], quietHours: null, digestAfter: 5, channels: ['wechat'], wecomRobots: [] },
      null,
      sh('2026-12-01T10:00'),
    );
    assert.equal(noRecipients.rooms, undefined);
  });

  it('validates recipients and quiet hours, naming each field', () => {
    assert.deepEqual(
      alertSettingsProblems({ rooms: ['a'], contacts: [], quietHours: { start: '22:00', end: '08:00' } }),
      [],
    );
    assert.deepEqual(
      alertSettingsProblems({ rooms: ['', 'a', 'a'], contacts: ['x,y'], quietHours: { start: '25:00', end: '25:00' } }),
      [
        'rooms[0] 不能为空',
        'rooms[2] 重复：a',
        'contacts[0] 不能包含逗号或换行',
        'quietHours.start 须为 HH:mm（00:00–23:59），收到 "25:00"',
        'quietHours.end 须为 HH:mm（00:00–23:59），收到 "25:00"',
      ],
    );
    assert.deepEqual(alertSettingsProblems({ rooms: [], contacts: [], quietHours: { start: '08:00', end: '08:00' } }), [
      'quietHours.end 不能与开始时间相同（08:00）',
    ]);
  });

  it('the default window of saved settings is 23:00–08:00 (the complement of the complaint window)', () => {
    assert.deepEqual({ ...DEFAULT_QUIET_HOURS }, { start: '23:00', end: '08:00' });
    assert.deepEqual(normaliseAlertSettings({ rooms: [' 群 '], contacts: [] }), {
      rooms: ['群'],
      contacts: [],
      quietHours: { start: '23:00', end: '08:00' },
      digestAfter: 5,
      channels: ['wechat'],
      wecomRobots: [],
    });
    assert.equal(normaliseAlertSettings({ rooms: [], contacts: [], quietHours: null }).quietHours, null);
  });

  it('reads HUOBAN_ALERT_QUIET_HOURS as HH:mm-HH:mm, blank as none, refuses nonsense', () => {
    assert.equal(parseQuietHoursSetting(undefined), null);
    assert.equal(parseQuietHoursSetting(' '), null);
    assert.deepEqual(parseQuietHoursSetting('22:30-07:30'), { start: '22:30', end: '07:30' });
    assert.deepEqual(parseQuietHoursSetting('23:00–08:00'), { start: '23:00', end: '08:00' });
    assert.throws(() => parseQuietHoursSetting('22:00'), RangeError);
    assert.throws(() => parseQuietHoursSetting('08:00-08:00'), RangeError);
  });
});
