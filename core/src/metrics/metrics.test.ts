import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectMongo } from '../db/connection.js';
import type { Repositories } from '../db/repositories.js';
import { DEFAULT_COMPLAINT_WINDOW } from '../calendar/index.js';
import { SYSTEM_ACTOR } from '../db/types.js';
import { ScorecardInputService } from '../scorecards/inputs.service.js';
import { connectCore } from '../root.js';
import { connectScorecards } from '../scorecards/feature.js';
import type { ScorecardRepositories } from '../scorecards/repositories.js';
import { METRICS_STALE_MS, MetricsImportService, type MetricsImportDeps } from './import.service.js';
import { readCsv, writeXlsx, readSheet } from './sheet.js';
import { MetricsRepository, metricsModels } from './store.js';
import { validateMetrics, type MetricContext } from './validate.js';
import { coreEnv } from '../config.js';

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

  it('FT-17.1 the industry-customers column (行业客户数) is read as customers', () => {
    const { rows, errors } = validateMetrics(table(['伙伴编码', '月份', '行业客户数'], ['P001', '2026-07', 0]), ctx());
    assert.deepEqual(errors, []);
    assert.equal(rows[0].customers, 0);
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
  let deps: MetricsImportDeps;
  let programmeId: string;
  let partner: { id: string; code: string };
  const woken: string[] = [];
  const now = new Date('2026-11-23T02:00:00Z');
  /** The service as the worker runs it: progress after every row, and a fault injected into the n-th rate write. */
  const service = (opts: { at?: Date; faultAt?: number } = {}) => {
    let calls = 0;
    const scorecards: MetricsImportDeps['scorecards'] = {
      setSuccessRate: (...a) => {
        if (++calls === opts.faultAt) return Promise.reject(new Error('connection lost'));
        return deps.scorecards.setSuccessRate(...a);
      },
    };
    return new MetricsImportService({ ...deps, scorecards }, () => opts.at ?? now, 1);
  };
  const rateAudits = async () =>
    (await repos.audit.find({ entity: 'scorecard_inputs' })).filter((e) => e.action === 'scorecard.success_rate_set');
  const file = (name: string, rates: number[]) => ({
    name,
    bytes: Buffer.from(
      ['伙伴编码,月份,交易成功率', ...rates.map((r, i) => `${partner.code},2026-0${7 + i},${r}`)].join('\n'),
    ),
  });

  before(async () => {
    const url = new URL(coreEnv().mongoUrl);
    url.pathname = `/huoban_test_core_metrics_${id}`;
    conn = await connectMongo(url.toString());
    const core = connectCore(conn);
    repos = core.repos;
    sc = (await connectScorecards(core)).repos;
    deps = {
      metrics: new MetricsRepository(await metricsModels(conn)),
      programmes: repos.programmes,
      partners: repos.partners,
      audit: repos.audit,
      scorecardInputs: sc.inputs,
      scorecards: new ScorecardInputService(sc, repos),
      wake: async (importId) => void woken.push(importId),
    };
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

  it('FT-12a a committed import counts at once; its effects resume where they stopped and write each figure once', async () => {
    const { created, record } = await service().accept(programmeId, file('q.csv', [0.99, 0.9999, 0.998]), SYSTEM_ACTOR);
    assert.equal(created, true);
    assert.deepEqual([record.status, record.processed, woken.at(-1)], ['applying', 0, record.id]);
    assert.equal((await service().inForce(programmeId, ['2026-08']))[0].successRate, 0.9999, 'in force once committed');

    await assert.rejects(service({ faultAt: 2 }).apply(record.id), /connection lost/);
    const stopped = (await service().get(record.id))!;
    assert.deepEqual([stopped.status, stopped.processed], ['applying', 1]);
    assert.deepEqual(await service().recover(SYSTEM_ACTOR), [record.id], 'the worker wakes itself for it at start');
    const done = (await service().apply(record.id))!;
    assert.deepEqual([done.status, done.processed, done.total], ['done', 3, 3]);
    assert.deepEqual(await service().recover(SYSTEM_ACTOR), []);
    const inputs = (await sc.inputs.get(partner.id, '2026H2'))!;
    assert.deepEqual(
      inputs.successRates.map((r) => [r.month, r.rate]),
      [
        ['2026-07', 0.99],
        ['2026-08', 0.9999],
        ['2026-09', 0.998],
      ],
    );
    assert.equal((await rateAudits()).length, 3, 'each month written and audited once');
    await service().apply(record.id);
    assert.equal((await rateAudits()).length, 3, 'applying a done import again changes nothing');
  });

  it('FT-12a only the figure in force is applied: an older import applied after a newer one changes nothing', async () => {
    const older = await service().accept(programmeId, file('old.csv', [0.97]), SYSTEM_ACTOR);
    const newer = await service().accept(programmeId, file('new.csv', [0.995]), SYSTEM_ACTOR);
    const audits = (await rateAudits()).length;
    await service().apply(newer.record.id);
    await service().apply(older.record.id);
    const inputs = (await sc.inputs.get(partner.id, '2026H2'))!;
    assert.equal(inputs.successRates.find((r) => r.month === '2026-07')!.rate, 0.995);
    assert.equal((await rateAudits()).length, audits + 1);
    const [figure] = await service().inForce(programmeId, ['2026-07']);
    assert.deepEqual([figure.successRate, figure.importId], [0.995, newer.record.id]);
  });

  it('an upload interrupted while storing its rows never counts, is marked failed once stale, and can come again', async () => {
    const f = { name: 'x.csv', bytes: Buffer.from(`伙伴编码,月份,客户数\n${partner.code},2026-10,7\n`) };
    const { record } = await service().accept(programmeId, f, SYSTEM_ACTOR);
    // the crash hit mid-insert, before the commit
    await conn.collection('metrics_imports').updateOne({ sha256: record.sha256 }, { $set: { committedAt: null } });
    await conn.collection('monthly_metrics').deleteMany({ month: '2026-10' });
    assert.deepEqual(await service().inForce(programmeId, ['2026-10']), []);
    assert.deepEqual(await service().recover(SYSTEM_ACTOR), [], 'not stale yet: it may still be storing');
    assert.equal((await service().accept(programmeId, f, SYSTEM_ACTOR)).created, false);
    const later = new Date(now.getTime() + METRICS_STALE_MS);
    assert.deepEqual(await service({ at: later }).recover(SYSTEM_ACTOR), []);
    assert.equal((await service().get(record.id))!.status, 'failed');
    const again = await service({ at: later }).accept(programmeId, f, SYSTEM_ACTOR);
    assert.equal(again.created, true);
    assert.equal((await service().inForce(programmeId, ['2026-10']))[0].customers, 7);
    const trail = await repos.audit.find({ entity: 'metrics_import', entityId: record.id });
    assert.deepEqual(
      trail.map((e) => e.action),
      ['metrics.import_accepted', 'metrics.import_failed'],
    );
  });
});
