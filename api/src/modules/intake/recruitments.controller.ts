import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, intakeTimeline, isDayInRange } from '@huoban/core';
import { CurrentUser, Public, Roles, type AuthUser } from '../../common/auth.js';
import { ApiResult, ErrorDto } from '../../common/openapi.js';
import { parseInstant } from '../../common/parse.js';
import { CloseDto, CreateRecruitmentDto, EditRecruitmentDto, RevDto, SettingsDto } from './intake.dto.js';
import { ApiBinary, IntakeSettings, IntakeTimeline, PublicRecruitment, Recruitment } from './intake.responses.js';
import { publicRecruitment } from './intake.service.js';
import { PublishedAs } from './operation-ids.js';
import { IntakeRoutes } from './routes.js';

/** Recruitments (FT-3, FT-4, FT-6): the public notices and Atom feed, staff drafts and steps, the intake settings. */
@ApiTags('intake-recruitments')
@ApiBearerAuth()
@PublishedAs('IntakeStaffController', {
  publicList: 'PublicIntakeController_recruitments',
  atom: 'PublicIntakeController_atom',
  publicOne: 'PublicIntakeController_recruitment',
  timeline: 'PublicIntakeController_timeline',
})
@Controller()
export class RecruitmentsController extends IntakeRoutes {
  // ---------------------------------------------------------------- public (no login)
  @Public()
  @Get('public/recruitments')
  @ApiOperation({ summary: 'FT-6: published (and closed, not archived) recruitments' })
  @ApiResult(PublicRecruitment, { isArray: true })
  async publicList() {
    return (await this.intake.recruitments.publicList()).map(publicRecruitment);
  }

  @Public()
  @Get('public/recruitments.atom')
  @ApiOperation({ summary: 'FT-6: Atom feed of open recruitments' })
  @ApiBinary(['application/atom+xml'], 'Atom feed')
  async atom(@Res({ passthrough: true }) res: Response) {
    res.setHeader('Content-Type', 'application/atom+xml; charset=utf-8');
    return this.api.atom();
  }

  @Public()
  @Get('public/recruitments/:id')
  @ApiResponse({ status: 404, description: 'Not Found: no such published recruitment', type: ErrorDto })
  @ApiResult(PublicRecruitment)
  async publicOne(@Param('id') id: string) {
    return publicRecruitment(await this.intake.recruitments.publicOne(id));
  }

  @Public()
  @Get('calendar/intake-timeline')
  @ApiOperation({ summary: 'FT-7/FT-8/FT-9 (WT-2, WT-5): the latest instants the intake rules allow' })
  @ApiResult(IntakeTimeline)
  @ApiQuery({ name: 'mode', required: true, enum: ['batch', 'monthly'] })
  @ApiQuery({ name: 'closesOn', required: false, description: 'batch: YYYY-MM-DD' })
  @ApiQuery({ name: 'submittedAt', required: false, description: 'monthly: ISO instant' })
  @ApiQuery({ name: 'preReviewPassedAt', required: false, description: 'ISO instant' })
  async timeline(
    @Query('mode') mode?: string,
    @Query('closesOn') closesOn?: string,
    @Query('submittedAt') submittedAt?: string,
    @Query('preReviewPassedAt') preReviewPassedAt?: string,
  ) {
    if (mode !== 'batch' && mode !== 'monthly') throw DomainError.invalidList(['mode: 招募方式须为分批次或按月']);
    const passed = preReviewPassedAt === undefined ? null : parseInstant('preReviewPassedAt', preReviewPassedAt);
    const cal = await this.intake.calendar();
    let t;
    if (mode === 'batch') {
      if (!closesOn || !isDayInRange(closesOn))
        throw DomainError.invalidList(['closesOn: 请填写报名截止日（YYYY-MM-DD）']);
      t = intakeTimeline({ mode, closesOn, preReviewPassedAt: passed }, cal);
    } else {
      t = intakeTimeline(
        { mode, submittedAt: parseInstant('submittedAt', submittedAt), preReviewPassedAt: passed },
        cal,
      );
    }
    return {
      reviewOn: t.reviewOn,
      preReviewDueAt: t.preReviewDueAt.toISOString(),
      evaluationDueAt: t.evaluationDueAt?.toISOString() ?? null,
      decisionDueAt: t.decisionDueAt?.toISOString() ?? null,
    };
  }

  // ---------------------------------------------------------------- staff
  @Roles('staff')
  @Get('intake/recruitments')
  @ApiResult(Recruitment, { isArray: true })
  @ApiQuery({ name: 'status', required: false, enum: ['draft', 'published', 'closed', 'archived'] })
  async recruitments(@Query('status') status?: string) {
    const all = await this.intake.repo.recruitments();
    return status ? all.filter((r) => r.status === status) : all;
  }

  @Roles('staff')
  @Post('intake/recruitments')
  @ApiResult(Recruitment, { status: 201 })
  async createRecruitment(@Body() dto: CreateRecruitmentDto, @CurrentUser() u: AuthUser) {
    return this.intake.recruitments.create(dto, await this.api.caller(u));
  }

  @Roles('staff')
  @Get('intake/recruitments/:id')
  @ApiResult(Recruitment)
  recruitment(@Param('id') id: string) {
    return this.intake.recruitments.get(id);
  }

  @Roles('staff')
  @Patch('intake/recruitments/:id')
  @ApiResult(Recruitment)
  async editRecruitment(@Param('id') id: string, @Body() dto: EditRecruitmentDto, @CurrentUser() u: AuthUser) {
    const { rev, ...input } = dto;
    return this.intake.recruitments.edit(id, rev, input, await this.api.caller(u));
  }

  @Roles('staff')
  @Post('intake/recruitments/:id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-6: publish; the bot posts the notice with the H5 link' })
  @ApiResult(Recruitment)
  async publish(@Param('id') id: string, @Body() dto: RevDto, @CurrentUser() u: AuthUser) {
    return this.intake.recruitments.publish(id, dto.rev, await this.api.caller(u));
  }

  @Roles('staff')
  @Post('intake/recruitments/:id/close')
  @HttpCode(200)
  @ApiResult(Recruitment)
  async close(@Param('id') id: string, @Body() dto: CloseDto, @CurrentUser() u: AuthUser) {
    return this.intake.recruitments.close(id, dto.rev, await this.api.caller(u), dto.reason);
  }

  @Roles('staff')
  @Post('intake/recruitments/:id/archive')
  @HttpCode(200)
  @ApiResult(Recruitment)
  async archive(@Param('id') id: string, @Body() dto: RevDto, @CurrentUser() u: AuthUser) {
    return this.intake.recruitments.archive(id, dto.rev, await this.api.caller(u));
  }

  @Roles('staff')
  @Get('intake/settings')
  @ApiResult(IntakeSettings)
  settings() {
    return this.intake.settings();
  }

  @Roles('admin')
  @Put('intake/settings')
  @ApiResult(IntakeSettings)
  async putSettings(@Body() dto: SettingsDto, @CurrentUser() u: AuthUser) {
    const { quorum, ...rest } = dto;
    return this.intake.putSettings(
      {
        ...rest,
        ...(quorum && {
          quorum: quorum.kind === 'all' ? { kind: 'all' } : { kind: 'min', minPass: quorum.minPass ?? 0 },
        }),
      },
      await this.api.caller(u),
    );
  }
}
