import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../../common/auth.js';
import { ApiNoContent, ApiResult } from '../../common/openapi.js';
import {
  CreateStaffUserDto,
  DeclareConflictDto,
  EditStaffUserDto,
  PreReviewDto,
  RiskCancellationDto,
  StartEvaluationDto,
  VoteDto,
} from './intake.dto.js';
import { Application, DishonestImport, RiskCancellation, StaffUser } from './intake.responses.js';
import { PublishedAs } from './operation-ids.js';
import { FileUpload, IntakeRoutes, uploaded, type Upload } from './routes.js';
import { DISHONEST_LIST_MAX_BYTES } from '@huoban/core';

/** Staff review: pre-review (FT-7), the evaluation panel and its votes (FT-8), staff users, the FT-2.1 lists. */
@ApiTags('intake-review')
@ApiBearerAuth()
@Roles('staff')
@PublishedAs('IntakeStaffController', {
  preReview: 'IntakeController_preReview',
  startEvaluation: 'IntakeController_startEvaluation',
  vote: 'IntakeController_vote',
})
@Controller('intake')
export class ReviewController extends IntakeRoutes {
  @Post('applications/:id/pre-review')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-7: a verdict per Annex 1 criterion (reviewer or admin)' })
  @ApiResult(Application)
  async preReview(@Param('id') id: string, @Body() dto: PreReviewDto, @CurrentUser() u: AuthUser) {
    const c = await this.api.caller(u);
    return this.api.scheduled(await this.intake.review.preReview(id, dto.rev, dto.verdicts, c));
  }

  @Post('applications/:id/evaluation')
  @HttpCode(200)
  @ApiOperation({
    summary: 'FT-8: fix the panel (≥3 members, ≥3 teams, not the pre-reviewer); also completes it after a conflict',
  })
  @ApiResult(Application)
  async startEvaluation(@Param('id') id: string, @Body() dto: StartEvaluationDto, @CurrentUser() u: AuthUser) {
    const quorum =
      dto.quorum &&
      (dto.quorum.kind === 'all'
        ? { kind: 'all' as const }
        : { kind: 'min' as const, minPass: dto.quorum.minPass ?? 0 });
    const c = await this.api.caller(u);
    return this.api.scheduled(await this.intake.review.startEvaluation(id, dto.rev, dto.memberIds, quorum, c));
  }

  @Post('applications/:id/declarations')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-8: a panel member declares a conflict of interest or none, before the vote (own seat)' })
  @ApiResult(Application)
  async declare(@Param('id') id: string, @Body() dto: DeclareConflictDto, @CurrentUser() u: AuthUser) {
    const c = await this.api.caller(u);
    return this.api.scheduled(await this.intake.review.declare(id, dto.rev, dto.conflict, dto.reason, c));
  }

  @Post('applications/:id/votes')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-8: a panel member’s verdict (after declaring no conflict of interest)' })
  @ApiResult(Application)
  async vote(@Param('id') id: string, @Body() dto: VoteDto, @CurrentUser() u: AuthUser) {
    const c = await this.api.caller(u);
    return this.api.scheduled(await this.intake.review.vote(id, dto.rev, dto.pass, dto.comment, c));
  }

  // ---------------------------------------------------------------- staff users (panel selection)
  @Get('staff-users')
  @ApiOperation({ summary: 'Staff users with role and team (panel selection); admins manage them' })
  @ApiResult(StaffUser, { isArray: true })
  staffUsers() {
    return this.api.listStaff();
  }

  @Roles('admin')
  @Post('staff-users')
  @ApiResult(StaffUser, { status: 201 })
  createStaff(@Body() dto: CreateStaffUserDto, @CurrentUser() u: AuthUser) {
    return this.api.createStaff(dto, u);
  }

  @Roles('admin')
  @Patch('staff-users/:id')
  @ApiResult(StaffUser)
  editStaff(@Param('id') id: string, @Body() dto: EditStaffUserDto, @CurrentUser() u: AuthUser) {
    return this.api.editStaff(id, dto, u);
  }

  @Roles('admin')
  @Put('staff-users/:id')
  @ApiOperation({ summary: 'Same as PATCH (wx.request has no PATCH)' })
  @ApiResult(StaffUser)
  putStaff(@Param('id') id: string, @Body() dto: EditStaffUserDto, @CurrentUser() u: AuthUser) {
    return this.api.editStaff(id, dto, u);
  }

  @Roles('admin')
  @Post('staff-users/:id/sign-out')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign the user out everywhere: every token it holds is refused from the next request on' })
  @ApiNoContent()
  async signOutStaff(@Param('id') id: string, @CurrentUser() u: AuthUser) {
    await this.api.signOutStaff(id, u);
  }

  // ---------------------------------------------------------------- FT-2.1 lists the automatic checks read
  @Get('risk-cancellations')
  @ApiResult(RiskCancellation, { isArray: true })
  riskCancellations() {
    return this.intake.repo.riskCancellations();
  }

  @Post('risk-cancellations')
  @ApiOperation({ summary: 'FT-2.1: record a past cancellation by us for risk reasons' })
  @ApiResult(RiskCancellation, { status: 201 })
  async riskCancellation(@Body() dto: RiskCancellationDto, @CurrentUser() u: AuthUser) {
    return this.intake.checks.recordRiskCancellation(dto, await this.api.caller(u));
  }

  @Post('dishonest-lists/:list')
  @ApiOperation({ summary: 'FT-2.1: import 严重违法失信企业名单 (serious_illegal) / 失信被执行人 (dishonest_debtor)' })
  @FileUpload({}, ['file'], DISHONEST_LIST_MAX_BYTES)
  @ApiResult(DishonestImport, { status: 201 })
  async importList(@Param('list') list: string, @UploadedFile() file: Upload | undefined, @CurrentUser() u: AuthUser) {
    return this.intake.checks.importDishonestList(list, uploaded(file), await this.api.caller(u));
  }
}
