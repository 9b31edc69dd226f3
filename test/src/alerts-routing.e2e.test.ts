/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { DEFAULT_COMPLAINT_WINDOW, connectMongo, nextOutsideQuietHours } from '@huoban/core';
import { startSystem, waitFor, type System } from './support/system.js';

const API_PORT = Number(process.env.HUOBAN_E2E_API_PORT ?? 3100);
const WEB_PORT = Number(process.env.HUOBAN_E2E_WEB_PORT ?? 8180);
const ENV_ROOM = 'room:伙伴运营值班群';
const PROGRAMME_ROOM = '甲项目告警群';
/** `HH:mm` in Beijing of now + minutes. */
const beijingClock = (minutes: number) =>
  new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000).toISOString().slice(11, 16);

/**
 * Issue #11 across real processes (api + worker + bot on FerretDB and Redis): a programme's alert settings route its
 * notices to its own room, an urgent one at once inside its quiet hours, a non-urgent one held in the outbox (the
 * worker's outbox recovery, every 2 s here, does not post it early).
 */
describe('alert routing and quiet hours end to end', () => {
  let sys: System;
  let db: Connection;
  let staff: string;
  let programmeId: string;
  let partnerId: string;
  const quiet = { start: beijingClock(-60), end: beijingClock(120) }; // now lies inside

  const must = async (method: string, path: string, body?: unknown) => {
    const r = await sys.call(method, path, { token: staff, body });
    assert.ok([200, 201].includes(r.status), `${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const deliveries = (entity: string, id: string) =>
    db.collection('bot_deliveries').find({ 'ref.entity': entity, 'ref.id': id }).toArray();

  before(async () => {
    sys = await startSystem({ apiPort: API_PORT, webPort: WEB_PORT, web: false });
    db = await connectMongo(sys.mongoUrl);
    staff = await sys.staffToken();
    programmeId = (
      await must('POST', '/api/v1/programmes', {
        code: `e2e-alerts-${randomBytes(3).toString('hex')}`,
        name: '告警测试计划',
        rulebook: 'scorecard',
        complaintWindow: DEFAULT_COMPLAINT_WINDOW,
        slaHours: 12,
        warningMinutes: [120, 30],
      })
    ).id;
    const code = `A${randomBytes(3).toString('hex').toUpperCase()}`;
    partnerId = (await must('POST', '/api/v1/partners', { code, name: '告警端到端科技有限公司', programmeId })).id;
    await must('PUT', `/api/v1/programmes/${programmeId}/alert-settings`, {
      rooms: [PROGRAMME_ROOM],
      contacts: [],
      quietHours: quiet,
      rev: 0,
      reason: '端到端：本项目告警发往项目群，当前处于免打扰时段',
    });
    await sys.botLoggedIn();
  });
  after(async () => {
    await db?.close();
    await sys?.stop();
  });

  it('a suspension (urgent) inside the quiet hours is posted at once to the programme’s room only', async () => {
    await must('POST', `/api/v1/partners/${partnerId}/suspend`, { reason: '投诉量异常，暂停合作核查' });
    const posted = await waitFor(
      'suspension posted',
      async () => {
        const d = await deliveries('partner', partnerId);
        return d.length ? d : undefined;
      },
      30_000,
    );
    assert.deepEqual(
      posted.map((d: any) => [d.kind, d.target]),
      [['partner-suspended', `room:${PROGRAMME_ROOM}`]],
    );
    assert.match(posted[0].text, /【暂停合作】/);
  });

  it('an exit case opened (non-urgent) inside the quiet hours is held until the window ends, not posted early', async () => {
    const c = await must('POST', '/api/v1/exit/cases', {
      partnerId,
      trigger: 'business_end',
      reason: '业务终止，端到端测试',
    });
    const noticeId = `exit-${c.id}-opened`;
    const entry = await waitFor(
      'outbox entry',
      () => db.collection('outbox').findOne({ _id: noticeId as any }),
      10_000,
    );
    assert.equal(
      (entry.holdUntil as Date).toISOString(),
      nextOutsideQuietHours(new Date(), quiet).toISOString(),
      'held until the quiet hours end',
    );
    assert.equal(entry.notice.programmeId, programmeId);
    assert.deepEqual(entry.notice.rooms, [PROGRAMME_ROOM]);
    // several outbox recoveries later (every 2 s) it is still held: nothing posted, nowhere
    await new Promise((r) => setTimeout(r, 7_000));
    assert.deepEqual(await deliveries('exit_case', c.id), []);
    assert.equal((await db.collection('outbox').findOne({ _id: noticeId as any }))?.deliveredAt, null);
    assert.equal(
      await db.collection('bot_deliveries').countDocuments({ target: ENV_ROOM, 'ref.id': { $in: [c.id, partnerId] } }),
      0,
      'the env room got none of this programme’s notices',
    );
  });
});
