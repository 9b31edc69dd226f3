/**
 * `HUOBAN_BENCH_ONLY=alerts` (issue #21): alerts at volume through the real bot process (mock puppet, its own
 * config: throttle, 20 messages per room per minute, digests). 2,000 routine notices are queued, then 1,000 breach
 * notices fall due within 5 s, each stored and queued by core's Notifier at its due instant — what the SLA
 * handler does when it records a breach (its own lateness is the `sla` phase's figure). Messages in the room are
 * read from the bot's delivery records (`bot_deliveries`: a post on its own, or a digest).
 */
import { randomBytes } from 'node:crypto';
import {
  Notifier,
  QueueName,
  connectMongo,
  coreEnv,
  createQueue,
  outboxModel,
  redisConnection,
  slaNotice,
  type NoticeJobData,
} from '@huoban/core';
import { startProcess, waitFor } from '../support/system.js';

const ROOM = '基准告警群';
const ROUTINE = Number(process.env.HUOBAN_BENCH_ALERTS_ROUTINE ?? 2000);
const BREACHES = Number(process.env.HUOBAN_BENCH_ALERTS_BREACHES ?? 1000);
const SPREAD_MS = 5000;
const MINUTE = 60_000;

export interface AlertsBench {
  routine: number;
  breaches: number;
  /** from the first breach's due instant to the first message carrying an urgent notice */
  firstUrgentMs: number;
  /** messages in the room in the first 5 minutes after the first due instant */
  messages5min: number;
  /** most messages in the room within any 60 s */
  maxPerMinute: number;
  /** from the first due instant until every notice is delivered or digested (NaN: not within 6 minutes) */
  allDoneMs: number;
  digests: number;
}

export async function runAlertsBench(): Promise<AlertsBench> {
  const id = randomBytes(3).toString('hex');
  const url = new URL(coreEnv().mongoUrl);
  url.pathname = `/huoban_bench_alerts_${id}`;
  const prefix = `bench-alerts-${id}`;
  const conn = await connectMongo(url.toString());
  const redis = redisConnection(coreEnv().redisUrl);
  const queue = createQueue(QueueName.Notices, redis, prefix);
  const notifier = new Notifier(queue, conn, (l) => console.log(l), { router: null });
  const bot = startProcess('bench-bot', 'bot/dist/main.js', {
    HUOBAN_MONGO_URL: url.toString(),
    HUOBAN_QUEUE_PREFIX: prefix,
    WECHATY_PUPPET: 'wechaty-puppet-mock',
    HUOBAN_BOT_ROOMS: ROOM,
    HUOBAN_API_URL: 'http://127.0.0.1:9',
  });
  try {
    await waitFor('bot login', async () => bot.output().includes('已登录'), 60_000);
    const routine: NoticeJobData[] = Array.from({ length: ROUTINE }, (_, i) => ({
      noticeId: `bench-recruitment-${i}`,
      kind: 'recruitment',
      audience: 'staff',
      text: `【招募公告】基准测试招募 ${i}`,
      createdAt: new Date().toISOString(),
    }));
    for (let i = 0; i < routine.length; i += 500) await notifier.notify(...routine.slice(i, i + 500));

    // 1,000 breaches due within 5 s, each notified at its due instant (in 50 ms slots)
    const t0 = Date.now() + 2000;
    const due = (i: number) => t0 + Math.floor((i * SPREAD_MS) / BREACHES);
    const breach = (i: number) =>
      slaNotice(
        {
          id: `bench${id}c${i}`,
          no: `TS-BENCH-${String(i).padStart(4, '0')}`,
          dueAt: new Date(due(i)),
          slaHours: 12,
          kind: 'ordinary',
        },
        `基准伙伴${i % 20}`,
        'breach',
        0,
      );
    for (let next = 0; next < BREACHES;) {
      await new Promise((r) => setTimeout(r, Math.max(0, due(next) - Date.now())));
      const batch: NoticeJobData[] = [];
      while (next < BREACHES && due(next) <= Date.now() + 50) batch.push(breach(next++));
      await notifier.notify(...batch);
    }

    const outbox = outboxModel(conn);
    const total = ROUTINE + BREACHES;
    let doneAt = NaN;
    for (const until = t0 + 6 * MINUTE; Date.now() < until;) {
      if ((await outbox.countDocuments({ deliveredAt: { $ne: null } })) >= total) {
        doneAt = Date.now();
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }

    const records = await conn
      .collection<{ noticeId: string; kind: string; text: string; via?: string; sentAt: Date; target: string }>(
        'bot_deliveries',
      )
      .find({ target: `room:${ROOM}` })
      .toArray();
    const messages = records.filter((r) => !r.via).sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
    // a breach on its own, or a digest of urgent notices (`【告警汇总】N条紧急通知…`)
    const urgent = messages.find(
      (m) => m.kind === 'sla-breach' || (m.kind === 'digest' && /^\d+条紧急通知/.test(m.text.slice(6))),
    );
    const times = messages.map((m) => m.sentAt.getTime());
    const lastRecord = Math.max(...records.map((r) => r.sentAt.getTime()));
    return {
      routine: ROUTINE,
      breaches: BREACHES,
      firstUrgentMs: urgent ? urgent.sentAt.getTime() - t0 : NaN,
      messages5min: times.filter((t) => t < t0 + 5 * MINUTE).length,
      maxPerMinute: Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + MINUTE).length)),
      allDoneMs: Number.isNaN(doneAt) ? NaN : Math.max(lastRecord, 0) - t0,
      digests: messages.filter((m) => m.kind === 'digest').length,
    };
  } finally {
    await bot.stop();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
    redis.disconnect();
  }
}
