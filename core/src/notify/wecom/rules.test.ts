import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { planNotice, type AlertSettings } from '../../alerts/rules.js';
import type { NoticeJobData } from '../../queues/index.js';
import {
  WECOM_MAX_CONTENT_BYTES,
  classifyAnswer,
  fitBytes,
  maskKey,
  parseWebhookKey,
  resolveChannels,
  resolveRobots,
  robotBucket,
  wecomMarkdown,
  type WecomRobot,
} from './rules.js';

const KEY = '693a91f6-7000-4bc4-97a0-0ec2a1fa5aaa';
const KEY2 = '00000000-1111-2222-3333-444444444444';
const stored: WecomRobot[] = [{ id: 'r1', name: '值班机器人', key: KEY }];
let seq = 0;
const newId = () => `n${++seq}`;

describe('WeCom robot rules (issue #19)', () => {
  it('reads a key from the bare key or the whole webhook address; refuses anything else', () => {
    assert.equal(parseWebhookKey(` ${KEY} `), KEY);
    assert.equal(parseWebhookKey(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}`), KEY);
    assert.equal(parseWebhookKey(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?debug=1&key=${KEY}`), KEY);
    for (const bad of ['', 'short', `${KEY} ${KEY}`, 'https://example.com/?key=', `key=${KEY}<script>`])
      assert.equal(parseWebhookKey(bad), null, bad);
  });

  it('answers a key only masked to its last four characters; its rate bucket is a digest, not the key', () => {
    assert.equal(maskKey(KEY), `****${KEY.slice(-4)}`);
    assert.equal(robotBucket(KEY).length, 16);
    assert.ok(!KEY.includes(robotBucket(KEY)));
    assert.equal(robotBucket(KEY), robotBucket(KEY), 'two programmes naming one webhook share its budget');
  });

  it('a change keeps a stored key when none is given, replaces it when one is, removes robots not listed, adds new ones', () => {
    assert.deepEqual(resolveRobots(undefined, stored, newId).robots, stored, 'omitted: kept');
    assert.deepEqual(resolveRobots([{ id: 'r1', name: '改名' }], stored, newId).robots, [
      { id: 'r1', name: '改名', key: KEY },
    ]);
    assert.deepEqual(resolveRobots([{ id: 'r1', name: '值班机器人', key: KEY2 }], stored, newId).robots, [
      { id: 'r1', name: '值班机器人', key: KEY2 },
    ]);
    assert.deepEqual(resolveRobots([], stored, newId), { robots: [], problems: [] }, 'removed');
    const added = resolveRobots(
      [
        { id: 'r1', name: 'a' },
        { name: 'b', key: KEY2 },
      ],
      stored,
      newId,
    ).robots;
    assert.deepEqual(
      added.map((r) => [r.name, r.key === KEY2, r.id.startsWith('n')]),
      [
        ['a', false, false],
        ['b', true, true],
      ],
    );
  });

  it('names each field of a bad robot, never quoting the key', () => {
    const { problems } = resolveRobots(
      [
        { name: '', key: KEY2 },
        { name: '新的' },
        { id: 'gone', name: '旧的' },
        { name: '坏的', key: `${KEY2}!!` },
        { name: '重复', key: KEY },
        { id: 'r1', name: '重复' },
      ],
      stored,
      newId,
    );
    assert.deepEqual(problems, [
      'wecomRobots[0].name 不能为空',
      'wecomRobots[1].key 不能为空：新机器人须填写 Webhook 地址',
      'wecomRobots[2].id 不存在（机器人已被删除，请刷新后重试）',
      'wecomRobots[3].key 格式不正确：应为 Webhook 地址或其中 key= 后的密钥',
      'wecomRobots[5].name 重复：重复',
      'wecomRobots[5].key 与前面的机器人相同',
    ]);
    assert.ok(!JSON.stringify(problems).includes(KEY) && !JSON.stringify(problems).includes(KEY2));
  });

  it('channels: WeChat, WeCom or both; WeCom needs a robot; omitted: WeChat plus WeCom when robots exist', () => {
    assert.deepEqual(resolveChannels(undefined, []).channels, ['wechat']);
    assert.deepEqual(resolveChannels(undefined, stored).channels, ['wechat', 'wecom']);
    assert.deepEqual(resolveChannels(['wecom', 'wechat'], stored), { channels: ['wechat', 'wecom'], problems: [] });
    assert.deepEqual(resolveChannels(['wecom'], []).problems, ['wecomRobots 选择企业微信渠道时须至少配置一个机器人']);
    assert.deepEqual(resolveChannels([], stored).problems, ['channels 至少选择一个渠道']);
    assert.equal(resolveChannels(['sms' as 'wecom'], stored).problems.length, 1);
  });

  it('a notice becomes markdown within WeCom’s 4096-byte content limit, cut at a character boundary', () => {
    const md = wecomMarkdown({ text: '【投诉超时】\n伙伴：甲公司\n\n投诉编号：TS-1' }, true);
    assert.equal(md, '<font color="warning">**【投诉超时】**</font>\n> 伙伴：甲公司\n\n> 投诉编号：TS-1');
    assert.equal(wecomMarkdown({ text: '【投诉时限预警】' }, false), '**【投诉时限预警】**');
    const long = wecomMarkdown({ text: `【汇总】\n${'超时'.repeat(2000)}` }, false);
    assert.ok(Buffer.byteLength(long) <= WECOM_MAX_CONTENT_BYTES, String(Buffer.byteLength(long)));
    assert.match(long, /已截断）$/);
    assert.ok(!long.includes('\uFFFD'));
    assert.equal(fitBytes('短'), '短');
  });

  it('classifies WeCom’s documented answers: 0 sent; 45009, -1, 5xx, network retried; 93000, 40058 failed for good', () => {
    const c = (status: number, errcode?: number) => {
      const o = classifyAnswer(status, errcode === undefined ? null : { errcode, errmsg: 'x' });
      return [o.ok, o.retry, o.code];
    };
    assert.deepEqual(c(200, 0), [true, false, 'errcode 0']);
    assert.deepEqual(c(200, 45009), [false, true, 'errcode 45009']);
    assert.deepEqual(c(200, -1), [false, true, 'errcode -1']);
    assert.deepEqual(c(502), [false, true, 'http 502']);
    assert.deepEqual(c(200, 93000), [false, false, 'errcode 93000']);
    assert.deepEqual(c(200, 40058), [false, false, 'errcode 40058']);
    assert.deepEqual(c(404), [false, false, 'http 404']);
  });

  it('the router stamps the robot ids (never keys) and keeps WeChat out when only WeCom is chosen', () => {
    const settings = (channels: AlertSettings['channels']): AlertSettings => ({
      rooms: ['群'],
      contacts: [],
      quietHours: { start: '22:00', end: '08:00' },
      digestAfter: 5,
      channels,
      wecomRobots: stored,
    });
    const n: NoticeJobData = {
      noticeId: 'n1',
      kind: 'sla-warning',
      audience: 'staff',
      programmeId: 'p1',
      text: '【投诉时限预警】',
      createdAt: new Date().toISOString(),
    };
    const night = new Date('2026-12-01T23:30:00+08:00');
    const both = planNotice(n, settings(['wechat', 'wecom']), null, night);
    assert.deepEqual([both.wecomRobots, both.wechat, both.rooms], [['r1'], undefined, ['群']]);
    assert.equal(both.holdUntil, new Date('2026-12-02T08:00:00+08:00').toISOString(), 'quiet hours hold it for both');
    const only = planNotice(n, settings(['wecom']), null, night);
    assert.deepEqual([only.wecomRobots, only.wechat], [['r1'], false]);
    const wechat = planNotice(n, settings(['wechat']), null, night);
    assert.deepEqual([wechat.wecomRobots, wechat.wechat], [undefined, undefined]);
    assert.ok(!JSON.stringify([both, only]).includes(KEY));
  });
});
