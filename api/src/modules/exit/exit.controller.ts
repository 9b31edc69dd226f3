import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles, type AuthUser } from '../../common/auth.js';
import { XLSX_TYPE, attachment } from '../../common/download.js';
import {
  ExitApproveDto,
  ExitCaseListQuery,
  ExitNoteDto,
  ExitReasonDto,
  ExitRequestDto,
  OpenExitCaseDto,
} from './exit.dto.js';
import { ExitApiService } from './exit.service.js';
import { ApiFile, ApiResult } from '../../common/openapi.js';
import { ExitCase, ExitCaseList, ExitCaseMine, ExitPrecheck } from './exit.responses.js';

/** FT-17 / FT-18: partner exit requests and the staff exit workflow. */
@ApiTags('exit')
@Controller('exit')
export class ExitController {
  constructor(private readonly exit: ExitApiService) {}

  @Roles('partner')
  @ApiResult(ExitPrecheck)
  @Get('precheck')
  @ApiOperation({ summary: 'FT-18: live blockers and the earliest end date before a partner files' })
  precheck(@CurrentUser() user: AuthUser) {
    return this.exit.precheck(user);
  }

  @Roles('partner')
  @ApiResult(ExitCase, { status: 201 })
  @Post('requests')
  @ApiOperation({ summary: 'FT-17.3: the partner files a voluntary exit request' })
  file(@Body() dto: ExitRequestDto, @CurrentUser() user: AuthUser) {
    return this.exit.file(dto, user);
  }

  @Roles('partner')
  @ApiResult(ExitCaseMine)
  @Get('cases/mine')
  mine(@CurrentUser() user: AuthUser) {
    return this.exit.mine(user);
  }

  @Roles('staff')
  @ApiFile('xlsx')
  @Get('report.xlsx')
  @ApiOperation({ summary: 'FT-18: the exit cases applied for in a period, with each deadline met or not' })
  async report(
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const xlsx = await this.exit.report(from, to);
    res.setHeader('Content-Type', XLSX_TYPE);
    res.setHeader('Content-Disposition', attachment(`退出办理-${from}-${to}.xlsx`));
    return new StreamableFile(xlsx);
  }

  @Roles('staff')
  @ApiResult(ExitCaseList)
  @Get('cases')
  @ApiOperation({
    summary:
      'The 退出审批 queue: open cases by next due date; `status=all` or one status: a page of cases by application date',
  })
  queue(@Query() q: ExitCaseListQuery, @CurrentUser() user: AuthUser) {
    return this.exit.queue(q, user);
  }

  @Roles('staff')
  @ApiResult(ExitCase, { status: 201 })
  @Post('cases')
  @ApiOperation({ summary: 'Staff record a trigger (FT-17.2 serious incident, FT-17.4, FT-17.5, FT-14, MG-11)' })
  open(@Body() dto: OpenExitCaseDto, @CurrentUser() user: AuthUser) {
    return this.exit.open(dto, user);
  }

  @Roles('staff', 'partner')
  @ApiResult(ExitCase)
  @Get('cases/:id')
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.exit.get(id, user);
  }

  @Roles('partner')
  @ApiResult(ExitCase)
  @Post('cases/:id/withdraw')
  @HttpCode(200)
  withdraw(@Param('id') id: string, @Body() dto: ExitNoteDto, @CurrentUser() user: AuthUser) {
    return this.exit.withdraw(id, dto.reason, user);
  }

  @Roles('staff')
  @ApiResult(ExitCase)
  @Post('cases/:id/precheck')
  @HttpCode(200)
  precheckCase(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.exit.act(id, 'precheck', undefined, user);
  }

  @Roles('staff')
  @ApiResult(ExitCase)
  @Post('cases/:id/start-approval')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-18: approval starts only when no blocker remains (409 lists them)' })
  startApproval(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.exit.act(id, 'start-approval', undefined, user);
  }

  @Roles('staff')
  @ApiResult(ExitCase)
  @Post('cases/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-18: approve; endOn is the agreed end date (default the requested date, never earlier)' })
  approve(@Param('id') id: string, @Body() dto: ExitApproveDto, @CurrentUser() user: AuthUser) {
    return this.exit.act(id, 'approve', dto.reason, user, { endOn: dto.endOn });
  }

  @Roles('staff')
  @ApiResult(ExitCase)
  @Post('cases/:id/reject')
  @HttpCode(200)
  reject(@Param('id') id: string, @Body() dto: ExitReasonDto, @CurrentUser() user: AuthUser) {
    return this.exit.act(id, 'reject', dto.reason, user);
  }

  @Roles('staff')
  @ApiResult(ExitCase)
  @Post('cases/:id/terminate')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'FT-18: record the contract termination; the partner becomes exited. Before the agreed end date: 409 unless partnerAgreed',
  })
  terminate(@Param('id') id: string, @Body() dto: ExitNoteDto, @CurrentUser() user: AuthUser) {
    return this.exit.act(id, 'terminate', dto.reason, user, { partnerAgreed: dto.partnerAgreed });
  }
}
