import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import mongoose, { Types, type Connection } from 'mongoose';
import { WorkCalendar } from '../calendar/index.js';
import { CalendarSource } from '../calendar/source.js';
import { coreEnv } from '../config.js';
import type { NoticeJobData } from '../queues/index.js';
import { connectCore } from '../root.js';
import { connectIntake } from './service.js';
import { intakeJobId, type IntakeTimers } from './timers.js';

const at = (iso: string) => new Date(iso);

describe('FT-7 the intake sweeper reads what is due, not every active application (issue #16, real FerretDB)', () => {
  let conn: Connection;
  let timers: IntakeTimers;
  const cal = new WorkCalendar();
  const notices: NoticeJobData[] = [];
  /** documents the store returned to reads of intake_applications (finds and getMores) */
  let decoded = 0;

  before(async () => {
    const url = new URL(coreEnv().mongoUrl);
    url.pathname = `/huoban_test_core_intake_sweep_${randomBytes(4).toString('hex')}`;
    // a connection that reports every reply, to count the applications each sweep is sent
    conn = await mongoose.createConnection(url.toString(), { monitorCommands: true }).asPromise();
    conn.getClient().on('commandSucceeded', (e) => {
      const cursor = (e.reply as { cursor?: { ns?: string; firstBatch?: unknown[]; nextBatch?: unknown[] } }).cursor;
      const batch = cursor?.firstBatch ?? cursor?.nextBatch;
      if (batch && cursor?.ns?.endsWith('.intake_applications')) decoded += batch.length;
    });
    const core = connectCore(conn, {
      calendar: CalendarSource.fixed(cal),
      notifier: { notify: async (...n: NoticeJobData[]) => void notices.push(...n) },
      now: () => at('2026-09-09T12:00:00+08:00'),
    });
    timers = (await connectIntake(core, { badCredit: { isListed: async () => false } })).handlers.intake;
  });
  after(async () => {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  });

  /** `n` submitted applications inserted as stored, last changed long ago, pre-review due at `due`. */
  async function stored(n: number, due: Date, tag: string): Promise<string[]> {
    const recruitmentId = new Types.ObjectId();
    const old = at('2026-06-01T00:00:00Z');
    const docs = Array.from({ length: n }, (_, i) => ({
      _id: new Types.ObjectId(),
      recruitmentId,
      programmeId: new Types.ObjectId(),
      applicantId: `app-${tag}-${i}`,
      applicantOpenId: `openid-${tag}-${i}`,
      creditCode: `${tag}${String(i).padStart(6, '0')}`,
      company: { name: `${tag}测试科技${i}有限公司`, contacts: [] },
      status: 'submitted',
      submittedAt: old,
      preReviewDueAt: due,
      evaluationDueAt: null,
      decisionDueAt: null,
      calendarVersion: cal.version,
      version: 1,
      rev: 1,
      createdAt: old,
      updatedAt: old,
    }));
    await conn.collection('intake_applications').insertMany(docs);
    return docs.map((d) => String(d._id));
  }

  it('FT-7 with 300 active applications stored, a sweep reads only the 3 whose timer came due since its last run', async () => {
    // history: 150 long overdue (both timers fired long ago) and 150 due next year
    const overdue = await stored(150, at('2026-06-30T15:59:59.999Z'), 'OLD');
    await conn.collection('intake_timer_marks').insertMany(
      overdue.flatMap((id) =>
        (['warn', 'overdue'] as const).map((kind) => ({
          _id: intakeJobId(id, 'pre_review', kind) as never,
          applicationId: id,
          at: at('2026-07-01T00:00:00Z'),
        })),
      ),
    );
    await stored(150, at('2027-03-31T15:59:59.999Z'), 'NEXT');
    // due: pre-review ends with 2026-09-10 (Beijing)
    const due = await stored(3, at('2026-09-10T15:59:59.999Z'), 'DUE');

    // the first run of a database reads every active application once (and repairs their timers)
    const first = await timers.sweep(at('2026-09-09T12:00:00+08:00'));
    assert.deepEqual([first.full, first.checked, first.fired], [true, 303, 0]);

    // after midnight the 3 warnings are due: only those 3 applications are read
    decoded = 0;
    const warn = await timers.sweep(at('2026-09-10T00:00:30+08:00'));
    assert.deepEqual([warn.full, warn.checked, warn.fired], [false, 3, 3]);
    assert.ok(decoded <= 3 + 3, `the sweep was sent ${decoded} applications (3 due, each reloaded when fired)`);
    assert.deepEqual(
      notices.map((n) => n.noticeId).sort(),
      due.map((id) => intakeJobId(id, 'pre_review', 'warn')).sort(),
    );

    // a minute later nothing is due: nothing is read
    decoded = 0;
    const idle = await timers.sweep(at('2026-09-10T00:01:30+08:00'));
    assert.deepEqual([idle.checked, idle.fired, decoded], [0, 0, 0]);

    // past the deadline the 3 overdue timers fire, once
    notices.length = 0;
    decoded = 0;
    const late = await timers.sweep(at('2026-09-11T00:00:30+08:00'));
    assert.deepEqual([late.checked, late.fired], [3, 3]);
    // the 3 found, and each reloaded by `fire` for each of its 2 timers due by now (warning, overdue)
    assert.ok(decoded <= 3 + 3 * 2, `the sweep was sent ${decoded} applications`);
    assert.deepEqual(
      notices.map((n) => n.noticeId).sort(),
      due.map((id) => intakeJobId(id, 'pre_review', 'overdue')).sort(),
    );
    const again = await timers.sweep(at('2026-09-11T00:01:30+08:00'));
    assert.deepEqual([again.checked, again.fired], [0, 0]);
  });

  it('FT-7 a sweeper that missed runs catches up on what came due meanwhile; after a calendar change it reads every active application again', async () => {
    const due = await stored(2, at('2026-09-14T15:59:59.999Z'), 'GAP');
    notices.length = 0;
    // no run from 09-11 to 09-15: both timers of both applications fire in the first run after
    const caught = await timers.sweep(at('2026-09-15T08:00:00+08:00'));
    assert.deepEqual([caught.full, caught.checked, caught.fired], [false, 2, 4]);
    assert.equal(notices.filter((n) => due.some((id) => n.noticeId.includes(id))).length, 4);
    // the mark is of another calendar (a company override since): the next run reads every active application
    await conn
      .collection('intake_timer_marks')
      .updateOne({ _id: 'sweep' as never }, { $set: { calendarVersion: 'an-older-calendar' } });
    const full = await timers.sweep(at('2026-09-15T08:01:00+08:00'));
    assert.equal(full.full, true);
    assert.ok(full.checked >= 305, String(full.checked));
  });
});
