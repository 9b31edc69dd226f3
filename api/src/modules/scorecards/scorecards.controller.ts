import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RECTIFICATION_STATUS_LABEL } from '@huoban/core/labels';
import {
  DomainError,
  writeXlsx,
  type ScorecardInputService,
  type ScorecardService,
  type ScorecardExportRow,
  type XlsxColumn,
} from '@huoban/core';
import { CurrentUser, Roles, actorOf, scopeOf, type AuthUser } from '../../common/auth.js';
import { XLSX_TYPE, attachment } from '../../common/download.js';
import { Clock } from '../../common/infra.module.js';
import { parseInstant } from '../../common/parse.js';
import { MonthPipe, PeriodPipe } from '../../common/validation.js';
import {
  EscalationDto,
  OnboardingDto,
  PeriodQuery,
  ReasonDto,
  SecurityIncidentDto,
  SuccessRateDto,
} from './scorecards.dto.js';
import { ApiFile, ApiResult } from '../../common/openapi.js';
import { InjectScorecards, type ScorecardFeature } from './scorecards.providers.js';
import {
  EscalationFlag,
  PeriodClose,
  ScorecardBoard,
  ScorecardInputs,
  ScorecardTables,
  ScorecardView,
} from './scorecards.responses.js';

/** FT-12, FT-12a, FT-14: programme tables, period inputs, the live score and the period close (core services). */
@ApiTags('scorecards')
@ApiBearerAuth()
@Controller()
export class ScorecardsController {
  private readonly scorecards: ScorecardService;
  private readonly inputs: ScorecardInputService;
  constructor(
    @InjectScorecards() feature: ScorecardFeature,
    private readonly clock: Clock,
  ) {
    ({ service: this.scorecards, inputs: this.inputs } = feature);
  }

  @Roles('staff')
  @ApiResult(ScorecardTables)
  @Get('programmes/:id/scorecard-tables')
  tables(@Param('id') id: string) {
    return this.scorecards.tables(id);
  }

  @Roles('admin')
  @ApiResult(ScorecardTables)
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  @Put('programmes/:id/scorecard-tables')
  @ApiOperation({ summary: 'FT-12a: replace the tables (stored as a new version; closed periods keep theirs)' })
  putTables(@Param('id') id: string, @Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.scorecards.putTables(id, body, actorOf(user), this.clock.now());
  }

  @Roles('partner')
  @ApiResult(ScorecardView)
  @Get('scorecards/me')
  mine(@Query() q: PeriodQuery, @CurrentUser() user: AuthUser) {
    return this.scorecards.view(user.partnerId!, q.period, this.clock.now());
  }

  @Roles('staff')
  @ApiResult(ScorecardBoard)
  @Get('scorecards')
  board(@Query() q: PeriodQuery) {
    return this.scorecards.board(q.period, this.clock.now());
  }

  /** Staff read any partner; a partner reads only itself (another partner's score is 404). */
  @Roles('staff', 'partner')
  @ApiResult(ScorecardView)
  @Get('scorecards/partners/:partnerId')
  partner(@Param('partnerId') partnerId: string, @Query() q: PeriodQuery, @CurrentUser() user: AuthUser) {
    const own = scopeOf(user).partnerId;
    if (own && own !== partnerId) throw DomainError.notFound('伙伴不存在');
    return this.scorecards.view(partnerId, q.period, this.clock.now());
  }

  @Roles('staff')
  @ApiResult(ScorecardInputs)
  @Get('scorecards/partners/:partnerId/periods/:period/inputs')
  periodInputs(@Param('partnerId') partnerId: string, @Param('period', PeriodPipe) period: string) {
    return this.inputs.inputs(partnerId, period, this.clock.now());
  }

  @Roles('staff')
  @ApiResult(ScorecardInputs)
  @Put('scorecards/partners/:partnerId/periods/:period/onboarding')
  onboarding(
    @Param('partnerId') partnerId: string,
    @Param('period', PeriodPipe) period: string,
    @Body() dto: OnboardingDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.inputs.setOnboarding(partnerId, period, dto, actorOf(user), this.clock.now());
  }

