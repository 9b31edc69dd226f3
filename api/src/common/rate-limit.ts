import {
  Inject,
  Injectable,
  Logger,
  SetMetadata,
  UseGuards,
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Reflector } from '@nestjs/core';
import { ApiResponse } from '@nestjs/swagger';
import type { Redis } from 'ioredis';
import { API_CONFIG, type ApiConfig } from '../config.js';
import { Clock } from './infra.module.js';
import { ErrorDto } from './openapi.js';
import { REDIS } from './tokens.js';
import { DomainError } from '@huoban/core';

const WINDOW_MS = 60_000;
const RATE_LIMIT = 'huoban:rate-limit';
/** `login`: the sign-in routes (per client IP and per account); `public`: writes that need no login (per IP). */
export type RateLimitKind = 'login' | 'public';

/**
 * Rate-limited route (issue #15): a sliding one-minute window counted in Redis (a sorted set of the requests' instants
 * per budget), so the budget holds across api replicas and at every instant: fixed minute windows let twice the budget
 * through around a minute's turn, and reset a count halfway through a burst. Over budget → 429 with a Chinese message;
 * a refused request counts too. Every public POST route carries one (the authorization matrix checks).
 */
export const RateLimited = (kind: RateLimitKind) =>
  applyDecorators(
    SetMetadata(RATE_LIMIT, kind),
    UseGuards(RateLimit),
    ApiResponse({ status: 429, description: 'Too Many Requests: over the rate limit', type: ErrorDto }),
  );
export const rateLimitOf = (handler: object): RateLimitKind | undefined =>
  Reflect.getMetadata(RATE_LIMIT, handler) as RateLimitKind | undefined;

const MESSAGE: Record<RateLimitKind, string> = {
  login: '登录尝试过于频繁，请稍后再试',
  public: '提交过于频繁，请稍后再试',
};

@Injectable()
export class RateLimit implements CanActivate {
  private readonly log = new Logger('RateLimit');
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly clock: Clock,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const kind = this.reflector.get<RateLimitKind>(RATE_LIMIT, ctx.getHandler()) ?? 'public';
    const req = ctx.switchToHttp().getRequest<{ ip?: string; body?: Record<string, unknown> }>();
    const budgets: [string, number][] = [];
    if (kind === 'login') {
      budgets.push([`login:ip:${req.ip}`, this.config.loginLimit.ip]);
      // the staff username, the partner code or the applicant's dev name: one budget per account across the routes
      const name = [req.body?.username, req.body?.partnerCode, req.body?.name].find((v) => typeof v === 'string');
      if (typeof name === 'string')
        budgets.push([`login:account:${name.trim().toLowerCase()}`, this.config.loginLimit.account]);
    } else budgets.push([`public:ip:${req.ip}`, this.config.publicPostLimitIp]);
    const now = this.clock.now().getTime();
    const member = `${now}:${randomBytes(6).toString('hex')}`;
    let counts: number[];
    try {
      const multi = this.redis.multi();
      for (const [key] of budgets) {
        const k = `${this.config.queuePrefix}:rl:${key}`;
        multi
          .zremrangebyscore(k, 0, now - WINDOW_MS)
          .zadd(k, now, member)
          .zcard(k)
          .pexpire(k, WINDOW_MS);
      }
      const res = (await multi.exec()) ?? [];
      counts = budgets.map((_, i) => Number(res[i * 4 + 2]?.[1] ?? 0));
    } catch (e) {
      // Redis away: the limit cannot be counted; the request goes on (MongoDB holds the truth, logins stay possible)
      this.log.warn(`rate limit not counted (${(e as Error).message})`);
      return true;
    }
    if (budgets.some(([, limit], i) => counts[i]! > limit)) throw new DomainError('too_many', MESSAGE[kind]);
    return true;
  }
}
