import { randomBytes } from 'node:crypto';
import { coreEnv, redisConnection } from '@huoban/core';
import mongoose, { type Connection } from 'mongoose';
import type { Redis } from 'ioredis';

/** Real dev services for tests; every test file gets its own database and queue prefix. */
export interface TestServices {
  mongo: Connection;
  redis: Redis;
  /** unique per file: `huoban_test_bot_<random>`, used as db name, queue prefix and queue name stem */
  id: string;
  close(): Promise<void>;
}

export async function testServices(): Promise<TestServices> {
  const id = `huoban_test_bot_${randomBytes(4).toString('hex')}`;
  const mongoUrl = coreEnv().mongoUrl;
  const mongo = mongoose.createConnection(mongoUrl, { dbName: id, serverSelectionTimeoutMS: 10_000 });
  await mongo.asPromise();
  const redis = redisConnection(coreEnv().redisUrl);
  return {
    mongo,
    redis,
    id,
    async close() {
      await mongo.dropDatabase();
      await mongo.close();
      // remove every key this file's queues created
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${id}:*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `check` returns a truthy value or the time is up. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
