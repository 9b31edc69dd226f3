import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { featureTestbed, type FeatureTestbed } from '../../test/feature-testbed.js';
import { DEFAULT_COMPLAINT_WINDOW } from '../calendar/index.js';
import { periodOf, parsePeriod } from '../rules/scorecard.js';
import type { ComplaintKind, ComplaintRecord, PartnerRecord } from '../db/types.js';
import { coreEnv } from '../config.js';
import { connectCore, type Core } from '../root.js';
import { evaluateScorecard } from './evaluate.js';
import { connectScorecards, type ScorecardFeature } from './feature.js';
import { complaintFields } from '../testing/complaints.js';

const H = 3_600_000;

/** The partner home (`GET /scorecards/me`, issue #16): what the live view reads of the store. */
describe('partner home reads (real FerretDB)', () => {
  let bed: FeatureTestbed;
  let monitored: Connection;
  let core: Core;
  let feature: ScorecardFeature;
  let partner: PartnerRecord;
  const finds: string[] = [];
  const now = new Date();
  const start = parsePeriod(periodOf(now))!.start.getTime();

  const complaint = (kind: ComplaintKind, receivedAt: number, patch: Partial<ComplaintRecord> = {}) =>
    bed.repos.complaints.create(
      complaintFields({
        programmeId: bed.programmeId,
        partnerId: partner.id,
        kind,
        channel: kind === 'ordinary' ? 'hotline_10086' : 'miit',
        summary: '一段很长的投诉内容'.repeat(20),
        receivedAt: new Date(receivedAt),
        ...patch,
      }),
    );

  before(async () => {
    bed = await featureTestbed('home');
    // the same database through a connection whose commands are heard
    const url = new URL(coreEnv().mongoUrl);
    url.pathname = `/${bed.conn.db!.databaseName}`;
    monitored = await mongoose
      .createConnection(url.toString(), { monitorCommands: true, autoIndex: false })
      .asPromise();
    monitored.getClient().on('commandStarted', (e) => {
      if (e.commandName === 'find') finds.push(String(e.command.find));
      if (e.commandName === 'aggregate') finds.push(`aggregate ${String(e.command.aggregate)}`);
    });
    core = connectCore(monitored);
    feature = await connectScorecards(core);
    partner = (await bed.repos.partners.create({
      code: `H${randomBytes(3).toString('hex')}`,
      name: '首页测试有限公司',
      programmeId: bed.programmeId,
    }))!;
    const t = Math.max(start + H, now.getTime() - 40 * H);
    await complaint('ordinary', t, { status: 'closed', effectiveReplyAt: new Date(t + H), slaSettled: true });
    await complaint('ordinary', t + H, { breachedAt: new Date(t + 13 * H), slaSettled: true }); // late
    await complaint('escalated', t + 2 * H);
    await complaint('ordinary', now.getTime() - H); // not yet due: pending
  });

  after(async () => {
    await monitored.close();
    await bed.close();
  });

  /** The live view's score parts, and the same computed from the partner's whole stored complaints. */
  const scoredBoth = async () => {
    const view = await feature.service.view(partner.id, undefined, now);
    const whole = await bed.repos.complaints.all({ partnerId: partner.id });
    const fromWhole = evaluateScorecard(
      { period: view.period, inputs: null, complaints: whole, flags: new Map(), now },
      (await feature.repos.tables.inForce(bed.programmeId)).tables,
      DEFAULT_COMPLAINT_WINDOW,
      await core.calendar.get(now.getTime()),
    );
    return {
      view: { input: view.input, result: view.result, entries: view.entries, pending: view.pending },
      whole: {
        input: fromWhole.input,
        result: fromWhole.result,
        entries: fromWhole.entries,
        pending: fromWhole.pending,
      },
    };
  };

  it('FT-12 the live view is scored from the complaints read with their scoring fields only, as from the whole records', async () => {
    const p = parsePeriod(periodOf(now))!;
    const read = await feature.repos.complaints.received(partner.id, p.start, p.end);
    assert.equal(read.length, 4);
    for (const c of read) assert.equal('summary' in c || 'window' in c || 'warningsSent' in c, false, c.no);
    const { view, whole } = await scoredBoth();
    assert.deepEqual(view, whole);
    assert.equal(view.pending.length, 1);
    assert.equal(view.result.detail.lateOrdinary, 1);
  });

  it('issue #16: the live view reads each store once (the closed periods answer the period snapshot too, the score needs no closure), its closed complaints counted, not read again', async () => {
    finds.length = 0;
    await feature.service.view(partner.id, undefined, now);
    assert.deepEqual([...finds].sort(), [
      'aggregate complaints',
      'complaints',
      'partners',
      'programmes',
      'rectifications',
      'scorecard_escalations',
      'scorecard_inputs',
      'scorecard_snapshots',
      'scorecard_tables',
    ]);
  });

  it('issue #16: a complaint closed, or stored closed, since the last view is read again: the view stays as from the whole records', async () => {
    const running = (await bed.repos.complaints.all({ partnerId: partner.id })).find((c) => c.kind === 'escalated')!;
    await bed.conn
      .collection('complaints')
      .updateOne(
        { _id: new mongoose.Types.ObjectId(running.id) },
        { $set: { status: 'closed', effectiveReplyAt: new Date(running.receivedAt.getTime() + H) } },
      );
    let both = await scoredBoth();
    assert.deepEqual(both.view, both.whole);
    const t = Math.max(start + H, now.getTime() - 30 * H);
    await complaint('ordinary', t, { status: 'closed', effectiveReplyAt: new Date(t + 20 * H), slaSettled: true });
    both = await scoredBoth();
    assert.deepEqual(both.view, both.whole);
    assert.equal(both.view.result.detail.lateOrdinary, 2, 'the late one stored closed is counted');
    finds.length = 0;
    await feature.service.view(partner.id, undefined, now);
    assert.equal(finds.filter((f) => f === 'complaints').length, 1, 'nothing closed since: only the running ones read');
  });
});
