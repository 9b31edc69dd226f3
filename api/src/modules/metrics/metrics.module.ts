import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Logger,
  Module,
  Param,
  Post,
  Query,
  Res,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import {
  DomainError,
  METRICS_MAX_BYTES,
  MetricsImportService,
  QueueName,
  connectMetricsImports,
  createQueue,
  isCreditMonth,
  isObjectId,
  metricsImportWake,
  type Core,
  type QueueMap,
} from '@huoban/core';
import { CurrentUser, Roles, actorOf, type AuthUser } from '../../common/auth.js';
import { CsvDownloadQuery, sendCsv } from '../../common/download.js';
import { CORE, REDIS } from '../../common/infra.module.js';
import { API_CONFIG, type ApiConfig } from '../../config.js';
import { ApiFile, ApiResult } from '../../common/openapi.js';
import { Sheet, SheetUpload, answerUpload, programmeFilter, type CheckedSheet } from '../../common/upload.js';
import { MetricsImport, MetricsMonth } from './metrics.responses.js';

const METRICS_QUEUE = Symbol('METRICS_QUEUE');
type MetricsQueue = QueueMap[QueueName.MetricsImports];

const TEMPLATE = '\uFEFF伙伴编码,月份,结算前收入（元）,交易成功率,客户数\r\nP001,2026-07,125000.50,99.85%,3200\r\n';

@ApiTags('metrics')
@ApiBearerAuth()
@Roles('staff')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly imports: MetricsImportService) {}

  @ApiResult(MetricsImport)
  @Post('imports')
  @ApiOperation({
    summary:
      'Monthly metrics upload (.xlsx or .csv): 202 accepted (the worker applies it), 200 same file again, 422 row report',
  })
  @SheetUpload(METRICS_MAX_BYTES)
  upload(@Sheet() sheet: CheckedSheet, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response) {
    return answerUpload(res, 202, this.imports.accept(sheet.programmeId, sheet.file, actorOf(user)));
  }

  @ApiResult(MetricsImport, { isArray: true })
  @ApiQuery({ name: 'programmeId', required: false, description: 'one programme (every programme when absent)' })
  @Get('imports')
  list(@Query('programmeId') programmeId?: string) {
    return this.imports.list(programmeFilter(programmeId));
  }

  @ApiResult(MetricsImport)
  @Get('imports/:id')
  async get(@Param('id') id: string) {
    const record = await this.imports.get(id);
    if (!record) throw DomainError.notFound('导入记录不存在');
    return record;
  }

  @ApiFile('csv')
  @Get('template')
  @HttpCode(200)
  template(@Query() q: CsvDownloadQuery, @Res({ passthrough: true }) res: Response) {
    return sendCsv(res, '月度经营数据模板.csv', TEMPLATE, q.encoding);
  }

  /** The figures in force for a programme's month (per partner, the newest committed import). */
  @ApiResult(MetricsMonth, { isArray: true })
  @Get()
  inForce(@Query('programmeId') programmeId: string, @Query('month') month: string) {
    const problems = [];
    if (!isObjectId(programmeId ?? '')) problems.push('programmeId: 请选择计划');
    if (!isCreditMonth(month ?? '')) problems.push('month: 请选择月份（YYYY-MM）');
    if (problems.length) throw DomainError.invalidList(problems);
    return this.imports.month(programmeId, month);
  }
}

@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: METRICS_QUEUE,
      useFactory: (r: Redis, config: ApiConfig) =>
        createQueue(QueueName.MetricsImports, r, config.queuePrefix, config.redisTimeoutMs),
      inject: [REDIS, API_CONFIG],
    },
    {
      provide: MetricsImportService,
      useFactory: async (core: Core, queue: MetricsQueue) => {
        const wake = metricsImportWake(queue);
        // the import is committed before the wake-up; a lost one is re-sent when the worker starts
        const feature = await connectMetricsImports(core, (id) =>
          wake(id).catch((e: Error) => Logger.error(`metrics import ${id}: wake-up failed: ${e.message}`, 'Metrics')),
        );
        return feature.service;
      },
      inject: [CORE, METRICS_QUEUE],
    },
  ],
  exports: [MetricsImportService],
})
export class MetricsModule implements OnApplicationShutdown {
  constructor(@Inject(METRICS_QUEUE) private readonly queue: MetricsQueue) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
