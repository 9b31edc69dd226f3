import assert from 'node:assert/strict';
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import { WechatyBuilder } from 'wechaty';
import type { WechatyInterface } from 'wechaty/impls';
import { createMockWorld, type MockWorld } from '../mock-world.js';
import { eventually, sleep } from '../../test/support.js';
import {
  EXIT_QUERY_FAILED,
  ExitCases,
  NO_OPEN_EXITS,
  formatOpenExits,
  isExitCommand,
  type ExitCaseLine,
} from './exit-cases.js';

const line = (over: Partial<ExitCaseLine>): ExitCaseLine => ({
  id: 'x',
  partnerName: '甲公司',
  triggerLabel: '伙伴主动申请退出',
  statusLabel: '已申请',
  nextDue: { label: '启动审批', dueAt: '2026-12-03T15:59:59.999Z' },
  ...over,
});
const now = new Date('2026-12-02T02:00:00Z');

describe('退出 command (FT-18)', () => {
  it('FT-18 recognises 退出 with or without @-mentions, and nothing else', () => {
    assert.ok(isExitCommand('退出'));
    assert.ok(isExitCommand('@伙伴助手\u2005退出'));
    assert.ok(isExitCommand(' 退出 '));
    assert.ok(!isExitCommand('退出群聊'));
    assert.ok(!isExitCommand('申请退出'));
  });

  it('FT-18 lists open cases earliest next due first, overdue flagged, or says there are none', () => {
    assert.equal(formatOpenExits([], now), NO_OPEN_EXITS);
    const text = formatOpenExits(
      [
        line({
          partnerName: '乙公司',
          statusLabel: '已批准',
          nextDue: { label: '终止合同', dueAt: '2026-12-09T15:59:59.999Z' },
        }),
        line({ partnerName: '丙公司', nextDue: { label: '启动审批', dueAt: '2026-12-01T15:59:59.999Z' } }),
        line({ partnerName: '丁公司', nextDue: null }),
        line({}),
      ],
      now,
    );
    assert.equal(
      text,
      [
        '进行中的退出申请（4件，北京时间）：',
        '1. 丙公司｜伙伴主动申请退出｜已申请｜启动审批截止 2026-12-01 23:59（已超时）',
        '2. 甲公司｜伙伴主动申请退出｜已申请｜启动审批截止 2026-12-03 23:59',
        '3. 乙公司｜伙伴主动申请退出｜已批准｜终止合同截止 2026-12-09 23:59',
        '4. 丁公司｜伙伴主动申请退出｜已申请｜无待办时限',
      ].join('\n'),
    );
  });
});

describe('退出 plugin on the mock puppet', () => {
  const ROOM = '伙伴运营值班群';
  let world: MockWorld;
  let bot: WechatyInterface;
  let answer: () => Promise<ExitCaseLine[]> = async () => [line({})];

  before(async () => {
    world = createMockWorld({ rooms: [ROOM], contacts: [] });
    bot = WechatyBuilder.build({ puppet: world.puppet });
    bot.use(
      ExitCases({ rooms: [ROOM], contacts: [], fetchOpenExits: () => answer(), log: () => undefined, now: () => now }),
    );
    await bot.start();
    world.login();
    await eventually(() => bot.isLoggedIn, 5000, 'login');
  });
  after(async () => {
    await bot.stop();
  });

  it('FT-18 answers 退出 in the staff room with the list; a failed query is said plainly', async () => {
    const room = world.rooms.get(ROOM)!;
    world.staff.say('退出').to(room);
    await eventually(() => world.saidBy(room.id).length === 1, 5000, 'reply');
    assert.deepEqual(world.saidBy(room.id), [formatOpenExits([line({})], now)]);
    answer = async () => {
      throw new Error('down');
    };
    world.staff.say('退出').to(room);
    await eventually(() => world.saidBy(room.id).length === 2, 5000, 'second reply');
    await sleep(100);
    assert.equal(world.saidBy(room.id)[1], EXIT_QUERY_FAILED);
  });
});
