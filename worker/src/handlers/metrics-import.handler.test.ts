import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { Worker } from 'bullmq';
import {
  coreEnv,
  connectMetricsImports,
  MetricsImportService,
  MetricsRepository,
  QueueName,
  ScorecardInputService,
  connectCore,
  connectScorecards,
  metricsImportJobId,
  metricsImportWake,
  metricsModels,
  redisConnection,
  type MetricsImportDeps,
  type QueueMap,
  type ScorecardRepositories,
} from '@huoban/core';
import { workerTestbed, type WorkerTestbed } from '../../test/support.js';
import { metricsImportProcessor } from '../processors/index.js';

const STAFF = { type: 'user' as const, id: 'staff-1', role: 'staff' as const, name: '运营' };

describe('metrics import handler (real FerretDB + Redis)', () => {
  let bed: WorkerTestbed;
  let sc: ScorecardRepositories;
  let queue: QueueMap[QueueName.MetricsImports];
  let deps: MetricsImportDeps;
  let worker: Worker | undefined;
  let code: string;
  let partnerId: string;

  before(async () => {
    bed = await workerTestbed('metrics');
    sc = (await connectScorecards(connectCore(bed.conn))).repos;
    queue = bed.queue(QueueName.MetricsImports);
    deps = {
      metrics: new MetricsRepository(await metricsModels(bed.conn)),
      programmes: bed.repos.programmes,
      partners: bed.repos.partners,
      audit: bed.repos.audit,
      scorecardInputs: sc.inputs,
      scorecards: new ScorecardInputService(sc, bed.repos),
      wake: metricsImportWake(queue),
    };
    code = `W${bed.id}`;
    partnerId = (await bed.repos.partners.create({ code, name: '导入测试伙伴', programmeId: bed.programmeId }))!.id;
  });

  after(async () => {
    await worker?.close();
    await bed.close();
  });

  it('FT-12a an apply interrupted mid-way (and its wake-up lost) is finished at the next worker start, each figure written once', async () => {
    // the api's side: accept, which stores, commits and wakes (no worker runs yet)
    const csv = ['伙伴编码,月份,交易成功率', `${code},2026-07,0.99`, `${code},2026-08,0.9999`, `${code},2026-09,0.998`];
    const api = new MetricsImportService(deps, () => new Date('2026-11-23T02:00:00Z'));
    const { record } = await api.accept(bed.programmeId, { name: 'q3.csv', bytes: Buffer.from(csv.join('\n')) }, STAFF);
    assert.ok(await queue.getJob(metricsImportJobId(record.id)), 'the wake-up is queued under its deterministic id');

    // a worker applied the first row, saved its progress and died; Redis lost the wake-up too
    let calls = 0;
    const dying = new MetricsImportService(
      {
        ...deps,
        scorecards: {
          setSuccessRate: (...a) =>
            ++calls === 2 ? Promise.reject(new Error('killed')) : deps.scorecards.setSuccessRate(...a),
        },
      },
      undefined,
      1,
    );
    await assert.rejects(dying.apply(record.id), /killed/);
    await queue.obliterate({ force: true });
    const stopped = (await deps.metrics.get(record.id))!;
    assert.deepEqual([stopped.status, stopped.processed], ['applying', 1]);

    // the next worker start
    const logs: string[] = [];
    const wake = metricsImportWake(queue);
    const handler = (await connectMetricsImports(connectCore(bed.conn), wake, (m) => logs.push(m))).handlers[
      QueueName.MetricsImports
    ];
    worker = new Worker(QueueName.MetricsImports, metricsImportProcessor(handler), {
      connection: redisConnection(coreEnv().redisUrl),
      prefix: queue.opts.prefix,
      concurrency: 1,
    });
    assert.equal(await handler.recover(), 1);
    let done = stopped;
    for (let i = 0; i < 100 && done.status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      done = (await deps.metrics.get(record.id))!;
    }
    assert.deepEqual([done.status, done.processed, done.total], ['done', 3, 3]);
    assert.match(logs[0], /resuming 1 import/);

    const inputs = (await sc.inputs.get(partnerId, '2026H2'))!;
    assert.deepEqual(
      inputs.successRates.map((r) => [r.month, r.rate]),
      [
        ['2026-07', 0.99],
        ['2026-08', 0.9999],
        ['2026-09', 0.998],
      ],
    );
    const writes = (await bed.repos.audit.find({ entity: 'scorecard_inputs' })).filter(
      (e) => e.action === 'scorecard.success_rate_set',
    );
    assert.equal(writes.length, 3, 'the row applied before the crash is not written again');
    assert.ok(
      writes.every((e) => e.actor.id === STAFF.id),
      'written in the uploader’s name',
    );
    assert.equal(await handler.recover(), 0, 'nothing left to resume');
  });

  it('a wake-up whose job failed for good retries that job (BullMQ ignores a job id it already holds)', async () => {
    const importId = '0123456789abcdef01234567';
    const jobId = metricsImportJobId(importId);
    await worker?.close(); // only the failing consumer below
    worker = undefined;
    await queue.add('apply', { importId }, { jobId, attempts: 1 });
    const failing = new Worker(
      QueueName.MetricsImports,
      async () => {
        throw new Error('database down');
      },
      {
        connection: redisConnection(coreEnv().redisUrl),
        prefix: queue.opts.prefix,
      },
    );
    try {
      for (let i = 0; i < 100 && !(await (await queue.getJob(jobId))!.isFailed()); i++)
        await new Promise((r) => setTimeout(r, 20));
      assert.equal(await (await queue.getJob(jobId))!.getState(), 'failed');
      await failing.close();
      await deps.wake(importId);
      assert.notEqual(await (await queue.getJob(jobId))!.getState(), 'failed');
      await deps.wake(importId); // held and not failed: nothing added
      assert.equal((await queue.getJobs()).filter((j) => j.id === jobId).length, 1);
    } finally {
      await failing.close();
    }
  });
});
