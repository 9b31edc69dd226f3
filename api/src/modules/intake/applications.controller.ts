import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Query, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles, type AuthUser } from '../../common/auth.js';
import { RateLimited } from '../../common/rate-limit.js';
import { ApiNoContent, ApiResult, ErrorDto } from '../../common/openapi.js';
import {
  ApplicantDevLoginDto,
  ApplicantWechatDto,
  CreateApplicationDto,
  EditApplicationDto,
  RevDto,
} from './intake.dto.js';
import {
  ApiBinary,
  Application,
  ApplicationDetail,
  EVIDENCE_TYPES,
  EvidenceFile,
  IntakeToken,
} from './intake.responses.js';
import { PublishedAs } from './operation-ids.js';
import { FileUpload, IntakeRoutes, attachmentOf, type Upload, uploaded } from './routes.js';
import { DomainError } from '@huoban/core';

/** Applicants (login, own applications only, evidence, submission) and staff reading applications (FT-2, FT-2.1). */
@ApiTags('intake-applications')
@ApiBearerAuth()
@PublishedAs('IntakeController', {
  wechat: 'PublicIntakeController_wechat',
  devLogin: 'PublicIntakeController_devLogin',
})
@Controller()
export class ApplicationsController extends IntakeRoutes {
  // ---------------------------------------------------------------- applicant login (no login yet)
  @Public()
  @RateLimited('login')
  @ApiResponse({ status: 401, description: 'Unauthorized: WeChat refused the code', type: ErrorDto })
  @Post('auth/applicant/wechat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Applicant login: wx.login code → role applicant (not bound to a partner)' })
  @ApiResult(IntakeToken)
  wechat(@Body() dto: ApplicantWechatDto) {
    return this.api.applicantWechat(dto.code);
  }

  @Public()
  @RateLimited('login')
  @ApiResponse({ status: 404, description: 'Not Found: dev login is off', type: ErrorDto })
  @Post('auth/applicant/dev-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Development only (HUOBAN_DEV_LOGIN=true): sign in as an applicant by name' })
  @ApiResult(IntakeToken)
  devLogin(@Body() dto: ApplicantDevLoginDto) {
    return this.api.applicantDevLogin(dto.name);
  }

  // ---------------------------------------------------------------- applicant
  @Roles('applicant')
  @Get('intake/my/applications')
  @ApiResult(Application, { isArray: true })
  async mine(@CurrentUser() u: AuthUser) {
    return this.intake.applications.mine(await this.api.caller(u));
  }

  @Roles('applicant')
  @Post('intake/applications')
  @ApiResult(Application, { status: 201 })
  async create(@Body() dto: CreateApplicationDto, @CurrentUser() u: AuthUser) {
    const { recruitmentId, ...draft } = dto;
    return this.intake.applications.create(recruitmentId, draft, await this.api.caller(u));
  }

  @Roles('applicant')
  @Put('intake/applications/:id')
  @ApiOperation({ summary: 'Save the draft (PUT: wx.request has no PATCH)' })
  @ApiResult(Application)
  async edit(@Param('id') id: string, @Body() dto: EditApplicationDto, @CurrentUser() u: AuthUser) {
    const { rev, ...draft } = dto;
    return this.intake.applications.updateDraft(id, rev, draft, await this.api.caller(u));
  }

  @Roles('applicant')
  @Post('intake/applications/:id/files')
  @FileUpload({ criterion: { type: 'string' } }, ['file'])
  @ApiResult(EvidenceFile, { status: 201 })
  async upload(
    @Param('id') id: string,
    @UploadedFile() file: Upload | undefined,
    @Body() body: { criterion?: unknown },
    @CurrentUser() u: AuthUser,
  ) {
    const f = uploaded(file);
    const criterion = typeof body?.criterion === 'string' && body.criterion ? body.criterion : undefined;
    return this.intake.evidence.upload(id, f, criterion, await this.api.caller(u));
  }

  @Roles('applicant')
  @Delete('intake/applications/:id/files/:fileId')
  @ApiNoContent()
  async deleteFile(@Param('id') id: string, @Param('fileId') fileId: string, @CurrentUser() u: AuthUser) {
    await this.intake.evidence.delete(id, fileId, await this.api.caller(u));
  }

  @Roles('applicant')
  @Post('intake/applications/:id/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-2/FT-2.1: freeze, run the automatic checks, start the FT-7 clock' })
  @ApiResult(Application)
  async submit(@Param('id') id: string, @Body() dto: RevDto, @CurrentUser() u: AuthUser) {
    return this.api.scheduled(await this.intake.applications.submit(id, dto.rev, await this.api.caller(u)));
  }

  @Roles('applicant')
  @Post('intake/applications/:id/revise')
  @HttpCode(200)
  @ApiOperation({ summary: 'Back to draft as a new version (before the pre-review; the frozen one is kept)' })
  @ApiResult(Application)
  async revise(@Param('id') id: string, @Body() dto: RevDto, @CurrentUser() u: AuthUser) {
    return this.intake.applications.revise(id, dto.rev, await this.api.caller(u));
  }

  // ---------------------------------------------------------------- applicant or staff
  @Roles('applicant', 'staff')
  @Get('intake/applications/:id')
  @ApiResult(ApplicationDetail)
  async get(@Param('id') id: string, @CurrentUser() u: AuthUser) {
    const c = await this.api.caller(u);
    const app = await this.intake.applications.get(id, c);
    const staff = c.role !== 'applicant';
    return {
      ...app,
      files: await this.intake.evidence.list(id, c),
      versions: (await this.intake.repo.versions(id)).map((v) => ({ version: v.version, submittedAt: v.submittedAt })),
      ...(staff && { audit: await this.api.auditOf('application', id) }),
    };
  }

  @Roles('applicant', 'staff')
  @Get('intake/applications/:id/files')
  @ApiResult(EvidenceFile, { isArray: true })
  async files(@Param('id') id: string, @CurrentUser() u: AuthUser) {
    return this.intake.evidence.list(id, await this.api.caller(u));
  }

  @Roles('applicant', 'staff')
  @Get('intake/applications/:id/files/:fileId')
  @ApiBinary(EVIDENCE_TYPES, 'the evidence file (attachment)')
  @Header('X-Content-Type-Options', 'nosniff')
  async file(@Param('id') id: string, @Param('fileId') fileId: string, @CurrentUser() u: AuthUser) {
    const { file, bytes } = await this.intake.evidence.get(id, fileId, await this.api.caller(u));
    return attachmentOf({ ...file, bytes });
  }

  // ---------------------------------------------------------------- staff
  @Roles('staff')
  @Get('intake/applications')
  @ApiOperation({ summary: 'Queues sorted by due (stage=pre_review|evaluation|decision) or all of a recruitment' })
  @ApiResult(Application, { isArray: true })
  @ApiQuery({ name: 'stage', required: false, enum: ['pre_review', 'evaluation', 'decision'] })
  @ApiQuery({ name: 'recruitmentId', required: false })
  async list(
    @CurrentUser() u: AuthUser,
    @Query('stage') stage?: string,
    @Query('recruitmentId') recruitmentId?: string,
  ) {
    const c = await this.api.caller(u);
    if (stage === 'pre_review' || stage === 'evaluation' || stage === 'decision')
      return this.intake.review.queue(stage, c);
    if (stage !== undefined) throw DomainError.invalidList(['stage: 请选择有效的审核阶段']);
    return this.intake.applications.list(recruitmentId, c);
  }
}
