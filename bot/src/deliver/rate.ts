import type { Redis } from 'ioredis';

const MINUTE_MS = 60_000;

/**
 * Messages per target per minute, counted in Redis (`<prefix>:notices:sent:<target>`, a sorted set of send times)
 * so every bot replica sees the same window. `slot` waits until the target may get one more message (WeCom group
 * robots allow 20 a minute); `recent` is what the digest decision counts.
 */
export class RateWindow {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  private key = (target: string) => `${this.prefix}:notices:sent:${target}`;

  /** Messages posted to `target` within the last minute. */
  async recent(target: string): Promise<number> {
    const key = this.key(target);
    await this.redis.zremrangebyscore(key, '-inf', this.now() - MINUTE_MS);
    return this.redis.zcard(key);
  }

  /** Resolves when `target` has had fewer than `perMinute` messages in the last minute. */
  async slot(target: string): Promise<void> {
    for (;;) {
      if ((await this.recent(target)) < this.perMinute) return;
      const [, oldest] = await this.redis.zrange(this.key(target), '0', '0', 'WITHSCORES');
      await this.sleep(Math.max(50, Number(oldest) + MINUTE_MS - this.now()));
    }
  }

  /** Counts one message posted to `target` now. */
  async sent(target: string): Promise<void> {
    const key = this.key(target);
    const at = this.now();
    await this.redis
      .multi()
      .zadd(key, at, `${at}-${Math.random().toString(36).slice(2)}`)
      .pexpire(key, 2 * MINUTE_MS)
      .exec();
  }
}
