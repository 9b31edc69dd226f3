import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { decodeText, encodeCsv } from './encoding.js';
import { readCsv } from './sheet.js';

const SHEET = '伙伴编码,投诉渠道,收到时间,投诉内容\r\nP001,10086热线,2026-11-02 09:30,客户反映扣费异常，要求退款\r\n';

describe('text encodings of uploaded CSV files', () => {
  it('UTF-8 with and without a BOM, and plain ASCII, read as UTF-8', () => {
    assert.deepEqual(decodeText(Buffer.from(`\uFEFF${SHEET}`)), { text: SHEET, encoding: 'utf-8' });
    assert.deepEqual(decodeText(Buffer.from(SHEET)), { text: SHEET, encoding: 'utf-8' });
    assert.equal(decodeText(Buffer.from('code,name\r\nP001,x\r\n')).encoding, 'utf-8');
  });

  it('GBK, as Chinese Excel saves "CSV (逗号分隔)", is detected and decoded with its Chinese intact', () => {
    const decoded = decodeText(iconv.encode(SHEET, 'gbk'));
    assert.equal(decoded.text, SHEET);
    assert.match(decoded.encoding, /^gb/);
    const table = readCsv(iconv.encode(SHEET, 'gbk'));
    assert.deepEqual(table.headers, ['伙伴编码', '投诉渠道', '收到时间', '投诉内容']);
    assert.deepEqual(table.rows[0]!.cells, ['P001', '10086热线', '2026-11-02 09:30', '客户反映扣费异常，要求退款']);
  });

  it('GB18030 characters beyond GBK (a rare surname 𠮷) survive', () => {
    const text = '伙伴名称\r\n𠮷祥通信服务有限公司\r\n';
    assert.equal(decodeText(iconv.encode(text, 'gb18030')).text, text);
  });

  it('UTF-16 with its BOM ("Unicode 文本") is read', () => {
    assert.equal(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(SHEET, 'utf-16le')])).text, SHEET);
  });

  it('a short GBK file (one header, one row) is still Chinese, not Latin-1', () => {
    assert.equal(decodeText(iconv.encode('备注\r\n好\r\n', 'gbk')).text, '备注\r\n好\r\n');
  });

  it('exports: UTF-8 with a BOM by default, GBK on request (and no BOM in GBK)', () => {
    const utf8 = encodeCsv(`\uFEFF${SHEET}`);
    assert.equal(utf8.contentType, 'text/csv; charset=utf-8');
    assert.deepEqual([...utf8.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(utf8.bytes.subarray(3).toString('utf8'), SHEET);
    const gbk = encodeCsv(SHEET, 'gbk');
    assert.equal(gbk.contentType, 'text/csv; charset=gbk');
    assert.deepEqual(gbk.bytes, iconv.encode(SHEET, 'gbk'));
  });
});

describe('a Traditional Chinese sheet', () => {
  it('Big5, when the detector is sure of it, is read as Big5', () => {
    const text = '夥伴編碼,投訴內容\r\nP001,客戶反映帳單費用與宣傳不符，要求退還差價並說明原因，請儘快處理回覆\r\n'.repeat(4);
    assert.equal(decodeText(iconv.encode(text, 'big5')).text, text);
  });
});