  @Roles('staff')
  @ApiResult(ScorecardInputs, { status: 201 })
  @Post('scorecards/partners/:partnerId/periods/:period/security-incidents')
  addIncident(
    @Param('partnerId') partnerId: string,
    @Param('period', PeriodPipe) period: string,
    @Body() dto: SecurityIncidentDto,
    @CurrentUser() user: AuthUser,
  ) {
    const occurredAt = parseInstant('occurredAt', dto.occurredAt);
    return this.inputs.addSecurityIncident(partnerId, period, { ...dto, occurredAt }, actorOf(user), this.clock.now());
  }

  @Roles('staff')
  @ApiResult(ScorecardInputs)
  @Delete('scorecards/partners/:partnerId/periods/:period/security-incidents/:incidentId')
  removeIncident(
    @Param('partnerId') partnerId: string,
    @Param('period', PeriodPipe) period: string,
    @Param('incidentId') incidentId: string,
    @Query() q: ReasonDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.inputs.removeSecurityIncident(partnerId, period, incidentId, q.reason, actorOf(user), this.clock.now());
  }

  @Roles('staff')
  @ApiResult(ScorecardInputs)
  @Put('scorecards/partners/:partnerId/success-rates/:month')
  successRate(
    @Param('partnerId') partnerId: string,
    @Param('month', MonthPipe) month: string,
    @Body() dto: SuccessRateDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.inputs.setSuccessRate(partnerId, month, dto.rate, actorOf(user), this.clock.now());
  }

  @Roles('staff')
  @ApiResult(EscalationFlag)
  @Get('scorecards/escalations/:complaintId')
  escalation(@Param('complaintId') complaintId: string) {
    return this.inputs.escalation(complaintId);
  }

  @Roles('staff')
  @ApiResult(EscalationFlag)
  @Put('scorecards/escalations/:complaintId')
  @ApiOperation({ summary: 'FT-12: is the escalated complaint attributable to the partner, is it malicious' })
  setEscalation(@Param('complaintId') complaintId: string, @Body() dto: EscalationDto, @CurrentUser() user: AuthUser) {
    return this.inputs.setEscalation(complaintId, dto, actorOf(user), this.clock.now());
  }

  @Roles('staff')
  @ApiResult(PeriodClose)
  @Post('scorecards/periods/:period/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-14: freeze every partner’s scorecard of an ended half-year; idempotent' })
  close(@Param('period', PeriodPipe) period: string, @CurrentUser() user: AuthUser) {
    return this.scorecards.close(period, actorOf(user), this.clock.now());
  }

  @Roles('staff')
  @ApiFile('xlsx')
  @Get('scorecards/periods/:period/export.xlsx')
  @ApiOperation({ summary: 'A period’s scorecards (closed or provisional) as an Excel workbook' })
  async export(
    @Param('period', PeriodPipe) period: string,
    @Query('programmeId') programmeId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const rows = await this.scorecards.exportRows(period, programmeId, this.clock.now());
    const xlsx = await writeXlsx(`${period} 考核`, SCORECARD_EXPORT_COLUMNS, rows);
    res.setHeader('Content-Type', XLSX_TYPE);
    res.setHeader('Content-Disposition', attachment(`半年度考核-${period}.xlsx`));
    return new StreamableFile(xlsx);
  }
}

const yes = (b: boolean) => (b ? '是' : '否');
const SCORECARD_EXPORT_COLUMNS: XlsxColumn<ScorecardExportRow>[] = [
  { header: '伙伴编码', value: (r) => r.partnerCode },
  { header: '伙伴名称', width: 30, value: (r) => r.partnerName },
  { header: '考核期', value: (r) => r.period },
  { header: '状态', value: (r) => (r.status === 'closed' ? '已结算' : '进行中·临时') },
  { header: '入网洽谈与技术对接', format: '0.0', value: (r) => r.onboarding },
  { header: '投诉处理效率', format: '0.0', value: (r) => r.complaintEfficiency },
  { header: '升级投诉', format: '0.0', value: (r) => r.escalated },
  { header: '扣分', format: '0.0', value: (r) => r.deductions },
  { header: '总分', format: '0.0', value: (r) => r.total },
  { header: '是否需整改', value: (r) => yes(r.rectificationRequired) },
  {
    header: '整改状态',
    value: (r) => (r.rectificationStatus ? RECTIFICATION_STATUS_LABEL[r.rectificationStatus] : null),
  },
  { header: '是否暂停', value: (r) => yes(r.suspended) },
];
