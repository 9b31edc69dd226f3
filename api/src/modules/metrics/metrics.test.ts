/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Connection } from 'mongoose';
import { connectMongo, creditMonthOf, parsePeriod, periodOf, shiftCreditMonth } from '@huoban/core';
import { startTestApi, type TestApi } from '../../../test/support.js';
import { startMetricsApplier } from '../../../test/metrics-worker.js';

const previousPeriod = (p: string) => (p.endsWith('H2') ? `${p.slice(0, 4)}H1` : `${Number(p.slice(0, 4)) - 1}H2`);

describe('monthly metrics import (issue #3 item 7; FT-12a success rates)', () => {
  let api: TestApi;
  let applier: { close(): Promise<void> };
  let db: Connection;
  let staff: string;
  let programmeId: string;
  const now = new Date();
  const month = creditMonthOf(now);
  const period = periodOf(now);
  const firstOfPeriod = parsePeriod(period)!.months[0];
  const prev = previousPeriod(period);
  const prevMonth = parsePeriod(prev)!.months[2];
  let a: { id: string; code: string; token: string };
  let b: { id: string; code: string };

  const newPartner = async (name: string) => {
    const code = `M${randomBytes(3).toString('hex')}`;
    const r = await api.call('POST', '/api/v1/partners', { token: staff, body: { code, name, programmeId } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return { id: r.body.id as string, code, token: await api.partnerToken(code) };
  };

  /** multipart upload as the mini-program and browsers send it */
  const upload = async (
    name: string,
    bytes: Buffer | string,
    opts: { token?: string; programme?: string | null } = {},
  ) => {
    const form = new FormData();
    if (opts.programme !== null) form.set('programmeId', opts.programme ?? programmeId);
    form.set('file', new Blob([bytes]), name);
    const res = await fetch(`${api.url}/api/v1/metrics/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${opts.token ?? staff}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const csv = (...lines: string[]) => `\uFEFF${lines.join('\r\n')}\r\n`;
  /** Polls the import as the mini-program does; `seen` collects the progress values observed on the way. */
  const waitDone = async (id: string, seen: number[] = []) => {
    for (let i = 0; i < 400; i++) {
      const r = await api.call('GET', `/api/v1/metrics/imports/${id}`, { token: staff });
      assert.equal(r.status, 200);
      seen.push(r.body.processed);
      if (r.body.status === 'done') return r.body;
      await new Promise((res) => setTimeout(res, 25));
    }
    assert.fail(`import ${id} did not finish`);
  };
  const inForce = async (m: string) =>
    (await api.call('GET', `/api/v1/metrics?programmeId=${programmeId}&month=${m}`, { token: staff })).body as any[];
  const counts = async () => ({
    imports: await db.collection('metrics_imports').countDocuments(),
    rows: await db.collection('monthly_metrics').countDocuments(),
    audit: await db.collection('audit').countDocuments(),
    inputs: await db.collection('scorecard_inputs').countDocuments(),
  });

  before(async () => {
    api = await startTestApi();
    applier = await startMetricsApplier(api);
    db = await connectMongo(api.mongoUrl);
    staff = await api.staffToken();
    programmeId = (await api.call('GET', '/api/v1/programmes', { token: staff })).body[0].id;
    a = await newPartner('甲数据科技有限公司');
    b = await newPartner('乙数据信息有限公司');
  });

  after(async () => {
    await applier.close();
    await db.close();
    await api.close();
  });

  it('FT-12 FT-12a a valid CSV is accepted (202), applied by the worker, and its success rates reach the live scorecard (below 99.9% costs 2 points)', async () => {
    const r = await upload(
      '七月经营数据.csv',
      csv(
        '伙伴编码,月份,结算前收入（元）,交易成功率,客户数',
        `${a.code},${firstOfPeriod},"1,250,000.50",99.85%,3200`,
        `${b.code},${firstOfPeriod},980000,0.9995,2100`,
      ),
    );
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.equal(r.body.fileName, '七月经营数据.csv');
    assert.deepEqual(
      [r.body.total, r.body.months, r.body.summary],
      [2, [firstOfPeriod], { revenue: 2, successRate: 2, customers: 2 }],
    );
    const done = await waitDone(r.body.id);
    assert.deepEqual([done.processed, done.total, done.skipped], [2, 2, []]);
    assert.ok(done.finishedAt);

    const figures = await inForce(firstOfPeriod);
    const ofA = figures.find((f) => f.partnerId === a.id);
    assert.deepEqual(
      [ofA.revenue, ofA.successRate, ofA.customers, ofA.partnerCode, ofA.partnerName, ofA.month, ofA.importId],
      [1250000.5, 0.9985, 3200, a.code, '甲数据科技有限公司', firstOfPeriod, r.body.id],
    );
    // FT-12a: 0.9985 < 0.999 costs 2 points in the month; 0.9995 costs nothing
    const sa = await api.call('GET', `/api/v1/scorecards/partners/${a.id}?period=${period}`, { token: staff });
    const sb = await api.call('GET', `/api/v1/scorecards/partners/${b.id}?period=${period}`, { token: staff });
    assert.equal(sa.body.result.deductions, 2);
    assert.equal(sb.body.result.deductions, 0);
    const trail = (await api.call('GET', `/api/v1/audit?entity=metrics_import&entityId=${r.body.id}`, { token: staff }))
      .body.items;
    assert.deepEqual(
      trail.map((e: any) => e.action),
      ['metrics.import_accepted', 'metrics.import_applied'],
    );
    assert.equal(trail[0].actor.role, 'admin', 'who uploaded it');
    assert.deepEqual(
      [trail[0].after.sha256, trail[0].after.fileName, trail[0].after.total, trail[0].after.summary],
      [r.body.sha256, '七月经营数据.csv', 2, { revenue: 2, successRate: 2, customers: 2 }],
    );

    // the open period's export (read back with exceljs) shows the deduction, marked provisional
    const res = await fetch(`${api.url}/api/v1/scorecards/periods/${period}/export.xlsx?programmeId=${programmeId}`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    assert.equal(res.status, 200);
    assert.equal(
      res.headers.get('content-disposition'),
      `attachment; filename="_____-${period}.xlsx"; filename*=UTF-8''${encodeURIComponent(`半年度考核-${period}.xlsx`)}`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0];
    assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1, 5), ['伙伴编码', '伙伴名称', '考核期', '状态']);
    const rowOfA = ws.getRows(2, ws.rowCount - 1)!.find((row) => row.getCell(1).value === a.code)!;
    assert.deepEqual(
      [rowOfA.getCell(2).value, rowOfA.getCell(3).value, rowOfA.getCell(4).value, rowOfA.getCell(8).value],
      ['甲数据科技有限公司', period, '进行中·临时', 2],
    );
  });

  it('a large file is applied after the 202 with visible progress: processed grows to total, then status done', async () => {
    const c = await newPartner('丙数据服务有限公司');
    const months = Array.from({ length: 150 }, (_, i) => shiftCreditMonth('2010-01', i));
    const lines = [a, b, c].flatMap((p) =>
      months.map((m, i) => `${p.code},${m},,${i % 10 === 1 ? '99.95%' : ''},${i}`),
    );
    const r = await upload('历史数据.csv', csv('伙伴编码,月份,结算前收入,交易成功率,客户数', ...lines));
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.deepEqual([r.body.status, r.body.processed, r.body.total], ['applying', 0, 450]);
    assert.equal(r.body.months.length, 150);
    const seen: number[] = [];
    const done = await waitDone(r.body.id, seen);
    assert.deepEqual([done.status, done.processed, done.total, done.skipped], ['done', 450, 450, []]);
    assert.ok(
      seen.every((p, i) => i === 0 || p >= seen[i - 1]),
      `progress never goes back: ${seen.join(',')}`,
    );
    const figures = await inForce('2010-02');
    assert.deepEqual(figures.map((f) => [f.partnerName, f.customers, f.successRate]).sort(), [
      ['丙数据服务有限公司', 1, 0.9995],
      ['乙数据信息有限公司', 1, 0.9995],
      ['甲数据科技有限公司', 1, 0.9995],
    ]);
  });

  it('the same file again is 200 with the earlier import and changes nothing', async () => {
    const file = csv('伙伴编码,月份,客户数', `${a.code},${month},10`);
    const first = await upload('a.csv', file);
    assert.equal(first.status, 202);
    await waitDone(first.body.id);
    const before = await counts();
    const again = await upload('renamed.csv', file);
    assert.equal(again.status, 200);
    assert.equal(again.body.id, first.body.id);
    assert.deepEqual(await counts(), before);
  });

  it('an .xlsx with Excel dates and percent cells imports; a later import of the same month replaces the figure', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(['月份', '伙伴编码', '交易成功率', '结算前收入', '备注']);
    const [y, m] = firstOfPeriod.split('-').map(Number);
    ws.addRow([new Date(Date.UTC(y, m - 1, 1)), b.code, 0.9975, 500.25, '其他列会被忽略']);
    ws.getCell('C2').numFmt = '0.00%';
    const r = await upload('metrics.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    assert.equal(r.status, 202, JSON.stringify(r.body));
    await waitDone(r.body.id);
    const ofB = (await inForce(firstOfPeriod)).find((f) => f.partnerId === b.id);
    assert.deepEqual([ofB.revenue, ofB.successRate, ofB.customers, ofB.importId], [500.25, 0.9975, null, r.body.id]);
    const sb = await api.call('GET', `/api/v1/scorecards/partners/${b.id}?period=${period}`, { token: staff });
    assert.equal(sb.body.result.deductions, 2, 'the new rate 0.9975 now costs 2 points');
  });

  it('every bad row is reported (422) with its row number, column and reason, and nothing is stored', async () => {
    const before = await counts();
    const next = shiftCreditMonth(month, 1);
    const r = await upload(
      'bad.csv',
      csv(
        'partnerCode,month,revenue,successRate,customers',
        `${a.code},${month},100,0.999,5`, // row 2: fine
        `NOPE,${month},100,,`, // 3: unknown partner
        `${a.code},2026-13,100,,`, // 4: no such month
        `${b.code},${next},100,,`, // 5: future month
        `${b.code},${month},-1,1.5,3.5`, // 6: three bad figures
        `${a.code},${month},1,,`, // 7: same partner and month as row 2
        `${b.code},${shiftCreditMonth(month, -1)},,,`, // 8: no figure at all
        `${b.code},${shiftCreditMonth(month, -2)},12.345,99.855%,`, // 9: too many decimals
      ),
    );
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.match(r.body.message, /^第 3 行“伙伴编码”：伙伴编码“NOPE”不是本计划的伙伴；共 10 处错误，未导入任何数据$/);
    const got = r.body.rows.map((e: any) => [e.row, e.field]);
    assert.deepEqual(got, [
      [3, 'partnerCode'],
      [4, 'month'],
      [5, 'month'],
      [6, 'revenue'],
      [6, 'successRate'],
      [6, 'customers'],
      [7, 'month'],
      [8, null],
      [9, 'revenue'],
      [9, 'successRate'],
    ]);
    const dup = r.body.rows.find((e: any) => e.row === 7);
    assert.match(dup.message, /与第 2 行重复/);
    assert.equal(r.body.rows[0].column, '伙伴编码');
    assert.equal(r.body.rows[0].value, 'NOPE');
    assert.deepEqual(await counts(), before);
  });

  it('FT-12a a success rate for a closed period is refused row by row; other figures of that month still import', async () => {
    const rated = await api.call('PUT', `/api/v1/scorecards/partners/${a.id}/periods/${prev}/onboarding`, {
      token: staff,
      body: { rating: 28, comment: '对接顺利' },
    });
    assert.equal(rated.status, 200, JSON.stringify(rated.body));
    const closed = await api.call('POST', `/api/v1/scorecards/periods/${prev}/close`, { token: staff });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    const refused = await upload('closed.csv', csv('伙伴编码,月份,交易成功率', `${a.code},${prevMonth},0.95`));
    assert.equal(refused.status, 422);
    assert.equal(refused.body.rows[0].field, 'successRate');
    assert.match(refused.body.rows[0].message, new RegExp(`考核期 ${prev} 已结算`));
    const revenueOnly = await upload(
      'closed-revenue.csv',
      csv('伙伴编码,月份,结算前收入', `${a.code},${prevMonth},300`),
    );
    assert.equal(revenueOnly.status, 202);
    await waitDone(revenueOnly.body.id);
  });

  it('unusable uploads are 400 (and 413 above 5 MB, issue #15), also without the required headers; unknown ids 404; partners are refused (403); the template downloads', async () => {
    const before = await counts();
    assert.equal((await upload('x.csv', csv('伙伴编码,月份,客户数'), { programme: null })).status, 400);
    assert.equal((await upload('x.pdf', '%PDF-1.4')).status, 400);
    assert.equal((await upload('x.xlsx', 'not a zip')).status, 400);
    assert.equal((await upload('x.csv', csv('伙伴编码,月份,客户数'))).status, 400, 'no data rows');
    const big = await upload('big.csv', Buffer.alloc(5 * 1024 * 1024 + 1, 'a'));
    assert.deepEqual([big.status, big.body.message], [413, '文件不能超过 5 MB']);
    const noFile = await fetch(`${api.url}/api/v1/metrics/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
      body: JSON.stringify({ programmeId }),
    });
    assert.equal(noFile.status, 400);
    const headerless = await upload('h.csv', csv('编码,时间', `${a.code},${month}`));
    assert.equal(headerless.status, 400);
    assert.deepEqual(
      headerless.body.errors.map((e: any) => [e.row, e.field]),
      [
        [1, 'partnerCode'],
        [1, 'month'],
        [1, null],
      ],
    );
    assert.equal(
      (
        await upload('x.csv', csv('伙伴编码,月份,客户数', `${a.code},${month},1`), {
          programme: '0123456789abcdef01234567',
        })
      ).status,
      404,
    );
    assert.equal(
      (await api.call('GET', '/api/v1/metrics/imports/0123456789abcdef01234567', { token: staff })).status,
      404,
    );
    assert.equal((await api.call('GET', '/api/v1/metrics?programmeId=x&month=2026-7', { token: staff })).status, 400);
    assert.equal(
      (await upload('p.csv', csv('伙伴编码,月份,客户数', `${a.code},${month},2`), { token: a.token })).status,
      403,
    );
    assert.equal((await api.call('GET', '/api/v1/metrics/imports', { token: a.token })).status, 403);
    const template = await fetch(`${api.url}/api/v1/metrics/template`, {
      headers: { authorization: `Bearer ${staff}`, origin: 'http://127.0.0.1:8080' },
    });
    assert.equal(template.status, 200);
    assert.match(
      template.headers.get('access-control-expose-headers') ?? '',
      /Content-Disposition/,
      'the H5 app may read the file name',
    );
    assert.match(
      template.headers.get('content-disposition')!,
      new RegExp(`filename\\*=UTF-8''${encodeURIComponent('月度经营数据模板.csv')}`),
    );
    const bytes = Buffer.from(await template.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
    assert.match(bytes.toString('utf8'), /^\uFEFF伙伴编码,月份,结算前收入（元）,交易成功率,客户数\r\n/);
    assert.deepEqual(await counts(), before, 'no refused upload stored anything');
    const list = await api.call('GET', `/api/v1/metrics/imports?programmeId=${programmeId}`, { token: staff });
    assert.ok(list.body.length >= 4);
    assert.ok(
      list.body.every((i: any, k: number) => k === 0 || list.body[k - 1].createdAt >= i.createdAt),
      'newest first',
    );
  });
});
