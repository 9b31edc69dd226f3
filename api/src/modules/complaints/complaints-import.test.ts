/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { Types, type Connection } from 'mongoose';
import {
  QueueName,
  coreEnv,
  connectMongo,
  createQueue,
  redisConnection,
  shanghaiDate,
  slaJobId,
  type QueueMap,
} from '@huoban/core';
import { startTestApi, type TestApi } from '../../../test/support.js';

const H = 3_600_000;
/** Beijing wall-clock text of an instant, as another system's export writes it: `2026-11-30 09:15`. */
const beijing = (d: Date) => new Date(d.getTime() + 8 * H).toISOString().slice(0, 16).replace('T', ' ');

describe('complaints import (issue #11 item 1; WT-4, FT-12, FT-13)', () => {
  let api: TestApi;
  let db: Connection;
  let staff: string;
  let programmeId: string;
  let code: string;
  let partnerId: string;
  let redis: ReturnType<typeof redisConnection>;
  let sla: QueueMap[QueueName.Sla];

  const upload = async (name: string, bytes: Buffer | string, token?: string) => {
    const form = new FormData();
    form.set('programmeId', programmeId);
    form.set('file', new Blob([bytes]), name);
    const res = await fetch(`${api.url}/api/v1/complaints/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token ?? staff}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const csv = (...lines: string[]) => `\uFEFF${lines.join('\r\n')}\r\n`;
  const HEADER = '伙伴编码,投诉类型,渠道,摘要,受理时间,外部编号';
  const counts = async () => ({
    complaints: await db.collection('complaints').countDocuments(),
    imports: await db.collection('complaint_imports').countDocuments(),
    keys: await db.collection('complaint_import_keys').countDocuments(),
  });

  before(async () => {
    api = await startTestApi();
    db = await connectMongo(api.mongoUrl);
    redis = redisConnection(coreEnv().redisUrl);
    sla = createQueue(QueueName.Sla, redis, api.queuePrefix);
    staff = await api.staffToken();
    programmeId = (await api.call('GET', '/api/v1/programmes', { token: staff })).body[0].id;
    code = `I${randomBytes(3).toString('hex')}`;
    const p = await api.call('POST', '/api/v1/partners', {
      token: staff,
      body: { code, name: '导入测试有限公司', programmeId },
    });
    partnerId = p.body.id;
  });
  after(async () => {
    await sla.close();
    redis.disconnect();
    await db.close();
    await api.close();
  });

  it('FT-13 a file with bad rows is refused with every bad cell (422) and nothing is stored', async () => {
    const before = await counts();
    const now = Date.now();
    const r = await upload(
      '投诉.csv',
      csv(
        HEADER,
        `${code},普通,10086热线,扣费未到账,${beijing(new Date(now - H))},X-1`,
        `NOPE,紧急,飞鸽,,2026-13-01,X-1`,
        `${code},升级,工信部,工信部转办,${beijing(new Date(now + 48 * H))},X-1`,
      ),
    );
    assert.equal(r.status, 422, JSON.stringify(r.body));
    const cells = r.body.rows.map((e: any) => `${e.row}/${e.field}`);
    assert.deepEqual(cells, [
      '3/partnerCode',
      '3/kind',
      '3/channel',
      '3/summary',
      '3/receivedAt',
      '3/externalNo',
      '4/receivedAt',
      '4/externalNo',
    ]);
    const first = r.body.rows[0];
    assert.deepEqual(Object.keys(first).sort(), ['column', 'field', 'message', 'row', 'value']);
    assert.equal(first.column, '伙伴编码');
    assert.equal(first.value, 'NOPE');
    assert.match(r.body.message, /^第 3 行“伙伴编码”.*共 8 处错误，未导入任何数据$/);
    assert.deepEqual(await counts(), before, 'nothing stored');
  });

  it('FT-13 an unusable file is a 400: not a sheet, a missing column, an empty file', async () => {
    const before = await counts();
    assert.equal((await upload('a.pdf', 'x')).status, 400);
    const header = await upload('a.csv', csv('伙伴编码,投诉类型,渠道,摘要', `${code},普通,微信,摘要`));
    assert.equal(header.status, 400);
    assert.equal(header.body.errors[0].column, '受理时间');
    assert.equal((await upload('a.csv', '')).status, 400);
    assert.equal((await upload('a.csv', csv(HEADER))).status, 400, 'no data rows');
    assert.deepEqual(await counts(), before);
  });

  it('WT-4 an accepted import registers each row with its original receivedAt, its deadline and its SLA timers', async () => {
    const now = new Date();
    const recent = new Date(now.getTime() - 2 * H);
    const overdue = new Date(now.getTime() - 5 * 24 * H);
    const r = await upload(
      '旧系统投诉.csv',
      csv(
        HEADER,
        `${code},普通,10086热线,客户反映扣费未到账,${beijing(recent)},GD-1`,
        `${code},升级投诉,miit,工信部转办,${beijing(overdue)},`,
      ),
    );
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'done');
    assert.equal(r.body.total, 2);
    assert.equal(r.body.created, 2);
    const [ra, rb] = await Promise.all(
      r.body.complaintIds.map((id: string) => api.call('GET', `/api/v1/complaints/${id}`, { token: staff })),
    );
    const stored = async () =>
      Promise.all(
        r.body.complaintIds.map(async (id: unknown) =>
          /^[0-9a-f]{24}$/.test(String(id))
            ? !!(await db.collection('complaints').findOne({ _id: new Types.ObjectId(String(id)) }))
            : `not an id: ${JSON.stringify(id)}`,
        ),
      );
    const read =
      ra.status === 200 && rb.status === 200
        ? ''
        : JSON.stringify({ imported: r.body, read: [ra, rb].map((x) => [x.status, x.body]), stored: await stored() });
    assert.equal(ra.status, 200, read);
    assert.equal(rb.status, 200, read);
    const [a, b] = [ra.body, rb.body];
    assert.equal(a.partnerId, partnerId);
    assert.equal(a.kind, 'ordinary');
    assert.equal(a.channel, 'hotline_10086');
    // minute precision, as the file has it
    assert.equal(new Date(a.receivedAt).getTime(), Math.floor(recent.getTime() / 60_000) * 60_000);
    assert.ok(new Date(a.dueAt) > now, 'two hours in, 12 working hours: still running');
    assert.equal(b.kind, 'escalated');
    assert.ok(new Date(b.dueAt) < now, 'five days old: past due');
    assert.match(a.no, new RegExp(`^TS-${shanghaiDate(now).replaceAll('-', '')}-`));
    // the timers: deterministic job ids in Redis; the past-due one's breach is due at once
    assert.ok(await sla.getJob(slaJobId(a.id, 'breach')), 'breach timer of the running one');
    const breach = await sla.getJob(slaJobId(b.id, 'breach'));
    assert.ok(breach, 'breach timer of the past-due one');
    assert.equal(breach!.opts.delay ?? 0, 0);
    // in the 临期投诉 queue
    const q = await api.call('GET', `/api/v1/complaints/queue?partnerId=${partnerId}`, { token: staff });
    assert.ok(q.body.items.some((c: any) => c.id === a.id));
    // audited: the import and each complaint
    const trail = (
      await api.call('GET', `/api/v1/audit?entity=complaint_import&entityId=${r.body.id}`, { token: staff })
    ).body;
    const items = Array.isArray(trail) ? trail : trail.items;
    assert.equal(items[0].action, 'complaint.import_accepted');
    const ct = (await api.call('GET', `/api/v1/audit?entity=complaint&entityId=${a.id}`, { token: staff })).body;
    const citems = Array.isArray(ct) ? ct : ct.items;
    assert.equal(citems[0].action, 'complaint.imported');
    assert.equal(citems[0].after.externalNo, 'GD-1');
  });

  it('FT-13 the same bytes twice return the earlier import; a 外部编号 seen before is never registered again', async () => {
    const file = csv(HEADER, `${code},普通,微信,重复测试,${beijing(new Date(Date.now() - H))},GD-77`);
    const first = await upload('a.csv', file);
    assert.equal(first.status, 201);
    const before = await counts();
    const again = await upload('renamed.csv', file);
    assert.equal(again.status, 200);
    assert.equal(again.body.id, first.body.id);
    assert.deepEqual(await counts(), before, 'nothing changes');
    // another file carrying GD-77 again (plus a new row): only the new row is registered
    const other = await upload(
      'b.csv',
      csv(
        HEADER,
        `${code},普通,微信,重复测试（再次导出）,${beijing(new Date(Date.now() - H))},GD-77`,
        `${code},普通,营业厅,新投诉,${beijing(new Date(Date.now() - H))},GD-78`,
      ),
    );
    assert.equal(other.status, 201, JSON.stringify(other.body));
    assert.equal(other.body.created, 1, JSON.stringify(other.body));
    assert.equal(other.body.existing, 1);
    assert.equal((await counts()).complaints, before.complaints + 1);
  });

  it('FT-13 the same file sent 10 times at once registers its complaints once', async () => {
    const before = await counts();
    const at = beijing(new Date(Date.now() - H));
    const file = csv(HEADER, `${code},普通,微信,并发一,${at},RACE-1`, `${code},普通,微信,并发二,${at},`);
    const results = await Promise.all(Array.from({ length: 10 }, () => upload('race.csv', file)));
    assert.ok(
      results.every((r) => [200, 201].includes(r.status)),
      JSON.stringify(results.map((r) => r.status)),
    );
    assert.equal(new Set(results.map((r) => r.body.id)).size, 1, 'one import record');
    const after = await counts();
    assert.equal(after.complaints, before.complaints + 2, 'two complaints, once each');
    assert.equal(after.imports, before.imports + 1);
  });

  it('FT-13 an Excel workbook with date-time cells is read as Beijing time', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('投诉');
    ws.addRow(['伙伴编码', '投诉类型', '渠道', '摘要', '受理时间', '外部编号']);
    const at = new Date(Math.floor((Date.now() - 3 * H) / 60_000) * 60_000);
    // Excel holds wall-clock time: 北京时间 written as if it were UTC
    ws.addRow([code, '普通', '营业厅', '营业厅投诉', new Date(at.getTime() + 8 * H), 'XL-1']);
    const r = await upload('投诉.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const c = (await api.call('GET', `/api/v1/complaints/${r.body.complaintIds[0]}`, { token: staff })).body;
    assert.equal(new Date(c.receivedAt).getTime(), at.getTime());
  });

  it('FT-13 a CSV saved by Chinese Excel in GBK imports with its Chinese intact; the template downloads in GBK too', async () => {
    const received = beijing(new Date(Date.now() - 3 * H));
    const text = [HEADER, `${code},普通,微信,客户反映套餐资费与宣传不符，要求退还差价,${received},GBK-1`].join('\r\n');
    const r = await upload('投诉（GBK）.csv', iconv.encode(`${text}\r\n`, 'gbk'));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const c = (await api.call('GET', `/api/v1/complaints/${r.body.complaintIds[0]}`, { token: staff })).body;
    assert.equal(c.summary, '客户反映套餐资费与宣传不符，要求退还差价');
    assert.equal(c.channel, 'wechat');
    const res = await fetch(`${api.url}/api/v1/complaints/imports/template?encoding=gbk`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=gbk');
    assert.match(
      iconv.decode(Buffer.from(await res.arrayBuffer()), 'gbk'),
      /^伙伴编码,投诉类型,渠道,摘要,受理时间,外部编号/,
    );
    const bad = await fetch(`${api.url}/api/v1/complaints/imports/template?encoding=latin1`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    assert.equal(bad.status, 400);
  });

  it('FT-13 only staff import; the template downloads', async () => {
    const partnerToken = await api.partnerToken(code);
    assert.equal((await upload('a.csv', csv(HEADER), partnerToken)).status, 403);
    const res = await fetch(`${api.url}/api/v1/complaints/imports/template`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    assert.equal(res.status, 200);
    assert.match(
      Buffer.from(await res.arrayBuffer()).toString('utf8'),
      /^\uFEFF伙伴编码,投诉类型,渠道,摘要,受理时间,外部编号/,
    );
    const list = await api.call('GET', `/api/v1/complaints/imports?programmeId=${programmeId}`, { token: staff });
    assert.ok(list.body.length >= 3);
  });

  it('WT-4 a complaint number held by a record the sequence never issued (a restored one) loses no imported complaint', async () => {
    // the next two numbers of today's sequence are taken by records written outside it
    const day = shanghaiDate(new Date()).replaceAll('-', '');
    const head = await db.collection('sequence_heads').findOne({ _id: `complaint-${day}` as never });
    const next = (head?.n ?? 0) + 1;
    await db
      .collection('complaints')
      .insertMany([next, next + 1].map((n) => ({ no: `TS-${day}-${String(n).padStart(4, '0')}`, restored: true })));
    const r = await upload(
      '恢复后导入.csv',
      csv(HEADER, `${code},普通,10086热线,恢复后导入的投诉,${beijing(new Date(Date.now() - H))},RESTORED-1`),
    );
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.created, 1);
    const read = await api.call('GET', `/api/v1/complaints/${r.body.complaintIds[0]}`, { token: staff });
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.equal(read.body.summary, '恢复后导入的投诉');
    assert.equal(read.body.no, `TS-${day}-${String(next + 2).padStart(4, '0')}`);
  });
});
