import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { INITIAL_TABLE, tableView, toggleSort, type Column } from './table.js';

type Row = { name: string; due: number; status: string };
const columns: Column<Row>[] = [
  { key: 'name', title: '企业', text: (r) => r.name },
  { key: 'status', title: '状态', text: (r) => r.status },
  { key: 'due', title: '截止', text: (r) => String(r.due), sortValue: (r) => r.due },
];
const rows: Row[] = Array.from({ length: 45 }, (_, i) => ({
  name: `${i % 2 ? '甲' : '乙'}科技${i}`,
  due: 100 - i,
  status: i % 3 ? '待预审' : '评估中',
}));

describe('console tables (#18 desktop staff console)', () => {
  it('pages through the rows', () => {
    const v = tableView(rows, columns, { ...INITIAL_TABLE, page: 3 });
    assert.equal(v.total, 45);
    assert.equal(v.pages, 3);
    assert.equal(v.rows.length, 5);
    assert.equal(
      tableView(rows, columns, { ...INITIAL_TABLE, page: 9 }).rows.length,
      5,
      'a page past the end shows the last',
    );
  });

  it('searches every column for every word', () => {
    const v = tableView(rows, columns, { ...INITIAL_TABLE, search: '甲 评估中' });
    assert.ok(v.total > 0);
    assert.ok(v.rows.every((r) => r.name.startsWith('甲') && r.status === '评估中'));
  });

  it('sorts by a column (numbers as numbers), ascending then descending then off', () => {
    let s = toggleSort(INITIAL_TABLE, 'due');
    assert.equal(tableView(rows, columns, s).rows[0].due, 56);
    s = toggleSort(s, 'due');
    assert.equal(tableView(rows, columns, s).rows[0].due, 100);
    s = toggleSort(s, 'due');
    assert.equal(s.sortKey, '');
  });
});
