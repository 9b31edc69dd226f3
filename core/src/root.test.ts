import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { featureTestbed, type FeatureTestbed } from '../test/feature-testbed.js';
import { coreConfig, coreEnv } from './config.js';
import { connectCredit } from './credit/feature.js';
import { connectExit } from './exit/service.js';
import type { IntakeDeps } from './intake/context.js';
import { connectIntake } from './intake/service.js';
import type { Queue } from 'bullmq';
import { connectAlerts } from './alerts/service.js';
import { connectComplaints } from './complaints/service.js';
import { connectDocuments } from './documents/service.js';
import { connectMetricsImports } from './metrics/import.service.js';
import { connectWecom } from './notify/wecom/index.js';
import { redisConnection } from './queues/factory.js';
import { QueueName } from './queues/index.js';
import { QUEUES, createQueues } from './queues/table.js';
import { connectCore, type Feature } from './root.js';
import { connectScorecards } from './scorecards/feature.js';
import { connectSubscriptionConsents, connectSubscriptions } from './subscriptions/index.js';

describe('the composition root builds the shared pieces once (issue #17 item 3; real FerretDB)', () => {
  let bed: FeatureTestbed;
  before(async () => {
    bed = await featureTestbed('root');
  });
  after(() => bed.close());

  it('features without options are built once per core and shared: exit and intake use the one credit ledger', async () => {
    const now = () => new Date('2026-12-07T02:00:00Z');
    const config = { ...coreConfig({}), publicUrl: 'https://h5.example.cn' };
    const core = connectCore(bed.conn, { notifier: bed.notifier, now, config });
    const credit = await connectCredit(core);
    assert.equal(await connectCredit(core), credit);
    assert.equal(await connectScorecards(core), await connectScorecards(core));
    const exit = await connectExit(core);
    assert.equal(exit.service.credit, credit.repos);
    // the core's clock, config and lifecycle reach the features built on it
    const intake = (await connectIntake(core)).service as unknown as { x: { deps: IntakeDeps; now(): Date } };
    assert.equal(intake.x.deps.creditLedger, credit.ledger);
    assert.equal(intake.x.deps.publicUrl, 'https://h5.example.cn');
    assert.equal(intake.x.deps.lifecycle, core.lifecycle);
    assert.equal(intake.x.deps.transitions, core.transitions);
    assert.equal(intake.x.now().toISOString(), '2026-12-07T02:00:00.000Z');
    // another core (another process) builds its own
    assert.notEqual(await connectCredit(connectCore(bed.conn, { config })), credit);
  });

  it('every connect<Feature> returns { service, handlers }, and their handlers serve every queue the worker consumes', async () => {
    const redis = redisConnection(coreEnv().redisUrl);
    const prefix = `t-root-${bed.id}`;
    const queues = createQueues(redis, prefix);
    const queue = <T>(name: string) => queues.get(name) as Queue<T>;
    try {
      const core = connectCore(bed.conn, { notifier: bed.notifier });
      const features: Record<string, Feature<unknown, object>> = {
        credit: await connectCredit(core),
        scorecards: await connectScorecards(core),
        complaints: await connectComplaints(core, { queue: queue(QueueName.Sla) }),
        intake: await connectIntake(core, { queue: queue('intake') }),
        exit: await connectExit(core, { queue: queue('exit') }),
        documents: await connectDocuments(core),
        metricsImports: await connectMetricsImports(core, async () => undefined),
        alerts: connectAlerts(core),
        consents: await connectSubscriptionConsents(core),
        subscriptions: await connectSubscriptions(core, { queue: queue('subscriptions'), redis, prefix, api: null }),
        wecom: connectWecom(core, redis, prefix, { queue: queue('wecom') }),
      };
      for (const [name, f] of Object.entries(features)) {
        assert.ok(f.service, `${name}: service`);
        assert.equal(typeof f.handlers, 'object', `${name}: handlers`);
      }
      const handled = new Set(Object.values(features).flatMap((f) => Object.keys(f.handlers)));
      const consumed = QUEUES.filter((q) => q.consumer === 'worker' && q.name !== QueueName.Schedules).map(
        (q) => q.name,
      );
      assert.deepEqual(
        consumed.filter((n) => !handled.has(n)),
        [],
      );
      for (const task of ['sla-sweep', 'scorecard-anomaly', 'scorecard-renewal', 'credit-close', 'intake-sweep'])
        assert.ok(handled.has(task), task);
    } finally {
      await Promise.all([...queues.values()].map((q) => q.close()));
      redis.disconnect();
    }
  });
});
