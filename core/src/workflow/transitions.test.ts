import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { Schema, Types, type Connection, type Model } from 'mongoose';
import { connectMongo } from '../db/connection.js';
import { models } from '../db/schemas.js';
import { AuditRepository } from '../db/repositories.js';
import { DomainError } from '../errors.js';
import type { NoticeJobData } from '../queues/index.js';
import { revisionField, workflowModels } from './schemas.js';
import { Sequences, Transitions, claimId } from './transitions.js';
import { coreEnv } from '../config.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const actor = { type: 'user' as const, id: 'u1', role: 'staff' as const };
const notice = (id: string): NoticeJobData => ({
  noticeId: id,
  kind: 'generic',
  audience: 'staff',
  text: id,
  ref: { entity: 'case', id },
  createdAt: new Date().toISOString(),
});

describe('workflow transitions on FerretDB (the claim under a unique key)', () => {
  let conn: Connection;
  let Case: Model<any>;
  let audit: AuditRepository;
  const sent: NoticeJobData[] = [];
  let transitions: Transitions;

  before(async () => {
    const url = new URL(coreEnv().mongoUrl);
    url.pathname = `/huoban_test_core_workflow_${randomBytes(4).toString('hex')}`;
    conn = await connectMongo(url.toString());
    Case = (conn.model.bind(conn) as unknown as (n: string, s: Schema<any>) => Model<any>)(
      'RaceCase',
      new Schema<any>(
        { status: String, notes: { type: [String], default: [] }, ...revisionField },
        { collection: 'race_cases' },
      ),
    );
    audit = new AuditRepository(models(conn));
    transitions = new Transitions(conn, audit, { notify: async (...n) => void sent.push(...n) });
  });
  after(async () => {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  });

  const step = (id: string, rev: number, status: string, note: string) =>
    transitions.apply({
      model: 'RaceCase',
      entity: 'race_case',
      id,
      rev,
      action: `race_case.${status}`,
      actor,
      set: { status },
      push: { notes: note },
      before: { status: 'open' },
      notices: [notice(`race-${id}-${rev}`)],
    });

  it('20 identical decisions at once: exactly one applied, one audit entry, one notice, nothing lost', async () => {
    const c = await Case.create({ status: 'open' });
    const id = String(c._id);
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => step(id, 0, 'taken', `n${i}`)));
    const won = results.filter((r) => r.status === 'fulfilled');
    assert.equal(won.length, 1);
    for (const r of results)
      if (r.status === 'rejected') {
        assert.ok(r.reason instanceof DomainError);
        assert.equal((r.reason as DomainError).status, 409);
      }
    const stored = await Case.findById(id).lean<any>();
    assert.equal(stored.status, 'taken');
    assert.equal(stored.rev, 1);
    assert.equal(stored.notes.length, 1);
    assert.equal((await audit.find({ entity: 'race_case', entityId: id })).length, 1);
    assert.equal(sent.filter((n) => n.noticeId === `race-${id}-0`).length, 1);
  });

  it('20 competing decisions at once: one wins, the document holds exactly its update', async () => {
    const c = await Case.create({ status: 'open' });
    const id = String(c._id);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => step(id, 0, i % 2 ? 'approved' : 'rejected', `d${i}`)),
    );
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    assert.equal(won.length, 1);
    const stored = await Case.findById(id).lean<any>();
    assert.equal(stored.status, won[0].status);
    assert.deepEqual(stored.notes, won[0].notes);
    assert.equal((await audit.find({ entity: 'race_case', entityId: id })).length, 1);
  });

  it('a stale revision is refused (409) and a step interrupted after its claim is finished by recover()', async () => {
    const c = await Case.create({ status: 'open' });
    const id = String(c._id);
    await step(id, 0, 'first', 'a');
    await assert.rejects(step(id, 0, 'again', 'b'), (e: DomainError) => e.status === 409);
    // a process that died right after claiming revision 1
    await workflowModels(conn).Claim.create({
      _id: claimId('race_case', id, 1),
      model: 'RaceCase',
      entity: 'race_case',
      entityId: id,
      rev: 1,
      action: 'race_case.second',
      actor,
      update: { set: { status: 'second' }, push: { notes: 'c' } },
      audit: { after: { status: 'second' } },
      notices: [notice(`race-${id}-1`)],
      state: 'claimed',
      at: new Date(Date.now() - 120_000),
    });
    assert.ok((await transitions.recover(60_000)) >= 1);
    assert.equal(await transitions.recover(60_000), 0);
    const stored = await Case.findById(id).lean<any>();
    assert.equal(stored.status, 'second');
    assert.deepEqual(stored.notes, ['a', 'c']);
    assert.equal(stored.rev, 2);
    assert.equal((await audit.find({ entity: 'race_case', entityId: id })).length, 2);
    assert.equal(sent.filter((n) => n.noticeId === `race-${id}-1`).length, 1);
  });

  it('property: a step at any revision other than the current one is a 409 that claims, records and posts nothing', async () => {
    const revision = fc.oneof(
      fc.integer({ min: -3, max: 8 }),
      fc.integer(),
      fc.constantFrom(2 ** 53, 2 ** 53 - 1, 1e20, Number.MAX_VALUE, Infinity, NaN, -0.5),
      fc.double({ noNaN: true }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3 }),
        fc.array(revision, { minLength: 1, maxLength: 4 }),
        async (k, revs) => {
          const c = await Case.create({ status: 'open' });
          const id = String(c._id);
          for (let r = 0; r < k; r++) await step(id, r, `s${r}`, `n${r}`);
          for (const rev of revs) {
            const stored = await Case.findById(id).lean<any>();
            const before = {
              claims: await workflowModels(conn).Claim.countDocuments({ entityId: id }),
              audit: (await audit.find({ entity: 'race_case', entityId: id })).length,
              sent: sent.length,
            };
            if (rev === stored.rev) {
              await step(id, rev, 'current', 'ok');
              assert.equal((await Case.findById(id).lean<any>()).rev, stored.rev + 1);
              continue;
            }
            await assert.rejects(step(id, rev, 'unreached', 'x'), (e: DomainError) => e.status === 409);
            assert.deepEqual(await Case.findById(id).lean<any>(), stored);
            assert.equal(await workflowModels(conn).Claim.countDocuments({ entityId: id }), before.claims);
            assert.equal((await audit.find({ entity: 'race_case', entityId: id })).length, before.audit);
            assert.equal(sent.length, before.sent);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('applyAll claims every step before it creates: a refused claim releases the others and creates nothing', async () => {
    const [x, y] = [await Case.create({ status: 'open' }), await Case.create({ status: 'open' })];
    await step(String(y._id), 0, 'taken', 'y');
    const createdId = new Types.ObjectId();
    const both = (ry: number) =>
      transitions.applyAll(
        [x, y].map((d, i) => ({
          model: 'RaceCase',
          entity: 'race_case',
          id: String(d._id),
          rev: i ? ry : 0,
          action: 'race_case.grouped',
          actor,
          set: { status: 'grouped' },
        })),
        {
          model: 'RaceCase',
          doc: { _id: createdId, status: 'group' },
          action: 'race_case.created',
          entity: 'race_case',
        },
      );
    await assert.rejects(both(0), (e: DomainError) => e.status === 409);
    assert.equal(await workflowModels(conn).Claim.countDocuments({ entityId: String(x._id) }), 0);
    assert.equal(await Case.countDocuments({ _id: createdId }), 0);
    const [dx, dy] = await both(1);
    assert.deepEqual([dx.status, dy.status], ['grouped', 'grouped']);
    assert.equal(await Case.countDocuments({ _id: createdId }), 1);
    assert.deepEqual(
      (await audit.find({ entity: 'race_case', entityId: String(createdId) })).map((e) => e.action),
      ['race_case.created'],
    );
  });

  it('sequence numbers come from claims: 20 concurrent draws give 1..20 once each', async () => {
    const seq = new Sequences(conn);
    const scope = `letters-${randomBytes(3).toString('hex')}`;
    const ns = await Promise.all(Array.from({ length: 20 }, () => seq.next(scope)));
    assert.deepEqual(
      [...ns].sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it("a sequence starts from its head document, not from the scope's claims (a claim never reads history)", async () => {
    const seq = new Sequences(conn);
    const { Sequence, SequenceHead } = workflowModels(conn);
    const scope = `heads-${randomBytes(3).toString('hex')}`;
    const at = new Date();
    // a scope stored before heads existed: its highest claim is read once, then the head is kept
    await Sequence.insertMany([1, 2, 3].map((n) => ({ _id: `${scope}-${n}`, scope, n, at })));
    assert.equal(await seq.next(scope), 4);
    assert.equal((await SequenceHead.findOne({ _id: scope }).lean<any>()).n, 4);
    // the head alone says where to start: claims below it are never read
    await SequenceHead.updateOne({ _id: scope }, { $set: { n: 40 } });
    assert.equal(await seq.next(scope), 41);
    // a stale head (behind a claim) only costs a probe: the taken number is skipped
    await Sequence.create({ _id: `${scope}-42`, scope, n: 42, at });
    assert.equal(await seq.next(scope), 43);
    assert.equal((await SequenceHead.findOne({ _id: scope }).lean<any>()).n, 43);
  });
});
