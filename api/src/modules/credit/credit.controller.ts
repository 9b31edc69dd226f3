import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CreditFeature } from '@huoban/core';
import { CurrentUser, Roles, callerOf, type AuthUser } from '../../common/auth.js';
import { CsvDownloadQuery, XLSX_TYPE, attachment, sendCsv } from '../../common/download.js';
import {
  AppealsQuery,
  BadCreditCheckQuery,
  CreateAppealDto,
  DecideAppealDto,
  EventsQuery,
  OpenAccountDto,
  OptionalReasonDto,
  ReasonDto,
  RegisterEventDto,
  SettlementDto,
  TransferDto,
} from './credit.dto.js';
import { QuarterPipe } from '../../common/validation.js';
import { InjectCredit, parseMonthParam } from './credit.providers.js';
import { ApiFile, ApiResult } from '../../common/openapi.js';
import {
  Appeal,
  CreditAccountList,
  AppealList,
  BadCreditCheck,
  BadCreditList,
  CreditAccountView,
  CreditEvent,
  CreditEventList,
  CreditExit,
  CreditMe,
  CreditMonthClose,
  CreditMonthSnapshot,
  CreditSettlement,
  CreditTables,
  QuarterRanking,
} from './credit.responses.js';

@ApiTags('credit')
@ApiBearerAuth()
@Controller('credit')
export class CreditController {
  constructor(@InjectCredit() private readonly credit: CreditFeature) {}

  @Roles('partner')
  @ApiResult(CreditMe)
  @Get('me')
  @ApiOperation({ summary: 'MG-1: the partner’s own score, trend, ledger and what is next' })
  me(@CurrentUser() user: AuthUser) {
    return this.credit.views.me(callerOf(user));
  }

  @Roles('staff')
  @ApiResult(CreditAccountList)
  @Get('accounts')
  list() {
    return this.credit.views.list();
  }

  @Roles('staff')
  @ApiResult(CreditAccountView, { status: 201 })
  @Post('accounts')
  @ApiOperation({ summary: 'MG-2: open a credit account (initial entry)' })
  open(@Body() dto: OpenAccountDto, @CurrentUser() user: AuthUser) {
    return this.credit.accounts.open(dto, callerOf(user));
  }

  @Roles('staff')
  @ApiResult(CreditAccountView)
  @Get('accounts/:partnerId')
  account(@Param('partnerId') partnerId: string) {
    return this.credit.views.account(partnerId);
  }

  @Roles('staff')
  @ApiResult(CreditAccountView)
  @Post('accounts/:partnerId/transfer')
  @HttpCode(200)
  @ApiOperation({ summary: 'MG-3: rename, sale or transfer keeps the score and the ledger' })
  transfer(@Param('partnerId') partnerId: string, @Body() dto: TransferDto, @CurrentUser() user: AuthUser) {
    return this.credit.accounts.transfer(partnerId, dto, callerOf(user));
  }

  @Roles('staff')
  @ApiResult(CreditEventList)
  @Get('accounts/:partnerId/events')
  events(@Param('partnerId') partnerId: string, @Query() q: EventsQuery) {
    return this.credit.accounts.listEvents(partnerId, q.month);
  }

  @Roles('staff')
  @ApiResult(CreditEvent, { status: 201 })
  @Post('accounts/:partnerId/events')
  @ApiOperation({ summary: 'MG-4/6/7/8/12: register a deduction, re-rating, quarter ranking or A-class decision' })
  registerEvent(@Param('partnerId') partnerId: string, @Body() dto: RegisterEventDto, @CurrentUser() user: AuthUser) {
    return this.credit.accounts.registerEvent(partnerId, dto, callerOf(user));
  }

  @Roles('staff')
  @ApiResult(CreditMonthSnapshot)
  @Get('accounts/:partnerId/months/:month')
  @ApiOperation({ summary: 'MG-13: the frozen close of a month (inputs, tables used, result)' })
  snapshot(@Param('partnerId') partnerId: string, @Param('month') month: string) {
    return this.credit.views.snapshot(partnerId, parseMonthParam('month', month));
  }

  @Roles('staff')
  @ApiResult(CreditSettlement)
  @Get('accounts/:partnerId/settlement')
  settlement(@Param('partnerId') partnerId: string) {
    return this.credit.accounts.settlement(partnerId);
  }

  @Roles('staff')
  @ApiResult(CreditSettlement, { status: 201 })
  @Post('accounts/:partnerId/settlement')
  @ApiOperation({ summary: 'MG-9/MG-10: refund offset or severe-violation penalty (settlement held 3 months)' })
  addSettlement(@Param('partnerId') partnerId: string, @Body() dto: SettlementDto, @CurrentUser() user: AuthUser) {
    return this.credit.accounts.addSettlement(partnerId, dto, callerOf(user));
  }

