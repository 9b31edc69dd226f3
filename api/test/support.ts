/** Test support: a real api on a random port over its own FerretDB database and queue prefix. */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  coreEnv,
  QueueName,
  connectMongo,
  createQueue,
  noticeJobId,
  redisConnection,
  type NoticeJobData,
} from '@huoban/core';
import { createApp } from '../src/app.js';
import { apiConfig } from '../src/config.js';
import type { NestExpressApplication } from '@nestjs/platform-express';

export function testDbUrl(name: string): string {
  const url = new URL(coreEnv().mongoUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestApi {
  /** the running Nest application (route table, providers) */
  app: NestExpressApplication;
  url: string;
  mongoUrl: string;
  queuePrefix: string;
  serviceKey: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field in tests
  call<T = any>(
    method: string,
    path: string,
    opts?: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string },
  ): Promise<{ status: number; body: T }>;
  staffToken(): Promise<string>;
  /** The text of the notice queued under `noticeId` (undefined when none was). */
  noticeText(noticeId: string): Promise<string | undefined>;
  /** Every notice queued so far (any state). */
  notices(): Promise<NoticeJobData[]>;
  partnerToken(code: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const id = randomBytes(4).toString('hex');
  const mongoUrl = testDbUrl(`huoban_test_api_${id}`);
  const queuePrefix = `t-api-${id}`;
  const serviceKey = randomBytes(16).toString('hex');
  const config = apiConfig({
    ...process.env,
    PORT: '3000',
    HUOBAN_MONGO_URL: mongoUrl,
    HUOBAN_QUEUE_PREFIX: queuePrefix,
    HUOBAN_JWT_SECRET: randomBytes(24).toString('hex'),
    HUOBAN_ADMIN_USER: 'admin',
    HUOBAN_ADMIN_PASSWORD: 'admin-pass-123',
    HUOBAN_SERVICE_KEY: serviceKey,
    HUOBAN_DEV_LOGIN: 'true',
    ...env,
  });
  const app = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const call: TestApi['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
    const text = await res.text();
    // attachments and feeds (PDF, Atom) come back as text
    const json = /json/.test(res.headers.get('content-type') ?? 'application/json');
    return { status: res.status, body: text ? (json ? JSON.parse(text) : text) : undefined };
  };
  let staff: string | undefined;
  return {
    app,
    url,
    mongoUrl,
    queuePrefix,
    serviceKey,
    call,
    async staffToken() {
      staff ??= (
        await call('POST', '/api/v1/auth/staff/login', { body: { username: 'admin', password: 'admin-pass-123' } })
      ).body.accessToken as string;
      return staff;
    },
    async noticeText(noticeId) {
      const redis = redisConnection(coreEnv().redisUrl);
      const queue = createQueue(QueueName.Notices, redis, queuePrefix);
      try {
        return (await queue.getJob(noticeJobId(noticeId)))?.data.text;
      } finally {
        await queue.close();
        redis.disconnect();
      }
    },
    async notices() {
      const redis = redisConnection(coreEnv().redisUrl);
      const queue = createQueue(QueueName.Notices, redis, queuePrefix);
      try {
        return (await queue.getJobs(['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'])).map(
          (j) => j.data,
        );
      } finally {
        await queue.close();
        redis.disconnect();
      }
    },
    async partnerToken(code) {
      return (await call('POST', '/api/v1/auth/partner/dev-login', { body: { partnerCode: code } })).body.accessToken;
    },
    async close() {
      await app.close();
      const conn = await connectMongo(mongoUrl);
      await conn.dropDatabase();
      await conn.close();
      await dropQueues(queuePrefix);
    },
  };
}

/** Deletes every Redis key under a test's queue prefix. */
export async function dropQueues(prefix: string): Promise<void> {
  const redis = redisConnection(coreEnv().redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}
