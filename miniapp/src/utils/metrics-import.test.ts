import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { ApiError } from '@/services/api-error';
import type { MetricsImport } from '@/services/types';
import { checkImportFile, filenameFromDisposition, importProgress, readImportResponse } from './metrics-import.js';

const record: MetricsImport = {
  id: 'imp1',
  programmeId: 'prog1',
  fileName: '7月经营数据.xlsx',
  sha256: 'ab',
  status: 'applying',
  total: 40,
  processed: 10,
  months: ['2026-07'],
  createdAt: '2026-08-01T02:00:00.000Z',
  createdBy: { id: 'u1', name: '运营一' },
  finishedAt: null,
  summary: { revenue: 40, successRate: 40, customers: 0 },
};

describe('import file check', () => {
  it('takes .xlsx and .csv up to 5 MB', () => {
    assert.equal(checkImportFile('7月.XLSX', 1000), '');
    assert.equal(checkImportFile('data.csv', 5 * 1024 * 1024), '');
  });
  it('refuses other types, empty and too large files', () => {
    assert.equal(checkImportFile('data.xls', 1000), '请选择 .xlsx 或 .csv 文件');
    assert.equal(checkImportFile('data', 1000), '请选择 .xlsx 或 .csv 文件');
    assert.equal(checkImportFile('data.csv', 0), '文件是空的');
    assert.equal(checkImportFile('data.csv', 5 * 1024 * 1024 + 1), '文件不能超过 5 MB');
  });
});

describe('import response', () => {
  it('202 is accepted, 200 is the earlier import of the same file', () => {
    assert.deepEqual(readImportResponse(202, record), { kind: 'accepted', record });
    assert.deepEqual(readImportResponse(200, JSON.stringify(record)), { kind: 'duplicate', record });
  });
  it('422 gives the row errors in spreadsheet order', () => {
    const body = {
      statusCode: 422,
      message: '第 3 行…共 2 处错误，未导入任何数据',
      rows: [
        { row: 5, column: '月份', field: 'month', value: '2099-01', message: '月份不能是未来月份' },
        { row: 3, column: '交易成功率', field: 'successRate', value: '101%', message: '交易成功率须在 0–1 之间' },
      ],
    };
    const out = readImportResponse(422, JSON.stringify(body));
    assert.equal(out.kind, 'rejected');
    assert.ok(out.kind === 'rejected');
    assert.equal(out.message, body.message);
    assert.deepEqual(
      out.rows.map((r) => r.row),
      [3, 5],
    );
  });
  it('throws the api error for an unusable file, a missing route or a server failure', () => {
    assert.throws(
      () => readImportResponse(400, '{"statusCode":400,"message":"缺少必需的表头：伙伴编码"}'),
      (err: unknown) => err instanceof ApiError && err.status === 400 && err.message === '缺少必需的表头：伙伴编码',
    );
    assert.throws(
      () => readImportResponse(404, { statusCode: 404, message: 'Cannot POST /api/v1/metrics/imports' }),
      (err: unknown) => err instanceof ApiError && err.status === 404,
    );
    assert.throws(
      () => readImportResponse(502, '<html>bad gateway</html>'),
      (err: unknown) => err instanceof ApiError && err.message === '服务器错误（502），请稍后重试',
    );
  });
});

describe('import progress', () => {
  it('counts processed rows while applying', () => {
    assert.deepEqual(importProgress(record), { percent: 25, text: '正在导入 10/40 行（25%）', finished: false });
    assert.equal(importProgress({ status: 'applying', total: 0, processed: 0 }).percent, 0);
  });
  it('is finished when done or failed', () => {
    assert.deepEqual(importProgress({ ...record, status: 'done', processed: 40 }), {
      percent: 100,
      text: '导入完成，共 40 行',
      finished: true,
    });
    assert.equal(importProgress({ ...record, status: 'failed' }).finished, true);
  });
});

describe('attachment file names', () => {
  it('decodes the UTF-8 name first', () => {
    const h = `attachment; filename="scorecards-2026H2.xlsx"; filename*=UTF-8''${encodeURIComponent('考核结果-2026H2.xlsx')}`;
    assert.equal(filenameFromDisposition(h, 'x.xlsx'), '考核结果-2026H2.xlsx');
  });
  it('falls back to the plain name, then to the given one', () => {
    assert.equal(filenameFromDisposition('attachment; filename="credit-2026-07.csv"', 'x'), 'credit-2026-07.csv');
    assert.equal(filenameFromDisposition('attachment; filename=a.xlsx', 'x'), 'a.xlsx');
    assert.equal(filenameFromDisposition(null, '积分-2026-07.xlsx'), '积分-2026-07.xlsx');
    assert.equal(filenameFromDisposition('attachment', 'f.xlsx'), 'f.xlsx');
  });
});