  @Roles('staff')
  @ApiResult(CreditSettlement)
  @Post('accounts/:partnerId/settlement/:id/paid')
  @HttpCode(200)
  settlementPaid(
    @Param('partnerId') partnerId: string,
    @Param('id') id: string,
    @Body() dto: OptionalReasonDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.credit.accounts.settlementPaid(partnerId, id, callerOf(user), dto.reason);
  }

  @Roles('staff')
  @ApiResult(CreditExit)
  @Post('accounts/:partnerId/major-violation-exit')
  @HttpCode(200)
  @ApiOperation({ summary: 'MG-11: exit for a major violation puts the company on the bad-credit list' })
  exit(@Param('partnerId') partnerId: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthUser) {
    return this.credit.accounts.majorViolationExit(partnerId, dto.reason, callerOf(user));
  }

  @Roles('staff')
  @ApiResult(BadCreditList)
  @Get('bad-credit-list')
  badCreditList() {
    return this.credit.accounts.badCreditList();
  }

  @Roles('staff')
  @ApiResult(BadCreditCheck)
  @Get('bad-credit-list/check')
  isListed(@Query() q: BadCreditCheckQuery) {
    return this.credit.accounts.isListed(q.companyName);
  }

  @Roles('staff')
  @ApiResult(CreditMonthClose)
  @Post('months/:month/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'MG-13: close every account through this month, in order; idempotent' })
  close(@Param('month') month: string, @CurrentUser() user: AuthUser) {
    return this.credit.accounts.closeMonth(parseMonthParam('month', month), callerOf(user));
  }

  @Roles('staff')
  @ApiFile('csv')
  @Get('months/:month/export')
  @ApiOperation({ summary: 'Month-end scores as CSV (UTF-8 BOM, opens in Excel; `?encoding=gbk` for older Excel)' })
  async export(@Param('month') month: string, @Query() q: CsvDownloadQuery, @Res({ passthrough: true }) res: Response) {
    const m = parseMonthParam('month', month);
    return sendCsv(res, `信用积分-${m}.csv`, await this.credit.views.exportMonth(m), q.encoding);
  }

  @Roles('staff')
  @ApiFile('xlsx')
  @Get('months/:month/export.xlsx')
  @ApiOperation({ summary: 'Month-end scores as an Excel workbook' })
  async exportXlsx(@Param('month') month: string, @Res({ passthrough: true }) res: Response) {
    const m = parseMonthParam('month', month);
    const xlsx = await this.credit.views.exportMonthXlsx(m);
    res.setHeader('Content-Type', XLSX_TYPE);
    res.setHeader('Content-Disposition', attachment(`信用积分-${m}.xlsx`));
    return new StreamableFile(xlsx);
  }

  @Roles('staff')
  @ApiResult(QuarterRanking)
  @Post('quarters/:quarter/rankings')
  @HttpCode(200)
  @ApiOperation({ summary: 'MG-4: rank the quarter by imported pre-settlement revenue and register each quarterRank' })
  rank(
    @Param('quarter', QuarterPipe) quarter: string,
    @Query('programmeId') programmeId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.credit.rankings.rank(quarter, programmeId ?? '', callerOf(user));
  }
}

@ApiTags('credit')
@ApiBearerAuth()
@Controller('programmes/:id/credit-tables')
export class CreditTablesController {
  constructor(@InjectCredit() private readonly credit: CreditFeature) {}

  @Roles('staff')
  @ApiResult(CreditTables)
  @Get()
  get(@Param('id') id: string) {
    return this.credit.tables.get(id);
  }

  @Roles('admin')
  @ApiResult(CreditTables)
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  @Put()
  @ApiOperation({
    summary: 'MG-8/MG-12: replace the programme’s credit tables (new version; closed months keep theirs)',
  })
  put(@Param('id') id: string, @Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.credit.tables.put(id, body, callerOf(user));
  }
}

@ApiTags('appeals')
@ApiBearerAuth()
@Controller('appeals')
export class AppealsController {
  constructor(@InjectCredit() private readonly credit: CreditFeature) {}

  @Roles('partner')
  @ApiResult(Appeal, { status: 201 })
  @Post()
  create(@Body() dto: CreateAppealDto, @CurrentUser() user: AuthUser) {
    return this.credit.appeals.create(dto, callerOf(user));
  }

  @Roles('staff', 'partner')
  @ApiResult(AppealList)
  @Get()
  list(@Query() q: AppealsQuery, @CurrentUser() user: AuthUser) {
    return this.credit.appeals.list(q.status, callerOf(user));
  }

  @Roles('staff', 'partner')
  @ApiResult(Appeal)
  @Get(':id')
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.credit.appeals.get(id, callerOf(user));
  }

  @Roles('staff')
  @ApiResult(Appeal)
  @Post(':id/decide')
  @HttpCode(200)
  decide(@Param('id') id: string, @Body() dto: DecideAppealDto, @CurrentUser() user: AuthUser) {
    return this.credit.appeals.decide(id, dto, callerOf(user));
  }
}
