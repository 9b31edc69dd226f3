import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { ApiError, toApiError } from '@/services/api-error';
import { errorText, validationErrors } from './errors.js';

describe('form errors', () => {
  it('groups validation messages by the field they concern, as Chinese', () => {
    const err = new ApiError(400, 'x', [
      'receivedAt must be an ISO 8601 date string',
      'summary should not be empty',
      'kind must be one of ordinary, escalated',
      'unexpected',
    ]);
    assert.deepEqual(validationErrors(err, ['partnerId', 'kind', 'summary', 'receivedAt']), {
      byField: {
        receivedAt: ['受理时间格式不正确（应为 YYYY-MM-DD 日期）'],
        summary: ['请填写投诉摘要'],
        kind: ['投诉类型的取值无效，请重新选择'],
      },
      other: ['提交的内容有误'],
    });
  });

  it('does not take a field that is only a prefix of another word', () => {
    assert.deepEqual(validationErrors(new ApiError(400, 'x', ['kindness is required']), ['kind']), {
      byField: {},
      other: ['请填写此项'],
    });
  });

  it('#18 review: keyed and listed messages take one mapping (the same field, the same Chinese)', () => {
    const fields = ['name', 'registeredOn', 'legalRep'] as const;
    const listed = new ApiError(400, 'x', ['company.registeredOn: 成立日期不能晚于今天']);
    const keyed = toApiError(400, {
      statusCode: 400,
      message: ['成立日期不能晚于今天'],
      fields: { 'company.registeredOn': ['成立日期不能晚于今天'] },
    });
    const expected = { byField: { registeredOn: ['成立日期不能晚于今天'] }, other: [] };
    assert.deepEqual(validationErrors(listed, fields), expected);
    assert.deepEqual(validationErrors(keyed, fields), expected);
  });

  it('reads a message from anything thrown, never English or a field path', () => {
    assert.equal(errorText(new Error('伙伴编码不存在')), '伙伴编码不存在');
    assert.equal(errorText('boom'), '操作失败，请稍后重试');
    assert.equal(errorText({ message: '' }), '操作失败，请稍后重试');
    // #18: the applicant read "company.registeredOn: 请填写成立日期；…" and "text must not be empty"
    assert.equal(
      errorText(new ApiError(400, 'x', ['company.registeredOn: 请填写成立日期', 'company.legalRep: 请填写法定代表人'])),
      '请填写成立日期；请填写法定代表人',
    );
    assert.equal(errorText(new ApiError(400, 'text must not be empty', ['text must not be empty'])), '请填写内容');
    assert.equal(errorText(new ApiError(500, 'Internal server error')), '操作失败，请稍后重试');
    assert.equal(errorText(new ApiError(403, 'Forbidden resource')), '没有权限执行此操作');
  });

  it("reads a 400's message list by field, the rest apart; anything else is not a validation error", () => {
    const err = new ApiError(400, 'x', [
      'plan must be shorter than or equal to 2000 characters',
      'evidence.0 too long',
      '名单不符',
    ]);
    assert.deepEqual(validationErrors(err, ['plan', 'evidence']), {
      byField: { plan: ['整改方案内容过长'], evidence: ['佐证材料内容过长'] },
      other: ['名单不符'],
    });
    assert.equal(validationErrors(new ApiError(400, '提交的内容有误'), ['plan']), null);
    assert.equal(validationErrors(new ApiError(409, 'x', ['plan taken']), ['plan']), null);
    assert.equal(validationErrors(new Error('plan'), ['plan']), null);
  });

  it("issue #15: reads a 400's `fields` (Chinese messages without the field's name) by the form's fields", () => {
    const err = toApiError(400, {
      statusCode: 400,
      message: ['不能为空', '不能超过 20 项', '须为整数'],
      fields: { plan: ['不能为空'], 'evidence.0': ['不能超过 20 项'], rev: ['须为整数'] },
    });
    assert.deepEqual(validationErrors(err, ['plan', 'evidence']), {
      byField: { plan: ['不能为空'], evidence: ['不能超过 20 项'] },
      other: ['版本：须为整数'],
    });
  });

  it('#18 a keyed message for a part of a field (quietHours.start under quietHours) names the part', () => {
    const err = toApiError(400, {
      statusCode: 400,
      message: ['须为 HH:mm 时刻'],
      fields: { 'quietHours.start': ['须为 HH:mm 时刻'] },
    });
    assert.deepEqual(validationErrors(err, ['rooms', 'quietHours']), {
      byField: { quietHours: ['免打扰开始时间：须为 HH:mm 时刻'] },
      other: [],
    });
  });

  it('#18 a single 400 message that names its field goes beside that field', () => {
    const err = new ApiError(400, 'company.registeredOn: 成立日期不能晚于今天');
    assert.deepEqual(validationErrors(err, ['name', 'registeredOn']), {
      byField: { registeredOn: ['成立日期不能晚于今天'] },
      other: [],
    });
  });
});
