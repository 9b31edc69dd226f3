import { Body, Controller, Get, HttpCode, Param, Post, Query, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles, type AuthUser } from '../../common/auth.js';
import { RateLimited } from '../../common/rate-limit.js';
import { ApiResult, ErrorDto } from '../../common/openapi.js';
import { parseInstant } from '../../common/parse.js';
import { MeetingDto, ObjectionDto, PublicizeDto, ResolveDto } from './intake.dto.js';
import { ApiBinary, EVIDENCE_TYPES, Meeting, Objection, ObjectionFiled, PublicityNotice } from './intake.responses.js';
import { PublishedAs } from './operation-ids.js';
import { FileUpload, IntakeRoutes, attachmentOf, type Upload, uploaded } from './routes.js';
import { DomainError } from '@huoban/core';

/** Result confirmation (FT-4, FT-9): committee meetings, their minutes, the public 公示 and its objections. */
@ApiTags('intake-committee')
@ApiBearerAuth()
@PublishedAs('IntakeStaffController', {
  publicity: 'PublicIntakeController_publicity',
  objection: 'PublicIntakeController_objection',
})
@Controller()
export class CommitteeController extends IntakeRoutes {
  @Public()
  @Get('public/publicity')
  @ApiOperation({ summary: 'FT-9: 公示 of committee results (approved company names and the window only)' })
  @ApiResult(PublicityNotice, { isArray: true })
  publicity() {
    return this.intake.committee.publicNotices();
  }

  @Public()
  @RateLimited('public')
  @Post('public/objections')
  @ApiOperation({ summary: 'FT-9: anyone may object during a 公示' })
  @ApiResponse({ status: 404, description: 'Not Found: not a 公示', type: ErrorDto })
  @ApiResponse({ status: 409, description: 'Conflict: outside the 公示 window', type: ErrorDto })
  @ApiResult(ObjectionFiled, { status: 201 })
  objection(@Body() dto: ObjectionDto) {
    return this.intake.committee.fileObjection(dto);
  }

  // ---------------------------------------------------------------- staff
  @Roles('staff')
  @Get('intake/meetings')
  @ApiResult(Meeting, { isArray: true })
  @ApiQuery({ name: 'recruitmentId', required: false })
  meetings(@Query('recruitmentId') recruitmentId?: string) {
    return this.intake.repo.meetings(recruitmentId ? { recruitmentId } : {});
  }

  @Roles('staff')
  @Post('intake/meetings')
  @ApiOperation({ summary: 'FT-4/FT-9: committee meeting record with decisions and the quota ranking' })
  @ApiResult(Meeting, { status: 201 })
  async meeting(@Body() dto: MeetingDto, @CurrentUser() u: AuthUser) {
    return this.intake.committee.recordMeeting(dto, await this.api.caller(u));
  }

  @Roles('staff')
  @Post('intake/meetings/:id/publicize')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-9: start the 公示 (default 3 calendar days after the publication day)' })
  @ApiResult(Meeting)
  async publicize(@Param('id') id: string, @Body() dto: PublicizeDto, @CurrentUser() u: AuthUser) {
    const at = dto.publishedAt === undefined ? undefined : parseInstant('publishedAt', dto.publishedAt);
    return this.intake.committee.publicize(id, dto.rev, await this.api.caller(u), at);
  }

  @Roles('staff')
  @Post('intake/meetings/:id/minutes')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-9: attach the signed minutes (pdf/jpg/png; multipart `file`, field `rev`)' })
  @FileUpload({ rev: { type: 'integer' } }, ['file', 'rev'])
  @ApiResult(Meeting)
  async minutes(
    @Param('id') id: string,
    @UploadedFile() file: Upload | undefined,
    @Body() body: { rev?: unknown },
    @CurrentUser() u: AuthUser,
  ) {
    const f = uploaded(file);
    const rev = Number(body?.rev);
    if (!Number.isInteger(rev) || rev < 0) throw DomainError.invalidList(['rev: 版本号无效，请刷新后重试']);
    return this.intake.committee.attachMinutes(id, rev, f, await this.api.caller(u));
  }

  @Roles('staff')
  @Get('intake/meetings/:id/minutes')
  @ApiBinary(EVIDENCE_TYPES, 'the minutes file (attachment)')
  async minutesFile(@Param('id') id: string) {
    const { file, bytes } = await this.intake.committee.minutesFile(id);
    return attachmentOf({ ...file, bytes });
  }

  @Roles('staff')
  @Get('intake/objections')
  @ApiResult(Objection, { isArray: true })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'resolved'] })
  @ApiQuery({ name: 'meetingId', required: false })
  objections(@Query('status') status?: string, @Query('meetingId') meetingId?: string) {
    if (status !== undefined && status !== 'open' && status !== 'resolved')
      throw DomainError.invalidList(['status: 请选择待处理或已处理']);
    return this.intake.committee.objections({ status, meetingId });
  }

  @Roles('staff')
  @Post('intake/objections/:id/resolve')
  @HttpCode(200)
  @ApiResult(Objection)
  async resolve(@Param('id') id: string, @Body() dto: ResolveDto, @CurrentUser() u: AuthUser) {
    return this.intake.committee.resolveObjection(id, dto.rev, dto.resolution, await this.api.caller(u));
  }
}
