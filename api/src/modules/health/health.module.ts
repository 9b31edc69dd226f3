import { Controller, Get, Inject, Module } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import { Public } from '../../common/auth.js';
import { MONGO, REDIS } from '../../common/infra.module.js';
import { ApiResult } from '../../common/openapi.js';
import { Health } from './health.responses.js';
import { DomainError } from '@huoban/core';

const up = (p: Promise<unknown>) =>
  Promise.race([p.then(() => 'up' as const), new Promise<'down'>((r) => setTimeout(() => r('down'), 2000))]).catch(
    () => 'down' as const,
  );

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(MONGO) private readonly mongo: Connection,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Readiness: 503 while MongoDB or Redis does not answer within 2 s (the load balancer stops sending). */
  @Public()
  @ApiResult(Health)
  @Get()
  async check() {
    const [mongo, redis] = await Promise.all([up(this.mongo.db!.admin().ping()), up(this.redis.ping())]);
    const body = { status: mongo === 'up' && redis === 'up' ? 'ok' : 'degraded', mongo, redis };
    if (body.status !== 'ok') throw DomainError.unavailable('服务暂不可用', body);
    return body;
  }
}

@Module({ controllers: [HealthController] })
export class HealthModule {}
