import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { featureTestbed, type FeatureTestbed } from '../test/feature-testbed.js';
import { coreConfig } from './config.js';
import { connectCredit } from './credit/feature.js';
import { connectExit } from './exit/service.js';
import type { IntakeDeps } from './intake/context.js';
import { connectIntake } from './intake/service.js';
import { connectCore } from './root.js';
import { connectScorecards } from './scorecards/feature.js';

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
    const intake = (await connectIntake(core)) as unknown as { x: { deps: IntakeDeps; now(): Date } };
    assert.equal(intake.x.deps.creditLedger, credit.ledger);
    assert.equal(intake.x.deps.publicUrl, 'https://h5.example.cn');
    assert.equal(intake.x.deps.lifecycle, core.lifecycle);
    assert.equal(intake.x.deps.transitions, core.transitions);
    assert.equal(intake.x.now().toISOString(), '2026-12-07T02:00:00.000Z');
    // another core (another process) builds its own
    assert.notEqual(await connectCredit(connectCore(bed.conn, { config })), credit);
  });
});
