/** Test support: a handler test's own FerretDB database, repositories and queues (on the dev Redis, own prefix). */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import {
  coreEnv,
  DEFAULT_COMPLAINT_WINDOW,
  connectMongo,
  createQueue,
  connectCore,
  redisConnection,
  type QueueMap,
  type QueueName,
  type Repositories,
  type Rulebook,
} from '@huoban/core';

export interface WorkerTestbed {
  /** Random hex, unique per testbed: use it in codes and names. */
  id: string;
  conn: Connection;
  repos: Repositories;
  /** The programme every partner of the test belongs to (default complaint window, 12 h, warnings 120/30). */
  programmeId: string;
  /** A queue under the testbed's own prefix; obliterated on close. */
  queue<N extends QueueName>(name: N): QueueMap[N];
  close(): Promise<void>;
}

export async function workerTestbed(name: string, rulebook: Rulebook = 'scorecard'): Promise<WorkerTestbed> {
  const id = randomBytes(4).toString('hex');
  const url = new URL(coreEnv().mongoUrl);
  url.pathname = `/huoban_test_worker_${name}_${id}`;
  const redis = redisConnection(coreEnv().redisUrl);
  const conn = await connectMongo(url.toString());
  const { repos } = connectCore(conn); // the composition root's repositories, as the worker has them
  const programme = await repos.programmes.ensure({
    code: `${name}-${id}`,
    name: '测试计划',
    rulebook,
    complaintWindow: DEFAULT_COMPLAINT_WINDOW,
    slaHours: 12,
    warningMinutes: [120, 30],
  });
  const queues = new Map<QueueName, QueueMap[QueueName]>();
  return {
    id,
    conn,
    repos,
    programmeId: programme.id,
    queue<N extends QueueName>(q: N): QueueMap[N] {
      if (!queues.has(q)) queues.set(q, createQueue(q, redis, `t-${name}-${id}`));
      return queues.get(q) as QueueMap[N];
    },
    async close() {
      await conn.dropDatabase();
      await conn.close();
      for (const q of queues.values()) {
        await q.obliterate({ force: true });
        await q.close();
      }
      redis.disconnect();
    },
  };
}
