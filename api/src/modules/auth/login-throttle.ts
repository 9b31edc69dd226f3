import { HttpException, HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { API_CONFIG, type ApiConfig } from '../../config.js';

const WINDOW_MS = 60_000;

/**
 * Login throttling per client IP and per account (the staff username or the partner code), one budget each across
 * every login route, in fixed one-minute windows held in memory (per api process). Over budget → 429.
 * (@nestjs/throttler 6.7 works under Node, but it is CommonJS requiring the ESM-only @nestjs/common 12, which the
 * jest runtime cannot load; this guard does the same job in 40 lines.)
 */
@Injectable()
export class LoginThrottle implements CanActivate {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<{ ip?: string; body?: Record<string, unknown> }>();
    const now = Date.now();
    const name = [req.body?.username, req.body?.partnerCode].find((v) => typeof v === 'string') as string | undefined;
    const keys: [string, number][] = [[`ip:${req.ip}`, this.config.loginLimit.ip]];
    if (name !== undefined) keys.push([`account:${name.trim().toLowerCase()}`, this.config.loginLimit.account]);
    if (this.hits.size > 10_000) for (const [k, v] of this.hits) if (v.resetAt <= now) this.hits.delete(k);
    let refused = false;
    for (const [key, limit] of keys) {
      const h = this.hits.get(key);
      const entry = h && h.resetAt > now ? h : { count: 0, resetAt: now + WINDOW_MS };
      entry.count++;
      this.hits.set(key, entry);
      if (entry.count > limit) refused = true;
    }
    if (refused) throw new HttpException('登录尝试过于频繁，请稍后再试', HttpStatus.TOO_MANY_REQUESTS);
    return true;
  }
}
