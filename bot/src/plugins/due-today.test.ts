import assert from 'node:assert/strict';
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import { WechatyBuilder } from 'wechaty';
import type { WechatyInterface } from 'wechaty/impls';
import { createMockWorld, type MockWorld } from '../mock-world.js';
import { eventually, sleep } from '../../test/support.js';
import type { ComplaintView } from './complaint-view.js';
import {
  beijingHHmm,
  DUE_TODAY_FAILED,
  DueToday,
  formatDueToday,
  isDueTodayCommand,
  isStaffConversation,
  NOTHING_DUE_TODAY,
  workingTimeLeft,
} from './due-today.js';

const view = (over: Partial<ComplaintView>): ComplaintView => ({
  id: 'c',
  no: 'TS-20261123-0001',
  partnerName: '某某科技',
  kind: 'ordinary',
  dueAt: '2026-11-23T11:00:00.000Z',
  status: 'open',
  slaState: 'running',
  workingMsLeft: 8_100_000,
  ...over,
});

describe('今日到期 formatter', () => {
  it('shows deadlines in Beijing time HH:mm', () => {
    assert.equal(beijingHHmm(new Date('2026-11-23T11:00:00.000Z')), '19:00');
    assert.equal(beijingHHmm(new Date('2026-11-22T16:05:00.000Z')), '00:05'); // next day in Beijing
    assert.equal(beijingHHmm(new Date('2026-11-23T14:59:59.999Z')), '22:59');
  });

  it('shows working time left in hours and minutes, or 已超时', () => {
    assert.equal(workingTimeLeft({ slaState: 'running', workingMsLeft: 2 * 3_600_000 + 15 * 60_000 }), '2小时15分');
    assert.equal(workingTimeLeft({ slaState: 'running', workingMsLeft: 45 * 60_000 + 59_999 }), '45分钟');
    assert.equal(workingTimeLeft({ slaState: 'running', workingMsLeft: 0 }), '已超时');
    assert.equal(workingTimeLeft({ slaState: 'breached', workingMsLeft: 60_000 }), '已超时');
  });

  it('lists complaints earliest deadline first, or says there are none', () => {
    assert.equal(formatDueToday([]), NOTHING_DUE_TODAY);
    const text = formatDueToday([
      view({
        no: 'TS-20261123-0002',
        partnerName: '乙公司',
        dueAt: '2026-11-23T13:30:00.000Z',
        slaState: 'awaiting_confirmation',
        workingMsLeft: 30 * 60_000,
      }),
      view({}),
    ]);
    assert.equal(
      text,
      [
        '今日到期投诉（2件，北京时间）：',
        '1. TS-20261123-0001｜某某科技｜截止 19:00｜剩余 2小时15分｜待回复',
        '2. TS-20261123-0002｜乙公司｜截止 21:30｜剩余 30分钟｜待确认',
      ].join('\n'),
    );
  });

  it('recognises the command, with or without @-mentions, and nothing else', () => {
    assert.ok(isDueTodayCommand('今日到期'));
    assert.ok(isDueTodayCommand('  今日到期 '));
    assert.ok(isDueTodayCommand('@伙伴助手\u2005今日到期'));
    assert.ok(isDueTodayCommand('@伙伴助手 今日到期'));
    assert.ok(!isDueTodayCommand('今日到期了吗'));
    assert.ok(!isDueTodayCommand('查询今日到期'));
    assert.ok(!isDueTodayCommand(''));
  });

  it('answers only configured rooms and contacts, never itself', () => {
    const audience = { rooms: ['值班群'], contacts: ['张三'] };
    assert.ok(isStaffConversation({ roomTopic: '值班群', talkerName: '任何人', self: false }, audience));
    assert.ok(!isStaffConversation({ roomTopic: '闲聊群', talkerName: '张三', self: false }, audience));
    assert.ok(isStaffConversation({ talkerName: '张三', self: false }, audience));
    assert.ok(!isStaffConversation({ talkerName: '李四', self: false }, audience));
    assert.ok(!isStaffConversation({ roomTopic: '值班群', talkerName: '伙伴助手', self: true }, audience));
  });
});

describe('今日到期 plugin on the mock puppet', () => {
  const ROOM = '伙伴运营值班群';
  let world: MockWorld;
  let bot: WechatyInterface;
  let calls = 0;
  let answer: () => Promise<ComplaintView[]> = async () => [view({})];
  let roomId: string;

  before(async () => {
    world = createMockWorld({ rooms: [ROOM], contacts: ['张三'] });
    roomId = world.rooms.get(ROOM)!.id;
    bot = WechatyBuilder.build({ puppet: world.puppet });
    bot.use(
      DueToday({
        rooms: [ROOM],
        contacts: ['张三'],
        fetchDueToday: () => {
          calls++;
          return answer();
        },
        log: () => undefined,
      }),
    );
    await bot.start();
    world.login();
    await eventually(() => bot.isLoggedIn, 5000, 'login');
  });

  after(async () => {
    await bot.stop();
  });

  it('answers 今日到期 in the staff room with the list, and ignores other text', async () => {
    const room = world.rooms.get(ROOM)!;
    world.staff.say('大家好').to(room);
    world.staff.say('今日到期').to(room);
    await eventually(() => world.saidBy(roomId).length === 1, 5000, 'reply in room');
    await sleep(200);
    assert.deepEqual(world.saidBy(roomId), [formatDueToday([view({})])]);
    assert.equal(calls, 1);
  });

  it("ignores the bot's own 今日到期 in the room", async () => {
    const before = calls;
    const wRoom = await bot.Room.find({ topic: ROOM });
    assert.ok(wRoom);
    await wRoom.say('今日到期');
    await sleep(300);
    assert.equal(calls, before);
    assert.deepEqual(world.saidBy(roomId).slice(-1), ['今日到期']);
  });

  it('ignores rooms that are not configured', async () => {
    const before = calls;
    const other = world.mocker.createRoom({ topic: '闲聊群', memberIdList: [world.user.id, world.staff.id] });
    world.staff.say('今日到期').to(other);
    await sleep(300);
    assert.equal(calls, before);
    assert.deepEqual(world.saidBy(other.id), []);
  });

  it('answers a DM from a configured contact, not from others', async () => {
    answer = async () => [];
    const zhang = world.contacts.get('张三')!;
    world.staff.say('今日到期').to(world.user); // 值班员 is not a configured contact
    zhang.say('今日到期').to(world.user);
    await eventually(() => world.saidBy(zhang.id).length === 1, 5000, 'DM reply');
    await sleep(200);
    assert.deepEqual(world.saidBy(zhang.id), [NOTHING_DUE_TODAY]);
    assert.deepEqual(world.saidBy(world.staff.id), []);
  });

  it('says the query failed when the api call fails', async () => {
    answer = async () => {
      throw new Error('api down');
    };
    const room = world.rooms.get(ROOM)!;
    const before = world.saidBy(roomId).length;
    world.staff.say('@伙伴助手\u2005今日到期').to(room);
    await eventually(() => world.saidBy(roomId).length === before + 1, 5000, 'failure reply');
    assert.equal(world.saidBy(roomId).at(-1), DUE_TODAY_FAILED);
  });
});
