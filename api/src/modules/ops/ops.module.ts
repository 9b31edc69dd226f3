import {
  Controller,
  Get,
  Inject,
  Module,
  Res,
  ServiceUnavailableException,
  type OnModuleDestroy,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import type { Request, Response } from 'express';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import { DomainError, bearerMatches, createQueues, readBotHeartbeat } from '@huoban/core';
import { Public, verifiedClaims } from '../../common/auth.js';
import { TokenRevocations } from '../auth/revocations.js';
import { MONGO, REDIS } from '../../common/infra.module.js';
import { API_CONFIG, type ApiConfig } from '../../config.js';
import { ApiResult } from '../../common/openapi.js';
import { ApiMetrics } from './metrics.js';
import { Live, Ready } from './ops.responses.js';

/** Every queue of core's table (QUEUES), for Bull Board. */
export const OPS_QUEUES = Symbol('OPS_QUEUES');
export type OpsQueues = Queue[];

/**
 * Probes for orchestrators: `GET /api/v1/health/live` (the process answers; no dependency is asked) and
 * `GET /api/v1/health/ready` (can this process serve: MongoDB ping, Redis ping; the bot's login state from its
 * heartbeat is reported and never fails the api). A backlog is no reason to take an api out of rotation: queue and
 * notice lag are metrics with alert thresholds (docs/OPERATIONS.md). The older `GET /health` stays as it was.
 */
@ApiTags('health')
@Controller('health')
export class ProbesController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(MONGO) private readonly mongo: Connection,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Public()
  @ApiResult(Live)
  @Get('live')
  live() {
    return { status: 'ok', uptimeS: Math.round(process.uptime()) };
  }

  @Public()
  @ApiResult(Ready, { description: 'ready (status ok, or degraded: the bot is not logged in)' })
  @ApiResponse({ status: 503, description: 'not ready: a check is down', schema: { $ref: getSchemaPath(Ready) } })
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const ping = (key: string, fn: () => Promise<unknown>) =>
      this.indicator
        .check(key)
        .attempt(async () => {
          await fn();
        })
        .withTimeout(2000);
    try {
      return await this.health.check([
        () => ping('mongo', () => this.mongo.db!.admin().ping()),
        () => ping('redis', () => this.redis.ping()),
        async () => {
          const b = await readBotHeartbeat(this.redis, this.config.queuePrefix);
          const check = this.indicator.check('bot');
          return b.state === 'logged_in' ? check.up({ ...b }) : check.degraded({ ...b });
        },
      ]);
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      res.status(503);
      return e.getResponse();
    }
  }
}

/** Metrics token (when configured) or an admin's JWT; 401 without either, 403 for any other signed-in caller. */
export async function assertOperator(
  req: Pick<Request, 'headers'>,
  config: Pick<ApiConfig, 'metricsToken'>,
  jwt: JwtService,
  revocations: TokenRevocations,
): Promise<void> {
  if (config.metricsToken && bearerMatches(req, config.metricsToken)) return;
  if (req.headers['x-service-key'] !== undefined) throw DomainError.forbidden('仅管理员可查看');
  const { role } = await verifiedClaims(req.headers.authorization, jwt, revocations);
  if (role !== 'admin') throw DomainError.forbidden('仅管理员可查看');
}

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [ProbesController],
  providers: [
    ApiMetrics,
    {
      provide: OPS_QUEUES,
      useFactory: (redis: Redis, config: ApiConfig): OpsQueues => [...createQueues(redis, config.queuePrefix).values()],
      inject: [REDIS, API_CONFIG],
    },
  ],
  exports: [ApiMetrics, OPS_QUEUES],
})
export class OpsModule implements OnModuleDestroy {
  constructor(@Inject(OPS_QUEUES) private readonly queues: OpsQueues) {}

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled(this.queues.map((q) => q.close()));
  }
}
