import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { Repositories } from '../db/repositories.js';
import { SYSTEM_ACTOR, type Actor, type OwnerScope } from '../db/types.js';
import { DomainError } from '../errors.js';
import type { QueueMap } from '../queues/factory.js';
import { noticeJobId, type QueueName } from '../queues/index.js';
import { connectCore, type Core } from '../root.js';
import { connectScorecards } from '../scorecards/feature.js';
import { featureTestbed, type FeatureTestbed } from '../../test/feature-testbed.js';
import { nextReminder, reminderAt } from './rules.js';
import { connectDocuments, type DocumentInput, type DocumentsService } from './service.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const staffActor: Actor = { type: 'user', id: 'staff-1', role: 'staff', name: '运营' };
const STAFF: OwnerScope = { kind: 'staff' };

async function refused(p: Promise<unknown>, code: DomainError['code']): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DomainError, String(e));
    assert.equal(e.code, code, e.message);
    return e;
  }
  assert.fail(`expected ${code}`);
}

describe('documents with expiry (real FerretDB + Redis)', () => {
  let bed: FeatureTestbed;
  let conn: Connection;
  let repos: Repositories;
  let notices: QueueMap[QueueName.Notices];
  let programmeId: string;
  let docs: DocumentsService;
  let core: Core;
  // the clock the feature reads: moved by each test
  let now = new Date('2027-01-01T02:00:00Z');

  const partner = async (name: string) =>
    (await repos.partners.create({ code: `D${randomBytes(3).toString('hex')}`, name, programmeId }))!;
  const asPartner = (id: string): OwnerScope => ({ kind: 'partner', partnerId: id });
  const upload = (input: DocumentInput, scope: OwnerScope = STAFF, file = { name: '许可证.pdf', bytes: PDF }) =>
    docs.upload(input, file, scope, staffActor);
  const reminders = async (documentId: string) =>
    (await repos.audit.find({ entity: 'document', entityId: documentId })).filter(
      (e) => e.action === 'document.expiry_reminded',
    );

  before(async () => {
    bed = await featureTestbed('documents');
    ({ conn, repos, programmeId, notices } = bed);
    core = connectCore(conn, { notifier: bed.notifier, now: () => now });
    docs = (await connectDocuments(core)).service;
  });
  after(() => bed.close());

  it('FT-16 a certificate expiring in 40 days gets its 30-, 7- and 0-day reminders on their days at 09:00 Beijing, each once', async () => {
    now = new Date('2027-01-01T02:00:00Z');
    const p = await partner('证照提醒有限公司');
    await repos.partners.bindIdentity(`openid-${p.id}`, p.id); // signed in through WeChat: 订阅消息 reach it
    const doc = await upload({
      partnerId: p.id,
      kind: 'qualification',
      title: '增值电信业务经营许可证',
      number: 'B2-20250001',
      issuedOn: '2024-02-11',
      expiresOn: '2027-02-10',
    });
    assert.equal(doc.state, 'valid');
    assert.equal(doc.daysLeft, 40);
    const days = [
      ['2027-01-11T01:00:00Z', 30],
      ['2027-02-03T01:00:00Z', 7],
      ['2027-02-10T01:00:00Z', 0],
    ] as const;
    for (const [at, stage] of days) {
      const moment = new Date(at);
      assert.deepEqual(reminderAt('2027-02-10', stage), moment);
      // a second before: nothing is due for this document
      await docs.remindDue(new Date(moment.getTime() - 1000));
      assert.equal(
        (await reminders(doc.id)).length,
        days.findIndex(([a]) => a === at),
      );
      // at the moment, two runs at once (a retried job beside the schedule): one audit entry, one notice
      await Promise.all([docs.remindDue(moment), docs.remindDue(moment)]);
      await docs.remindDue(new Date(moment.getTime() + 3_600_000));
      const sent = await reminders(doc.id);
      assert.equal(sent.filter((e) => (e.after as { stage: number }).stage === stage).length, 1, `stage ${stage}`);
      assert.equal(sent.length, days.findIndex(([a]) => a === at) + 1);
      assert.deepEqual(sent.at(-1)?.at, moment);
      const notice = await notices.getJob(noticeJobId(`document-expiring-${doc.id}-${stage}`));
      assert.ok(notice, `the stage-${stage} notice is queued`);
      assert.match(notice.data.text, /【证照到期提醒】/);
      assert.match(notice.data.text, stage === 0 ? /今日到期/ : new RegExp(`${stage} 天后到期`));
      assert.match(notice.data.text, /证照提醒有限公司/);
    }
    // the partner's own 订阅消息, one per reminder (sent by the worker with its consent)
    const messages = await conn
      .collection('subscription_messages')
      .find({ partnerId: p.id, kind: 'document-expiring' })
      .toArray();
    assert.deepEqual(
      messages.map((m) => m.key).sort(),
      ['0d', '30d', '7d'].map((r) => `document-${doc.id}-expiring-${r}`),
    );
    assert.match(messages.find((m) => m.key.endsWith('-0d'))!.text, /今日到期/);
    // nothing left: the sweep's index no longer holds it
    assert.equal(nextReminder('2027-02-10', new Date('2027-02-10T01:00:00Z')), null);
    now = new Date('2027-02-11T02:00:00Z');
    await docs.remindDue(now);
    assert.equal((await reminders(doc.id)).length, 3);
    assert.equal(
      (await docs.repo.remindersDue(new Date('2030-01-01T00:00:00Z'), 1000)).some((d) => d.id === doc.id),
      false,
    );
  });

  it('after a long stop only the latest due reminder goes out, and one uploaded 5 days before expiry skips the 30- and 7-day ones', async () => {
    now = new Date('2027-03-01T02:00:00Z');
    const p = await partner('停机补发有限公司');
    const late = await upload({
      partnerId: p.id,
      kind: 'business_licence',
      title: '营业执照',
      issuedOn: '2020-01-01',
      expiresOn: '2027-04-30',
    });
    // the worker was down from before the 30-day moment until after the 7-day one
    await docs.remindDue(new Date('2027-04-24T03:00:00Z'));
    assert.deepEqual(
      (await reminders(late.id)).map((e) => (e.after as { stage: number }).stage),
      [7],
    );
    const soon = await upload({
      partnerId: p.id,
      kind: 'tax_status',
      title: '纳税信用证明',
      issuedOn: '2026-03-05',
      expiresOn: '2027-03-06',
    });
    await docs.remindDue(new Date('2027-03-06T01:00:00Z'));
    assert.deepEqual(
      (await reminders(soon.id)).map((e) => (e.after as { stage: number }).stage),
      [0],
    );
  });

  it('an expired document asks for a new upload; the replacement supersedes it once (a second replacement is 409), audited', async () => {
    now = new Date('2027-05-10T02:00:00Z');
    const p = await partner('到期换证有限公司');
    const old = await upload(
      {
        partnerId: p.id,
        kind: 'qualification',
        title: '支付业务许可证',
        issuedOn: '2022-05-01',
        expiresOn: '2027-05-09',
      },
      asPartner(p.id),
    );
    assert.equal(old.state, 'expired');
    assert.equal(old.stateLabel, '已过期，请重新上传');
    const input = {
      kind: 'qualification',
      title: '支付业务许可证',
      issuedOn: '2027-05-09',
      expiresOn: '2032-05-08',
      replaces: old.id,
    };
    const [a, b] = await Promise.allSettled([upload(input, asPartner(p.id)), upload(input, asPartner(p.id))]);
    assert.equal([a, b].filter((r) => r.status === 'fulfilled').length, 1, 'one replacement wins');
    const loser = [a, b].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal((loser.reason as DomainError).code, 'conflict');
    const mine = (await docs.mine(asPartner(p.id))).items;
    assert.deepEqual(mine.map((d) => d.state).sort(), ['superseded', 'valid']);
    assert.equal(mine.find((d) => d.state === 'superseded')?.supersededBy, mine.find((d) => d.state === 'valid')?.id);
    const trail = await repos.audit.find({ entity: 'document' });
    assert.ok(
      trail.some((e) => e.action === 'document.replaced' && (e.before as { documentId: string }).documentId === old.id),
    );
  });

  it('FT-16(b) is derived from the documents on the review day: the review names the expired certificate', async () => {
    const sc = await connectScorecards(core);
    const expired = await partner('资质过期有限公司');
    const valid = await partner('资质有效有限公司');
    for (const p of [expired, valid])
      await sc.repos.contracts.putDates({
        partnerId: p.id,
        signedAt: '2025-04-01',
        endsAt: '2028-03-31',
        // typed in by staff before documents were kept: the documents decide now
        certificatesValidUntil: '2026-12-31',
        meetsQualification: true,
        actor: SYSTEM_ACTOR,
      });
    now = new Date('2027-06-01T02:00:00Z');
    await upload({
      partnerId: expired.id,
      kind: 'qualification',
      title: '增值电信业务经营许可证',
      issuedOn: '2023-02-20',
      expiresOn: '2028-02-20',
    });
    await upload({
      partnerId: valid.id,
      kind: 'qualification',
      title: '增值电信业务经营许可证',
      issuedOn: '2023-05-01',
      expiresOn: '2030-04-30',
    });
    // the review opens at 00:00 Beijing on 2028-02-29, one month before 2028-03-31; the certificate ended 2028-02-20
    await sc.renewals.check(new Date('2028-02-28T16:00:00Z'));
    const [e] = (await sc.renewals.list({ partnerId: expired.id })).items;
    assert.equal(e.certificatesValid, false);
    assert.deepEqual(
      e.expiredDocuments.map((d) => [d.title, d.expiresOn]),
      [['增值电信业务经营许可证', '2028-02-20']],
    );
    assert.match(e.reasons.join(), /《增值电信业务经营许可证》（有效期至 2028-02-20）/);
    assert.equal(e.renew, false);
    const [v] = (await sc.renewals.list({ partnerId: valid.id })).items;
    assert.equal(v.certificatesValid, true, 'a valid document on file wins over the date typed in before');
    assert.deepEqual(v.expiredDocuments, []);
  });

  it('a partner reads only its own documents; an applicant only its own; staff page the expiring ones, soonest first', async () => {
    now = new Date('2027-07-01T02:00:00Z');
    const a = await partner('甲伙伴有限公司');
    const b = await partner('乙伙伴有限公司');
    const da = await upload(
      { kind: 'business_licence', title: '营业执照', issuedOn: '2020-01-01', expiresOn: '2027-07-20' },
      asPartner(a.id),
    );
    const db = await upload(
      { kind: 'business_licence', title: '营业执照', issuedOn: '2020-01-01', expiresOn: '2027-07-10' },
      asPartner(b.id),
    );
    // a partner files its own, whatever partnerId it sends
    const sneaky = await upload(
      { partnerId: b.id, kind: 'other', title: '其他', issuedOn: '2020-01-01' },
      asPartner(a.id),
    );
    assert.equal(sneaky.partnerId, a.id);
    await refused(docs.get(db.id, asPartner(a.id)), 'not_found');
    await refused(docs.file(db.id, asPartner(a.id)), 'not_found');
    assert.equal((await docs.file(da.id, asPartner(a.id))).bytes.equals(PDF), true);
    assert.ok((await docs.mine(asPartner(a.id))).items.every((d) => d.partnerId === a.id));
    await refused(docs.expiring({}, asPartner(a.id)), 'forbidden');
    await refused(docs.ofPartner(b.id, asPartner(a.id)), 'forbidden');
    const applicant: OwnerScope = { kind: 'applicant', applicantId: `applicant-${randomBytes(3).toString('hex')}` };
    const own = await upload({ kind: 'business_licence', title: '营业执照', issuedOn: '2021-01-01' }, applicant);
    assert.deepEqual(
      (await docs.mine(applicant)).items.map((d) => d.id),
      [own.id],
    );
    await refused(docs.get(da.id, applicant), 'not_found');
    await refused(docs.mine({ kind: 'none' }), 'forbidden');

    const page = await docs.expiring({ withinDays: 30, pageSize: 100 }, STAFF);
    const ours = page.items.filter((d) => [da.id, db.id].includes(d.id));
    assert.deepEqual(
      ours.map((d) => d.id),
      [db.id, da.id],
      'soonest first',
    );
    assert.deepEqual(
      ours.map((d) => d.partnerName),
      ['乙伙伴有限公司', '甲伙伴有限公司'],
    );
    assert.equal(ours[0].stateLabel, '9 天后到期');
    const expiries = page.items.map((d) => d.expiresOn!);
    assert.deepEqual([...expiries].sort(), expiries);
    assert.ok(expiries.every((d) => d <= '2027-07-31'));
  });

  it('bad input gets Chinese messages beside its fields and a file whose content is not its type is refused', async () => {
    now = new Date('2027-08-01T02:00:00Z');
    const p = await partner('校验有限公司');
    const e = await refused(
      upload({ partnerId: p.id, kind: 'qualification', title: ' ', issuedOn: '2027-09-01', expiresOn: '' }),
      'invalid',
    );
    assert.deepEqual(e.details, [
      'title: 证照名称 不能为空（不能只含空格或不可见字符）',
      'issuedOn: 签发日期不能晚于今天',
      'expiresOn: 特殊资质/证书须填写有效期至',
    ]);
    const order = await refused(
      upload({ partnerId: p.id, kind: 'x', title: '证', issuedOn: '2020-01-02', expiresOn: '2020-01-01' }),
      'invalid',
    );
    assert.deepEqual(order.details, ['kind: 请选择证照类型', 'expiresOn: 有效期至不能早于签发日期']);
    await refused(upload({ partnerId: p.id, kind: 'other', title: '证\u202e', issuedOn: '2020-01-01' }), 'invalid');
    await refused(upload({ partnerId: p.id, kind: 'other', title: '证', issuedOn: '1999-12-31' }), 'invalid');
    const fake = await refused(
      upload({ partnerId: p.id, kind: 'other', title: '证', issuedOn: '2020-01-01' }, STAFF, {
        name: 'a.pdf',
        bytes: Buffer.from('MZ not a pdf'),
      }),
      'invalid',
    );
    assert.match(fake.message, /^file: 只接受 pdf、jpg、png/);
    await refused(upload({ kind: 'other', title: '证', issuedOn: '2020-01-01' }), 'invalid');
  });
});
