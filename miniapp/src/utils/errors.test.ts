import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { ApiError } from '@/services/api-error';
import { errorText, splitFieldErrors, validationErrors } from './errors.js';

describe('form errors', () => {
  it('groups validation messages by the field they start with', () => {
    const out = splitFieldErrors(
      [
        'receivedAt must be an ISO 8601 date string',
        'summary should not be empty',
        'kind must be one of',
        'unexpected',
      ],
      ['partnerId', 'kind', 'summary', 'receivedAt'],
    );
    assert.deepEqual(out, {
      receivedAt: ['receivedAt must be an ISO 8601 date string'],
      summary: ['summary should not be empty'],
      kind: ['kind must be one of'],
      '': ['unexpected'],
    });
  });

  it('does not take a field that is only a prefix of another word', () => {
    assert.deepEqual(splitFieldErrors(['kindness is required'], ['kind']), { '': ['kindness is required'] });
  });

  it('reads a message from anything thrown', () => {
    assert.equal(errorText(new Error('伙伴编码不存在')), '伙伴编码不存在');
    assert.equal(errorText('boom'), '操作失败，请稍后重试');
    assert.equal(errorText({ message: '' }), '操作失败，请稍后重试');
  });

  it("reads a 400's message list by field, the rest apart; anything else is not a validation error", () => {
    const err = new ApiError(400, 'x', ['plan must be shorter', 'evidence.0 too long', 'unknown thing']);
    assert.deepEqual(validationErrors(err, ['plan', 'evidence']), {
      byField: { plan: ['plan must be shorter'], evidence: ['evidence.0 too long'] },
      other: ['unknown thing'],
    });
    assert.equal(validationErrors(new ApiError(400, '提交的内容有误'), ['plan']), null);
    assert.equal(validationErrors(new ApiError(409, 'x', ['plan taken']), ['plan']), null);
    assert.equal(validationErrors(new Error('plan'), ['plan']), null);
  });

  it("issue #15: reads a 400's `fields` (Chinese messages without the field's name) by the form's fields", async () => {
    const { toApiError } = await import('@/services/api-error');
    const err = toApiError(400, {
      statusCode: 400,
      message: ['不能为空', '不能超过 20 项', '须为整数'],
      fields: { plan: ['不能为空'], 'evidence.0': ['不能超过 20 项'], rev: ['须为整数'] },
    });
    assert.deepEqual(validationErrors(err, ['plan', 'evidence']), {
      byField: { plan: ['不能为空'], evidence: ['不能超过 20 项'] },
      other: ['rev：须为整数'],
    });
  });
});
