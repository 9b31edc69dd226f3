import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { ApiError, buildQuery, toApiError } from './api-error.js';

describe('api errors', () => {
  it('joins a list of field messages and keeps them as details', () => {
    const err = toApiError(400, {
      statusCode: 400,
      error: 'Bad Request',
      message: ['summary should not be empty', 'kind must be one of'],
    });
    assert.ok(err instanceof ApiError);
    assert.equal(err.status, 400);
    assert.equal(err.message, 'summary should not be empty；kind must be one of');
    assert.deepEqual(err.details, ['summary should not be empty', 'kind must be one of']);
  });

  it("keeps the server's own text", () => {
    const err = toApiError(409, { statusCode: 409, error: 'Conflict', message: '投诉已办结，不能再回复' });
    assert.equal(err.message, '投诉已办结，不能再回复');
    assert.deepEqual(err.details, []);
  });

  it('falls back to Chinese text when the body has no message', () => {
    assert.equal(toApiError(403, null).message, '没有权限执行此操作');
    assert.equal(toApiError(502, '<html>').message, '服务器错误（502），请稍后重试');
    assert.equal(toApiError(418, {}).message, '请求失败（418）');
  });

  it('explains a route the server does not have in Chinese, keeps other 404 texts', () => {
    const missing = toApiError(404, {
      statusCode: 404,
      error: 'Not Found',
      message: 'Cannot POST /api/v1/metrics/imports',
    });
    assert.equal(missing.message, '服务器暂不支持此功能（接口不存在），请联系管理员升级服务端');
    assert.equal(toApiError(404, { statusCode: 404, message: '申诉不存在' }).message, '申诉不存在');
  });
});

describe('query strings', () => {
  it('drops empty values and encodes the rest', () => {
    assert.equal(
      buildQuery({ q: '某某 科技', page: 2, status: undefined, kind: '', partnerId: null }),
      '?q=%E6%9F%90%E6%9F%90%20%E7%A7%91%E6%8A%80&page=2',
    );
    assert.equal(buildQuery({}), '');
    assert.equal(buildQuery(), '');
  });
});
