/**
 * Issue #15 "size caps before parsing, and streaming parsers for uploads": CSV imports (complaints, metrics, the
 * FT-2.1 dishonest lists) are decoded and parsed as a stream — the same records whatever the pieces, memory bounded
 * by a piece and a record, and a file past its row cap refused without decoding the rest.
 */
import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { csvRecords } from './csv.js';
import { decodeChunks } from './encoding.js';
import { readCsv } from './sheet.js';

const TRICKY = '\uFEFF伙伴编码,备注\r\nP001,"a, ""b"""\r\n\r\nP002,"多\n行"\nP003,"",x"y\rP004,末行';
const WHOLE = [
  ['\uFEFF伙伴编码', '备注'],
  ['P001', 'a, "b"'],
  [''],
  ['P002', '多\n行'],
  ['P003', '', 'x"y'],
  ['P004', '末行'],
];

describe('CSV as a stream (issue #15)', () => {
  it('the same records whatever the pieces: one piece, split at every position, one character at a time', () => {
    assert.deepEqual([...csvRecords([TRICKY])], WHOLE);
    for (let i = 0; i <= TRICKY.length; i++)
      assert.deepEqual([...csvRecords([TRICKY.slice(0, i), TRICKY.slice(i)])], WHOLE, `split at ${i}`);
    assert.deepEqual([...csvRecords([...TRICKY])], WHOLE);
    assert.deepEqual(
      [...csvRecords(['a,b\r', '\n', 'c,d\r\n'])],
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    );
    assert.throws(() => [...csvRecords(['a,"open', ' field\n'])], /引号未闭合/);
  });

  it('a GBK file decoded in pieces keeps every character whole (a piece boundary inside a two-byte character)', () => {
    const text = `伙伴编码,名称\r\n${Array.from({ length: 3000 }, (_, i) => `P${i},某某科技有限公司${i}`).join('\r\n')}\r\n`;
    const gbk = iconv.encode(text, 'gbk');
    for (const size of [1, 7, 4096]) {
      const pieces = [
        ...(function* () {
          const it = decodeChunks(gbk, size);
          for (let r = it.next(); !r.done; r = it.next()) yield r.value;
        })(),
      ];
      assert.equal(pieces.join(''), text, `pieces of ${size} bytes`);
    }
    const table = readCsv(gbk, 5000);
    assert.equal(table.rows.length, 3000);
    assert.deepEqual(table.rows[2999], { row: 3001, cells: ['P2999', '某某科技有限公司2999'] });
  });

  it('memory stays bounded: 64 MB of CSV in 64 KB pieces is read holding one piece and one record', () => {
    const line = '某某科技有限公司,91110000710925462X,张三\n';
    const piece = line.repeat(Math.floor((64 * 1024) / line.length));
    const pieces = 2048; // ≈ 64 M characters (128 MB as one JS string, which a whole-file reader would make)
    let made = 0;
    const source = (function* () {
      for (; made < pieces; made++) yield piece;
    })();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    let records = 0;
    for (const r of csvRecords(source)) {
      assert.equal(r.length, 3);
      if (++records % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    }
    assert.equal(records, pieces * Math.floor((64 * 1024) / line.length));
    assert.ok(peak < 48 * 1024 * 1024, `heap grew by ${(peak / 1024 / 1024).toFixed(0)} MB`);
  });

  it('a file past its row cap is refused where the cap is met, without decoding the rest', () => {
    // the cap is passed in the first rows; what follows is no text in any encoding (a whole-file decode refused it
    // as an unknown encoding instead of naming the cap)
    const head = Buffer.from(`名称\n${'甲\n'.repeat(20)}`);
    const file = Buffer.concat([head, Buffer.alloc(256 * 1024, 'a'), Buffer.from([0xff, 0xff, 0xff, 0x81, 0x20])]);
    assert.throws(() => readCsv(file, 10), /数据行不能超过 10 行/);
    // and under the cap that same tail is still refused, naming the encoding
    assert.throws(() => readCsv(file, 1_000_000), /无法识别 CSV 的文字编码/);
  });
});
