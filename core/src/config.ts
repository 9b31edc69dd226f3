/** Environment shared by every process. Each app validates and documents its own extras. */
export interface CoreEnv {
  mongoUrl: string;
  redisUrl: string;
  /** BullMQ key prefix; tests use their own to stay apart */
  queuePrefix: string;
}

export function coreEnv(env: NodeJS.ProcessEnv = process.env): CoreEnv {
  return {
    mongoUrl: env.HUOBAN_MONGO_URL ?? 'mongodb://127.0.0.1:27018/huoban',
    redisUrl: env.HUOBAN_REDIS_URL ?? 'redis://127.0.0.1:6380',
    queuePrefix: env.HUOBAN_QUEUE_PREFIX ?? 'huoban',
  };
}
