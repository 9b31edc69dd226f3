import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { parseReceivedAt, validateComplaintRows } from './import.js';

const now = new Date('2026-11-30T12:00:00Z'); // 20:00 in Beijing
const partners = new Map([
  ['P001', { id: '650000000000000000000001', status: 'active' }],
  ['P009', { id: '650000000000000000000009', status: 'exited' }],
]);
const HEADERS = ['伙伴编码', '投诉类型', '渠道', '摘要', '受理时间', '外部编号'];

describe('complaints import rows (FT-13, WT-4)', () => {
  it('WT-4 受理时间 is read as Beijing time in its usual forms, and needs a time of day', () => {
    const at = new Date('2026-11-30T01:15:00Z');
    assert.deepEqual(parseReceivedAt('2026-11-30 09:15'), at);
    assert.deepEqual(parseReceivedAt('2026/11/30 9:15:00'), at);
    assert.deepEqual(parseReceivedAt('2026年11月30日 9:15'), at);
    assert.deepEqual(parseReceivedAt('2026-11-30T09:15:00+08:00'), at);
    // Excel holds wall-clock time; ExcelJS reads it as if it were UTC
    assert.deepEqual(parseReceivedAt(new Date('2026-11-30T09:15:00Z')), at);
    assert.equal(parseReceivedAt('2026-11-30'), undefined, 'a date alone does not start a clock');
    assert.equal(parseReceivedAt('2026-02-30 09:00'), undefined);
    assert.equal(parseReceivedAt('2026-11-30 24:10'), undefined);
    assert.equal(parseReceivedAt(45000), undefined);
  });

  it('FT-13 every bad cell is reported with its row, column and value; good rows are mapped', () => {
    const { rows, errors } = validateComplaintRows(
      {
        headers: HEADERS,
        rows: [
          { row: 2, cells: ['P001', '普通', '10086热线', '扣费未到账', '2026-11-30 09:15', 'A-1'] },
          { row: 3, cells: ['P001', '升级', 'miit', '工信部转办', '2026-11-29 10:00', null] },
          { row: 4, cells: ['P009', '其他', '飞鸽', null, '2026-12-01 10:00', 'A-1'] },
          { row: 5, cells: ['P001', '普通', '微信', '一年多以前', '2025-10-01 10:00', null] },
        ],
      },
      { partners, now },
    );
    assert.deepEqual(
      rows.map((r) => [r.row, r.kind, r.channel, r.externalNo]),
      [
        [2, 'ordinary', 'hotline_10086', 'A-1'],
        [3, 'escalated', 'miit', null],
      ],
    );
    assert.deepEqual(
      errors.map((e) => [e.row, e.column, e.value]),
      [
        [4, '伙伴编码', 'P009'],
        [4, '投诉类型', '其他'],
        [4, '渠道', '飞鸽'],
        [4, '摘要', null],
        [4, '受理时间', '2026-12-01 10:00'],
        [4, '外部编号', 'A-1'],
        [5, '受理时间', '2025-10-01 10:00'],
      ],
    );
    assert.match(errors[0].message, /已退出/);
    assert.match(errors[5].message, /与第 2 行的外部编号重复/);
  });

  it('FT-13 header problems are row 1: a missing column, a column twice', () => {
    const { errors } = validateComplaintRows(
      { headers: ['伙伴编码', '类型', '投诉类型', '渠道', '摘要'], rows: [] },
      { partners, now },
    );
    assert.deepEqual(
      errors.map((e) => [e.row, e.column]),
      [
        [1, '投诉类型'],
        [1, '受理时间'],
      ],
    );
  });
});
