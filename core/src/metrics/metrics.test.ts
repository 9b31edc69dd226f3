import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectMongo } from '../db/connection.js';
import { repositories, type Repositories } from '../db/repositories.js';
import { models } from '../db/schemas.js';
import { DEFAULT_COMPLAINT_WINDOW } from '../calendar/index.js';
import { SYSTEM_ACTOR } from '../db/types.js';
import { ScorecardInputService } from '../scorecards/inputs.service.js';
import { connectScorecards, type ScorecardRepositories } from '../scorecards/repositories.js';
import { MetricsImportService } from './import.service.js';
import { readCsv, writeXlsx, readSheet } from './sheet.js';
import { MetricsRepository, metricsModels } from './store.js';
import { validateMetrics, type MetricContext } from './validate.js';

const ctx = (over: Partial<MetricContext> = {}): MetricContext => ({
  partners: new Map([
    ['P001', { id: 'p1' }],
    ['P002', { id: 'p2' }],
  ]),
  closedPeriods: new Set(),
  currentMonth: '2026-11',
  ...over,
});
const table = (headers: string[], ...rows: (string | number | Date | null)[][]) => ({
  headers,
  rows: rows.map((cells, i) => ({ row: i + 2, cells })),
});

describe('metrics sheet reading and row validation (pure)', () => {
  it('CSV: BOM, quoted fields with commas and doubled quotes, CRLF, blank lines skipped', () => {
    const t = readCsv(Buffer.from('\uFEFF伙伴编码,备注\r\nP001,"a, ""b"""\r\n\r\nP002,"多\n行"\n'));
    assert.deepEqual(t.headers, ['伙伴编码', '备注']);
    assert.deepEqual(t.rows, [
      { row: 2, cells: ['P001', 'a, "b"'] },
      { row: 4, cells: ['P002', '多\n行'] },
    ]);
  });

  it('headers are matched by Chinese or English names, in any order and with units', () => {
    const { rows, errors } = validateMetrics(
      table(['Month', ' 结算前收入（元） ', 'partner_code', 'SUCCESS RATE'], ['2026年7月', '¥1,000', 'P001', '99.9%']),
      ctx(),
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(rows, [
      {
        row: 2,
        partnerId: 'p1',
        partnerCode: 'P001',
        month: '2026-07',
        revenue: 1000,
        successRate: 0.999,
        customers: null,
      },
    ]);
  });

  it('months: text forms and Excel dates; later than the current month is refused', () => {
    const months = ['2026-07', '2026/7', '2026-07-31', '202607', new Date(Date.UTC(2026, 6, 1))];
    for (const m of months) {
      const { rows, errors } = validateMetrics(table(['伙伴编码', '月份', '客户数'], ['P001', m, 1]), ctx());
      assert.deepEqual(errors, [], String(m));
      assert.equal(rows[0].month, '2026-07');
    }
    const { errors } = validateMetrics(table(['伙伴编码', '月份', '客户数'], ['P001', '2026-12', 1]), ctx());
    assert.match(errors[0].message, /尚未到来/);
  });

  it('FT-12a success rates: shares or percentages, 0..1, at most 4 decimals; a closed period refuses them', () => {
    const rate = (v: string | number) =>
      validateMetrics(table(['伙伴编码', '月份', '交易成功率'], ['P001', '2026-07', v]), ctx());
    assert.equal(rate('99.85%').rows[0].successRate, 0.9985);
    assert.equal(rate(0.9985).rows[0].successRate, 0.9985);
    assert.equal(rate(1).rows[0].successRate, 1);
    for (const bad of ['101%', 1.2, 99.85, '0.99855', 'abc'])
      assert.equal(rate(bad).errors[0]?.field, 'successRate', String(bad));
    const closed = validateMetrics(
      table(
        ['伙伴编码', '月份', '交易成功率', '结算前收入'],
        ['P001', '2026-03', 0.99, 1],
        ['P001', '2026-04', null, 1],
      ),
      ctx({ closedPeriods: new Set(['p1/2026H1']) }),
    );
    assert.deepEqual(
      closed.errors.map((e) => [e.row, e.field]),
      [[2, 'successRate']],
    );
  });

  it('xlsx written by writeXlsx reads back with the same header and values', async () => {
    const bytes = await writeXlsx(
      '表',
      [
        { header: '伙伴编码', value: (r: { code: string; n: number }) => r.code },
        { header: '客户数', value: (r) => r.n },
      ],
      [
        { code: 'P001', n: 3 },
        { code: 'P002', n: 4 },
      ],
    );
    const t = await readSheet('x.xlsx', bytes, 10);
    assert.deepEqual(t.headers, ['伙伴编码', '客户数']);
    assert.deepEqual(t.rows, [
      { row: 2, cells: ['P001', 3] },
      { row: 3, cells: ['P002', 4] },
    ]);
    await assert.rejects(readSheet('x.xlsx', bytes, 1), /不能超过 1 行/);
  });
});

describe('metrics import service (real FerretDB)', () => {
  const id = randomBytes(4).toString('hex');
  let conn: Connection;
  let repos: Repositories;
  let sc: ScorecardRepositories;
  let metrics: MetricsRepository;
  let service: MetricsImportService;
  let programmeId: string;
  let partner: { id: string; code: string };
  const now = new Date('2026-11-23T02:00:00Z');

  before(async () => {
    const url = new URL(process.env.HUOBAN_MONGO_URL ?? 'mongodb://127.0.0.1:27018/huoban');
    url.pathname = `/huoban_test_core_metrics_${id}`;
    conn = await connectMongo(url.toString());
    repos = repositories(models(conn));
    sc = await connectScorecards(conn);
    metrics = new MetricsRepository(await metricsModels(conn));
    const deps = {
      metrics,
      programmes: repos.programmes,
      partners: repos.partners,
      audit: repos.audit,
      scorecardInputs: sc.inputs,
      scorecards: new ScorecardInputService(sc, repos),
    };
    service = new MetricsImportService(deps, () => now);
    programmeId = (
      await repos.programmes.ensure({
        code: `m-${id}`,
        name: '测试计划',
        rulebook: 'scorecard',
        complaintWindow: DEFAULT_COMPLAINT_WINDOW,
        slaHours: 12,
        warningMinutes: [],
      })
    ).id;
    const p = (await repos.partners.create({ code: `M${id}`, name: '测试伙伴', programmeId }))!;
    partner = { id: p.id, code: p.code };
  });

  after(async () => {
    await conn.dropDatabase();
    await conn.close();
  });

  const file = (rate: number) => ({
    name: 'm.csv',
    bytes: Buffer.from(`伙伴编码,月份,交易成功率\n${partner.code},2026-08,${rate}\n${partner.code},2026-09,0.9999\n`),
  });

  it('FT-12a an import interrupted after its rows were stored is finished by resume(), once', async () => {
    const { created, record } = await service.accept(programmeId, file(0.99), SYSTEM_ACTOR);
    assert.equal(created, true);
    assert.equal(record.status, 'applying');
    assert.deepEqual(await service.inForce(programmeId, ['2026-08']), [], 'an unfinished import does not count');
    // no apply() here: the process "died"; the next start resumes it
    assert.equal(await service.resume(SYSTEM_ACTOR), 1);
    const done = (await service.get(record.id))!;
    assert.deepEqual([done.status, done.processed], ['done', 2]);
    const inputs = (await sc.inputs.get(partner.id, '2026H2'))!;
    assert.deepEqual(
      inputs.successRates.map((r) => [r.month, r.rate]),
      [
        ['2026-08', 0.99],
        ['2026-09', 0.9999],
      ],
    );
    assert.equal(await service.resume(SYSTEM_ACTOR), 0);
    const audits = (await repos.audit.find({ entity: 'scorecard_inputs' })).length;
    // a second file with one changed figure writes only that one
    const second = await service.accept(programmeId, file(0.995), SYSTEM_ACTOR);
    await service.apply(second.record.id, SYSTEM_ACTOR);
    assert.equal((await repos.audit.find({ entity: 'scorecard_inputs' })).length, audits + 1);
    const figures = await service.inForce(programmeId, ['2026-08', '2026-09']);
    assert.deepEqual(
      figures.map((f) => [f.month, f.successRate, f.importId]),
      [
        ['2026-08', 0.995, second.record.id],
        ['2026-09', 0.9999, second.record.id],
      ],
    );
  });

  it('an import whose rows were not all stored is discarded on resume, and the same file can come again', async () => {
    const f = { name: 'x.csv', bytes: Buffer.from(`伙伴编码,月份,客户数\n${partner.code},2026-10,7\n`) };
    const { record } = await service.accept(programmeId, f, SYSTEM_ACTOR);
    await conn.collection('monthly_metrics').deleteMany({ month: '2026-10' }); // the crash hit mid-insert
    await service.resume(SYSTEM_ACTOR);
    assert.equal(await service.get(record.id), null);
    const again = await service.accept(programmeId, f, SYSTEM_ACTOR);
    assert.equal(again.created, true);
    await service.apply(again.record.id, SYSTEM_ACTOR);
    assert.equal((await service.inForce(programmeId, ['2026-10']))[0].customers, 7);
  });
});
