import type { Redis } from 'ioredis';

/**
 * Takes one message from a robot's budget (WeCom: 20 a minute) atomically in Redis, so any number of worker replicas
 * share it: a Lua script drops sends older than the window, and records this one only when fewer than `limit`
 * remain, against Redis's own clock (TIME), so replicas' clocks do not matter. The bot's `RateWindow` checks, then
 * records, which is right for its single replica; here the check and the record must be one step.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, now .. '-' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window * 2)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

export class RobotRateLimit {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly limit: number,
    readonly windowMs = 60_000,
  ) {}

  private key = (bucket: string) => `${this.prefix}:wecom:sent:${bucket}`;

  /** Messages counted for `bucket` within the window (what the digest decision counts). */
  async recent(bucket: string): Promise<number> {
    return this.redis.zcount(this.key(bucket), Date.now() - this.windowMs, '+inf');
  }

  /**
   * One delivery to a robot at a time across replicas (the digest decision and the post): resolves with a token when
   * this caller holds the robot, null when another still did after `waitMs`. Released by `unlock`, else after 30 s.
   */
  async lock(bucket: string, waitMs = 10_000): Promise<string | null> {
    const token = Math.random().toString(36).slice(2);
    const end = Date.now() + waitMs;
    for (;;) {
      if (await this.redis.set(`${this.prefix}:wecom:lock:${bucket}`, token, 'PX', 30_000, 'NX')) return token;
      if (Date.now() > end) return null;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async unlock(bucket: string, token: string): Promise<void> {
    await this.redis.eval(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
      1,
      `${this.prefix}:wecom:lock:${bucket}`,
      token,
    );
  }

  /** 0 when a message to `bucket` may be sent now (and is counted), else the ms until one may. */
  async take(bucket: string): Promise<number> {
    const member = Math.random().toString(36).slice(2);
    const wait = await this.redis.eval(TAKE, 1, this.key(bucket), this.windowMs, this.limit, member);
    return Number(wait);
  }
}
