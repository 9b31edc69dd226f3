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
import { limitReply, MAX_REPLY_CHARS, REPLY_CUT } from './command.js';

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

  it('shows where a complaint stands once: working time left, or how long past its deadline (not "剩余 已超时｜已超时")', () => {
    const now = new Date('2026-11-23T12:00:00.000Z');
    const dueAt = '2026-11-23T11:00:00.000Z';
    const at = (slaState: ComplaintView['slaState'], workingMsLeft: number) =>
      workingTimeLeft({ slaState, workingMsLeft, dueAt }, now);
    assert.equal(at('running', 2 * 3_600_000 + 15 * 60_000), '剩余 2小时15分');
    assert.equal(at('running', 45 * 60_000 + 59_999), '剩余 45分钟');
    assert.equal(at('running', 0), '已到期');
    assert.equal(at('breached', 0), '已超时 1小时00分');
    assert.equal(at('awaiting_confirmation', 0), '待确认');
  });

  it('lists complaints with counts by state, most urgent first, or says there are none', () => {
    assert.equal(formatDueToday([]), NOTHING_DUE_TODAY);
    const text = formatDueToday(
      [
        view({
          no: 'TS-20261123-0002',
          partnerName: '乙公司',
          dueAt: '2026-11-23T13:30:00.000Z',
          slaState: 'awaiting_confirmation',
          workingMsLeft: 30 * 60_000,
        }),
        view({}),
        view({
          no: 'TS-20261123-0003',
          partnerName: '丙公司',
          dueAt: '2026-11-23T02:00:00.000Z',
          slaState: 'breached',
          workingMsLeft: 0,
          serverNow: '2026-11-23T03:30:00.000Z',
        }),
      ],
      'https://h5.example.com',
    );
    assert.equal(
      text,
      [
        '今日到期投诉 3件（北京时间）：已超时 1件｜待回复 1件｜待确认 1件',
        '1. TS-20261123-0003｜丙公司｜截止 10:00｜已超时 1小时30分',
        '2. TS-20261123-0001｜某某科技｜截止 19:00｜剩余 2小时15分',
        '3. TS-20261123-0002｜乙公司｜截止 21:30｜待确认',
        '临期投诉：https://h5.example.com/#/packages/staff/pages/due/index',
      ].join('\n'),
    );
  });

  it('141 due complaints: counts, the 10 most urgent, how many more, the link — one short message', () => {
    const many = Array.from({ length: 141 }, (_, i) =>
      view({
        no: `TS-20261123-${String(i + 1).padStart(4, '0')}`,
        slaState: i < 41 ? 'breached' : 'running',
        workingMsLeft: i < 41 ? 0 : (200 - i) * 60_000,
        serverNow: '2026-11-23T12:00:00.000Z',
      }),
    );
    const text = formatDueToday(many, 'https://h5.example.com');
    const lines = text.split('\n');
    assert.equal(lines[0], '今日到期投诉 141件（北京时间）：已超时 41件｜待回复 100件');
    assert.equal(lines[1], '最紧急的10件：');
    assert.equal(lines.filter((l) => /^\d+\. /.test(l)).length, 10);
    assert.equal(lines.at(-2), '另有131件未列出。');
    assert.ok(text.length <= MAX_REPLY_CHARS, `${text.length} characters`);
    assert.ok(!text.includes('剩余 已超时'));
  });

  it('every command answer is kept within the size limit, cut at a line', () => {
    const long = Array.from({ length: 400 }, (_, i) => `第${i}行：${'字'.repeat(20)}`).join('\n');
    const cut = limitReply(long);
    assert.ok(cut.length <= MAX_REPLY_CHARS);
    assert.ok(cut.endsWith(`\n${REPLY_CUT}`));
    assert.equal(limitReply('短'), '短');
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

  it('answers 今日到期 with 141 due items in one short message', async () => {
    answer = async () =>
      Array.from({ length: 141 }, (_, i) => view({ no: `TS-20261123-${String(i + 1).padStart(4, '0')}` }));
    const room = world.rooms.get(ROOM)!;
    const before = world.saidBy(roomId).length;
    world.staff.say('今日到期').to(room);
    await eventually(() => world.saidBy(roomId).length === before + 1, 5000, 'reply in room');
    await sleep(300);
    const said = world.saidBy(roomId).slice(before);
    assert.equal(said.length, 1);
    assert.ok(said[0]!.length <= MAX_REPLY_CHARS && said[0]!.split('\n').length <= 14, said[0]);
    assert.match(said[0]!, /^今日到期投诉 141件/);
    answer = async () => [view({})];
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
