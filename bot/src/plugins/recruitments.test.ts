import assert from 'node:assert/strict';
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import { WechatyBuilder } from 'wechaty';
import type { WechatyInterface } from 'wechaty/impls';
import { createMockWorld, type MockWorld } from '../mock-world.js';
import { eventually, sleep } from '../../test/support.js';
import {
  NO_OPEN_RECRUITMENTS,
  RECRUITMENTS_FAILED,
  Recruitments,
  beijingDateTime,
  formatRecruitments,
  isRecruitmentsCommand,
  type RecruitmentView,
} from './recruitments.js';

const H5 = 'http://h5.test';
const r = (over: Partial<RecruitmentView>): RecruitmentView => ({
  id: 'r1',
  title: '餐饮行业拓展服务商招募',
  mode: 'batch',
  quota: 3,
  applicationDeadline: '2026-12-10T15:59:59.999Z',
  publishedAt: '2026-11-20T02:00:00.000Z',
  status: 'published',
  ...over,
});
const NOW = new Date('2026-12-01T00:00:00Z');

describe('FT-6 招募 command logic', () => {
  it('recognises 招募 with or without @-mentions, and nothing else', () => {
    assert.ok(isRecruitmentsCommand('招募'));
    assert.ok(isRecruitmentsCommand('@伙伴助手\u2005招募'));
    assert.ok(!isRecruitmentsCommand('招募公告在哪'));
    assert.ok(!isRecruitmentsCommand(''));
  });

  it('lists open recruitments earliest deadline first (Beijing time), rolling ones last, with the H5 link', () => {
    assert.equal(beijingDateTime('2026-12-10T15:59:59.999Z'), '2026-12-10 23:59');
    const text = formatRecruitments(
      [
        r({ id: 'm', title: '月度招募', mode: 'monthly', quota: null, applicationDeadline: null }),
        r({ id: 'late', title: '晚截止', applicationDeadline: '2026-12-20T15:59:59.999Z' }),
        r({ id: 'early', title: '早截止' }),
        r({ id: 'past', title: '已过期', applicationDeadline: '2026-11-30T15:59:59.999Z' }),
        r({ id: 'closed', title: '已截止', status: 'closed' }),
      ],
      H5,
      NOW,
    );
    assert.equal(
      text,
      [
        '正在招募（3项，北京时间）：',
        '1. 早截止｜截止 2026-12-10 23:59｜招募3家',
        `   ${H5}/#/packages/intake/pages/recruitment/index?id=early`,
        '2. 晚截止｜截止 2026-12-20 23:59｜招募3家',
        `   ${H5}/#/packages/intake/pages/recruitment/index?id=late`,
        '3. 月度招募｜每月周期性受理',
        `   ${H5}/#/packages/intake/pages/recruitment/index?id=m`,
      ].join('\n'),
    );
    assert.equal(formatRecruitments([r({ status: 'closed' })], H5, NOW), NO_OPEN_RECRUITMENTS);
  });
});

describe('招募 plugin on the mock puppet', () => {
  const ROOM = '伙伴运营值班群';
  let world: MockWorld;
  let bot: WechatyInterface;
  let answer: () => Promise<RecruitmentView[]> = async () => [r({ applicationDeadline: null, mode: 'monthly' })];

  before(async () => {
    world = createMockWorld({ rooms: [ROOM], contacts: ['张三'] });
    bot = WechatyBuilder.build({ puppet: world.puppet });
    bot.use(Recruitments({ fetchRecruitments: () => answer(), publicUrl: H5, log: () => undefined }));
    await bot.start();
    world.login();
    await eventually(() => bot.isLoggedIn, 5000, 'login');
  });
  after(async () => {
    await bot.stop();
  });

  it('answers 招募 in a room; says so when the api fails', async () => {
    const room = world.rooms.get(ROOM)!;
    world.staff.say('招募').to(room);
    await eventually(() => world.saidBy(room.id).length === 1, 5000, 'reply');
    assert.match(world.saidBy(room.id)[0], /正在招募（1项/);
    answer = async () => {
      throw new Error('down');
    };
    world.staff.say('招募').to(room);
    await eventually(() => world.saidBy(room.id).length === 2, 5000, 'second reply');
    assert.equal(world.saidBy(room.id)[1], RECRUITMENTS_FAILED);
    world.staff.say('你好').to(room);
    await sleep(200);
    assert.equal(world.saidBy(room.id).length, 2);
  });
});
