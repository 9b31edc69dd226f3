import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { WorkCalendar } from '../calendar/index.js';
import { DEFAULT_COMPLAINT_WINDOW } from '../calendar/index.js';
import { complaintDueSoonMessage, exitStepMessage } from './messages.js';
import {
  characterString,
  fieldProblems,
  phrase,
  sendVerdict,
  subscriptionJobId,
  subscriptionMessageId,
  subscriptionTemplates,
  thing,
  timeField,
} from './rules.js';

describe('订阅消息 rules (issue #19)', () => {
  it('fields follow WeChat’s rules: thing ≤ 20, phrase ≤ 5 Chinese, character_string ASCII, time in Beijing', () => {
    assert.equal(thing('短文本'), '短文本');
    const long = thing('一二三四五六七八九十一二三四五六七八九十一');
    assert.equal([...long].length, 20);
    assert.ok(long.endsWith('…'));
    assert.equal(phrase('status 已批准!'), '已批准');
    assert.equal(phrase('已终止合作协议'), '已终止合作');
    assert.equal(characterString('TS-20261207-0001 号'), 'TS-20261207-0001');
    assert.equal(timeField(new Date('2026-12-07T14:00:00Z')), '2026年12月7日 22:00');
    assert.deepEqual(
      fieldProblems({ thing1: { value: long }, phrase2: { value: '已批准' }, time3: { value: '2026年12月7日 22:00' } }),
      [],
    );
    assert.deepEqual(fieldProblems({ phrase2: { value: 'ok' }, thing1: { value: '' } }), ['phrase2: ok', 'thing1: ']);
  });

  it('43101 is refused (recorded, not retried); 40001/42001 refresh the token; invalid requests fail; the rest retry', () => {
    assert.equal(sendVerdict(0), 'sent');
    assert.equal(sendVerdict(undefined), 'sent');
    assert.equal(sendVerdict(43101), 'refused');
    assert.equal(sendVerdict(40001), 'token');
    assert.equal(sendVerdict(42001), 'token');
    assert.equal(sendVerdict(40003), 'invalid');
    assert.equal(sendVerdict(47003), 'invalid');
    assert.equal(sendVerdict(-1), 'retry');
    assert.equal(sendVerdict(45009), 'retry');
  });

  it('template ids are configured per kind; message and job ids are deterministic, without `:` or the openid', () => {
    assert.deepEqual(
      subscriptionTemplates({ HUOBAN_WECHAT_TMPL_EXIT_STEP: ' t-exit ', HUOBAN_WECHAT_TMPL_SCORE_CLOSED: '' }),
      { 'exit-step': 't-exit' },
    );
    const id = subscriptionMessageId('complaint-c1-registered', 'oAbC:secret-openid');
    assert.equal(id, subscriptionMessageId('complaint-c1-registered', 'oAbC:secret-openid'));
    assert.notEqual(id, subscriptionMessageId('complaint-c1-registered', 'other'));
    assert.doesNotMatch(subscriptionJobId(id), /:|secret/);
  });

  it('WT-4 the reminder is due two working hours before the deadline, none once that instant has passed', () => {
    const cal = new WorkCalendar();
    const c = {
      id: 'c1',
      no: 'TS-1',
      partnerId: 'p1',
      summary: 'x',
      kind: 'ordinary' as const,
      slaHours: 12,
      window: DEFAULT_COMPLAINT_WINDOW,
      // due 09:00 Beijing: two working hours before is 22:00 the evening before (the clock stops 23:00–08:00)
      dueAt: new Date('2026-12-08T01:00:00Z'),
    };
    const m = complaintDueSoonMessage(c, cal, new Date('2026-12-07T10:00:00Z'));
    assert.equal(m!.sendAt!.toISOString(), '2026-12-07T14:00:00.000Z');
    assert.deepEqual(m!.guard, { complaintId: 'c1', dueAt: '2026-12-08T01:00:00.000Z' });
    assert.equal(complaintDueSoonMessage(c, cal, new Date('2026-12-07T14:30:00Z')), null);
  });

  it('FT-18 each exit step is one message per case and status', () => {
    const m = exitStepMessage({
      id: 'e1',
      partnerId: 'p1',
      status: 'approved',
      statusLabel: '已批准',
      note: '已批准，终止日期2027-03-31',
    });
    assert.equal(m.key, 'exit-e1-approved');
    assert.deepEqual(fieldProblems(m.data), []);
  });
});
