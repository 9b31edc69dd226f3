import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ComplaintService, SLA_REPORT_COLUMNS, slaReportRows, writeXlsx } from '@huoban/core';
import { XLSX_TYPE, attachment } from '../../common/download.js';
import { CurrentUser, Roles, callerOf, type AuthUser } from '../../common/auth.js';
import { ApiFile, ApiResult } from '../../common/openapi.js';
import { PersonalData } from '../../common/personal-data.js';
import { parseInstant } from '../../common/parse.js';
import { RequestKey } from '../../common/idempotency.js';
import {
  ComplaintQueueQuery,
  ConfirmDto,
  ListComplaintsQuery,
  RegisterComplaintDto,
  RejectDto,
  ReplyDto,
  SlaReportQuery,
} from './complaints.dto.js';
import { ComplaintList, ComplaintPage, ComplaintQueue, ComplaintView, SlaReport } from './complaints.responses.js';

/** PIPL: customers' phone and ID numbers are masked in every answer; staff and admins read the detail whole (audited). */
@PersonalData('complaint')
@ApiTags('complaints')
@ApiBearerAuth()
@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly service: ComplaintService) {}

  @Roles('staff', 'partner')
  @ApiResult(ComplaintPage)
  @Get()
  list(@Query() q: ListComplaintsQuery, @CurrentUser() user: AuthUser) {
    return this.service.list(q, callerOf(user));
  }

  @Roles('staff')
  @ApiResult(ComplaintList)
  @Get('due-today')
  dueToday() {
    return this.service.dueToday();
  }

  @Roles('staff')
  @ApiResult(ComplaintQueue)
  @Get('queue')
  @ApiOperation({ summary: 'WT-4: 临期投诉 — running complaints, own registrations first, by working time left' })
  queue(@Query() q: ComplaintQueueQuery, @CurrentUser() user: AuthUser) {
    return this.service.queue(q, callerOf(user));
  }

  @Roles('staff')
  @ApiResult(SlaReport)
  @Get('sla-report')
  @ApiOperation({ summary: 'FT-12a: SLA compliance of a half-year, per partner and per month' })
  report(@Query() q: SlaReportQuery) {
    return this.service.report(q.period, q);
  }

  @Roles('staff')
  @ApiFile('xlsx')
  @Get('sla-report.xlsx')
  @ApiOperation({ summary: 'FT-12a: the SLA compliance report as an Excel workbook' })
  async reportXlsx(@Query() q: SlaReportQuery, @Res({ passthrough: true }) res: Response) {
    const report = await this.service.report(q.period, q);
    const xlsx = await writeXlsx(`${q.period} 投诉时效`, SLA_REPORT_COLUMNS, slaReportRows(report));
    res.setHeader('Content-Type', XLSX_TYPE);
    res.setHeader('Content-Disposition', attachment(`投诉时效报表-${q.period}.xlsx`));
    return new StreamableFile(xlsx);
  }

  @Roles('staff', 'partner')
  @PersonalData('complaint', { reveal: true })
  @ApiResult(ComplaintView)
  @Get(':id')
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.service.get(id, callerOf(user));
  }

  @Roles('staff')
  @ApiResult(ComplaintView, { status: 201 })
  @Post()
  register(@Body() dto: RegisterComplaintDto, @CurrentUser() user: AuthUser, @RequestKey() key?: string) {
    return this.service.register(
      { ...dto, receivedAt: parseInstant('receivedAt', dto.receivedAt) },
      callerOf(user),
      key,
    );
  }

  @Roles('partner')
  @ApiResult(ComplaintView, { status: 201 })
  @Post(':id/replies')
  reply(@Param('id') id: string, @Body() dto: ReplyDto, @CurrentUser() user: AuthUser) {
    return this.service.reply(id, dto.text, callerOf(user));
  }

  @Roles('staff')
  @ApiResult(ComplaintView)
  @Post(':id/confirm')
  @HttpCode(200)
  confirm(@Param('id') id: string, @Body() dto: ConfirmDto, @CurrentUser() user: AuthUser) {
    return this.service.decide(id, dto.replyId, 'effective', callerOf(user));
  }

  @Roles('staff')
  @ApiResult(ComplaintView)
  @Post(':id/reject')
  @HttpCode(200)
  reject(@Param('id') id: string, @Body() dto: RejectDto, @CurrentUser() user: AuthUser) {
    return this.service.decide(id, dto.replyId, 'rejected', callerOf(user), dto.reason);
  }
}
