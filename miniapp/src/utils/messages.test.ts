import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { fieldName, fieldOf, parseMessage, readableMessage, withoutRuleCodes } from './messages.js';
import { firstErrorKey, keepEdits } from './form.js';

describe('the client message table', () => {
  it("#18 drops a core message's field path and keeps its Chinese, naming the field it concerns", () => {
    assert.deepEqual(parseMessage('company.registeredOn: 请填写成立日期'), {
      path: 'company.registeredOn',
      text: '请填写成立日期',
    });
    assert.deepEqual(parseMessage('company.contacts.0.phone: 电话格式不正确'), {
      path: 'company.contacts.phone',
      text: '电话格式不正确',
    });
  });

  it('#18 turns class-validator English into Chinese naming the field', () => {
    assert.equal(readableMessage('text must not be empty'), '请填写内容');
    assert.equal(readableMessage('name must be 1–40 letters, digits, _ or -'), '名称格式不正确');
    assert.equal(
      readableMessage('receivedAt must be a valid ISO 8601 date string'),
      '受理时间格式不正确（应为 YYYY-MM-DD 日期）',
    );
    assert.equal(readableMessage('contacts.phone must be a phone number'), '联系电话应为有效的电话号码');
    assert.equal(readableMessage('reason must be shorter than or equal to 1000 characters'), '理由内容过长');
    assert.equal(readableMessage('quota must be an integer'), '招募数量应为数字');
    assert.equal(readableMessage('role must be one of staff, admin'), '角色的取值无效，请重新选择');
    assert.equal(readableMessage('property hack should not exist'), '提交了不支持的内容，请刷新页面后重试');
  });

  it('#18 drops rule codes and leaves plain Chinese and unknown English alone (the caller falls back)', () => {
    assert.equal(readableMessage('FT-2：成立未满一年'), '成立未满一年');
    assert.equal(withoutRuleCodes('不在中国移动体系内不良信用名单（MG-11）中'), '不在中国移动体系内不良信用名单中');
    assert.equal(readableMessage('伙伴编码 IN12 不存在'), '伙伴编码 IN12 不存在');
    assert.equal(readableMessage('仅支持 PDF、JPG、PNG 文件'), '仅支持 PDF、JPG、PNG 文件');
    assert.equal(readableMessage('rooms 必须是文本'), '通知群必须是文本');
    assert.equal(readableMessage('meetingId must be a 公示 id'), '公示无效，请重新选择');
    assert.equal(readableMessage('Internal server error'), '');
    assert.equal(readableMessage('Bad Request'), '');
  });

  it('names fields by full path first, then by their last segments', () => {
    assert.equal(fieldName('company.name'), '企业名称');
    assert.equal(fieldName('name'), '名称');
    assert.equal(fieldName('company.contacts.1.name'), '联系人');
    assert.equal(fieldName('nothing.known'), '');
  });

  it("maps a message's path to the form field: alias, exact, suffix, prefix", () => {
    const fields = ['name', 'registeredOn', 'contactPhone', 'evidence'] as const;
    const aliases = { 'contacts.phone': 'contactPhone' as const };
    assert.equal(fieldOf('company.registeredOn', fields, aliases), 'registeredOn');
    assert.equal(fieldOf('company.contacts.phone', fields, aliases), 'contactPhone');
    assert.equal(fieldOf('company.name', fields, aliases), 'name');
    assert.equal(fieldOf('evidence.0', fields, aliases), 'evidence');
    assert.equal(fieldOf('rev', fields, aliases), undefined);
    assert.equal(fieldOf('', fields, aliases), undefined);
  });
});

describe('the form keeps what was typed', () => {
  it('#18 a reload (upload, 409) takes the server values except the fields typed since the last save', () => {
    const server = { name: '旧名', registeredOn: '', answers: { c1: false }, declaration: false };
    const typed = { name: '旧名', registeredOn: '2018-06-01', answers: { c1: true, c2: true }, declaration: true };
    const out = keepEdits(server, typed, new Set(['registeredOn', 'answers', 'declaration']));
    assert.deepEqual(out, typed);
    assert.deepEqual(keepEdits({ ...server, name: '新名' }, typed, new Set(['registeredOn'])), {
      ...server,
      name: '新名',
      registeredOn: '2018-06-01',
    });
  });

  it('scrolls to the first field in page order that has a message', () => {
    const order = ['name', 'creditCode', 'registeredOn'];
    assert.equal(firstErrorKey({ registeredOn: ['请填写成立日期'], creditCode: '' }, order), 'registeredOn');
    assert.equal(firstErrorKey({ creditCode: ['x'], registeredOn: ['y'] }, order), 'creditCode');
    assert.equal(firstErrorKey({ company: ['x'] }, order), 'company');
    assert.equal(firstErrorKey({}, order), undefined);
  });
});
