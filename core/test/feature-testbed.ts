/** Test support for core's medium tests: a test's own FerretDB database, a programme, and a notices queue on Redis. */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { DEFAULT_COMPLAINT_WINDOW } from '../src/calendar/index.js';
import { coreEnv } from '../src/config.js';
import { connectMongo } from '../src/db/connection.js';
import type { Repositories } from '../src/db/repositories.js';
import type { Rulebook } from '../src/db/types.js';
import { Notifier } from '../src/notify/index.js';
import { createQueue, redisConnection, type QueueMap } from '../src/queues/factory.js';
import { QueueName } from '../src/queues/index.js';
import { connectCore } from '../src/root.js';

export interface FeatureTestbed {
  /** Random hex, unique per testbed: use it in codes and names. */
  id: string;
  conn: Connection;
  repos: Repositories;
  /** The programme of the test's partners (default complaint window, 12 h, warnings 120/30). */
  programmeId: string;
  /** The staff notices queue under the testbed's own prefix; obliterated on close. */
  notices: QueueMap[QueueName.Notices];
  notifier: Notifier;
  close(): Promise<void>;
}

export async function featureTestbed(name: string, rulebook: Rulebook = 'scorecard'): Promise<FeatureTestbed> {
  const id = randomBytes(4).toString('hex');
  const url = new URL(coreEnv().mongoUrl);
  url.pathname = `/huoban_test_core_${name}_${id}`;
  const conn = await connectMongo(url.toString());
  const { repos } = connectCore(conn); // the composition root's repositories, as the features have them
  const programme = await repos.programmes.ensure({
    code: `${name}-${id}`,
    name: '测试计划',
    rulebook,
    complaintWindow: DEFAULT_COMPLAINT_WINDOW,
    slaHours: 12,
    warningMinutes: [120, 30],
  });
  const redis = redisConnection(coreEnv().redisUrl);
  const notices = createQueue(QueueName.Notices, redis, `t-${name}-${id}`);
  return {
    id,
    conn,
    repos,
    programmeId: programme.id,
    notices,
    notifier: new Notifier(notices, conn),
    async close() {
      await conn.dropDatabase();
      await conn.close();
      await notices.obliterate({ force: true });
      await notices.close();
      redis.disconnect();
    },
  };
}
