import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiNoContent, ApiResult, ErrorDto } from '../../common/openapi.js';
import type { Request, Response } from 'express';
import { intakeTimeline, isValidDateString, type IntakeService } from '@huoban/core';
import { CurrentUser, Public, Roles, type AuthUser } from '../../common/auth.js';
import { attachment } from '../../common/download.js';
import { parseInstant } from '../../common/parse.js';
import {
  ApplicantDevLoginDto,
  ApplicantWechatDto,
  CloseDto,
  CreateApplicationDto,
  CreateRecruitmentDto,
  CreateStaffUserDto,
  EditApplicationDto,
  EditRecruitmentDto,
  EditStaffUserDto,
  LetterDto,
  MeetingDto,
  ObjectionDto,
  PreReviewDto,
  PublicizeDto,
  ResolveDto,
  RevDto,
  RevokeDto,
  RiskCancellationDto,
  SettingsDto,
  SignDto,
  StartEvaluationDto,
  VoteDto,
} from './intake.dto.js';
import { IntakeApi, publicRecruitment } from './intake.service.js';
import {
  ApiBinary,
  Application,
  ApplicationDetail,
  DishonestImport,
  EVIDENCE_TYPES,
  EvidenceFile,
  IntakeSettings,
  IntakeTimeline,
  IntakeToken,
  Letter,
  LetterCheck,
  Meeting,
  Objection,
  ObjectionFiled,
  PublicRecruitment,
  PublicityNotice,
  Recruitment,
  RiskCancellation,
  SignResult,
  StaffUser,
} from './intake.responses.js';

interface Upload {
  originalname: string;
  buffer: Buffer;
}
/** multer hands the file name over as latin1; browsers and WeChat send UTF-8. */
const fileName = (raw: string) => Buffer.from(raw, 'latin1').toString('utf8');
const UPLOAD_LIMIT = { limits: { fileSize: 20 * 1024 * 1024, files: 1 } };
const needFile = (f: Upload | undefined): Upload => {
  if (!f) throw new BadRequestException(['file must be an uploaded file (multipart field "file")']);
  return f;
};

/** No login: recruitment notices, Atom feed, 公示, objections, letter verification (FT-6, FT-9, FT-11). */
@ApiTags('intake-public')
@Public()
@Controller()
export class PublicIntakeController {
  private readonly intake: IntakeService;
  constructor(private readonly api: IntakeApi) {
    this.intake = api.intake;
  }

  @Get('public/recruitments')
  @ApiOperation({ summary: 'FT-6: published (and closed, not archived) recruitments' })
  @ApiResult(PublicRecruitment, { isArray: true })
  async recruitments() {
    return (await this.intake.recruitments.publicList()).map(publicRecruitment);
  }

  @Get('public/recruitments.atom')
  @ApiOperation({ summary: 'FT-6: Atom feed of open recruitments' })
  @ApiBinary(['application/atom+xml'], 'Atom feed')
  async atom(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Content-Type', 'application/atom+xml; charset=utf-8');
    return this.api.atom(`${req.protocol}://${req.get('host')}${req.originalUrl}`);
  }

  @Get('public/recruitments/:id')
  @ApiResponse({ status: 404, description: 'Not Found: no such published recruitment', type: ErrorDto })
  @ApiResult(PublicRecruitment)
  async recruitment(@Param('id') id: string) {
    return publicRecruitment(await this.intake.recruitments.publicOne(id));
  }

  @Get('public/publicity')
  @ApiOperation({ summary: 'FT-9: 公示 of committee results (approved company names and the window only)' })
  @ApiResult(PublicityNotice, { isArray: true })
  publicity() {
    return this.intake.committee.publicNotices();
  }

  @Post('public/objections')
  @ApiOperation({ summary: 'FT-9: anyone may object during a 公示' })
  @ApiResponse({ status: 404, description: 'Not Found: not a 公示', type: ErrorDto })
  @ApiResponse({ status: 409, description: 'Conflict: outside the 公示 window', type: ErrorDto })
  @ApiResult(ObjectionFiled, { status: 201 })
  objection(@Body() dto: ObjectionDto) {
    return this.intake.committee.fileObjection(dto);
  }

  @Get('public/letters/:code')
  @ApiOperation({ summary: 'FT-11: verify an authorization letter (valid / suspended / revoked / expired)' })
  @ApiResponse({ status: 404, description: 'Not Found: unknown verification code', type: ErrorDto })
  @ApiResult(LetterCheck)
  letter(@Param('code') code: string) {
    return this.intake.letters.verify(code);
  }

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
    if (mode !== 'batch' && mode !== 'monthly') throw new BadRequestException(['mode must be batch or monthly']);
    const passed = preReviewPassedAt === undefined ? null : parseInstant('preReviewPassedAt', preReviewPassedAt);
    const cal = await this.intake.calendar();
    let t;
    if (mode === 'batch') {
      if (!closesOn || !isValidDateString(closesOn))
        throw new BadRequestException(['closesOn must be a date YYYY-MM-DD']);
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

  @ApiResponse({ status: 401, description: 'Unauthorized: WeChat refused the code', type: ErrorDto })
  @Post('auth/applicant/wechat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Applicant login: wx.login code → role applicant (not bound to a partner)' })
  @ApiResult(IntakeToken)
  wechat(@Body() dto: ApplicantWechatDto) {
    return this.api.applicantWechat(dto.code);
  }

  @ApiResponse({ status: 404, description: 'Not Found: dev login is off', type: ErrorDto })
  @Post('auth/applicant/dev-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Development only (HUOBAN_DEV_LOGIN=true): sign in as an applicant by name' })
  @ApiResult(IntakeToken)
  devLogin(@Body() dto: ApplicantDevLoginDto) {
    return this.api.applicantDevLogin(dto.name);
  }
}

/** Applicants (own applications only) and staff, on applications. */
@ApiTags('intake')
@ApiBearerAuth()
@Controller('intake')
export class IntakeController {
  private readonly intake: IntakeService;
  constructor(private readonly api: IntakeApi) {
    this.intake = api.intake;
  }

  // ---------------------------------------------------------------- applicant
  @Roles('applicant')
  @Get('my/applications')
  @ApiResult(Application, { isArray: true })
  async mine(@CurrentUser() u: AuthUser) {
    return this.intake.applications.mine(await this.api.caller(u));
  }

  @Roles('partner')
  @Get('my/letters')
  @ApiOperation({ summary: "FT-11: the partner's own authorization letters with their status" })
  @ApiResult(Letter, { isArray: true })
  async myLetters(@CurrentUser() u: AuthUser) {
    return this.intake.letters.list(await this.api.caller(u));
  }

  @Roles('applicant')
  @Post('applications')
  @ApiResult(Application, { status: 201 })
  async create(@Body() dto: CreateApplicationDto, @CurrentUser() u: AuthUser) {
    const { recruitmentId, ...draft } = dto;
    return this.intake.applications.create(recruitmentId, draft, await this.api.caller(u));
  }

  @Roles('applicant')
  @Put('applications/:id')
  @ApiOperation({ summary: 'Save the draft (PUT: wx.request has no PATCH)' })
  @ApiResult(Application)
  async edit(@Param('id') id: string, @Body() dto: EditApplicationDto, @CurrentUser() u: AuthUser) {
    const { rev, ...draft } = dto;
    return this.intake.applications.updateDraft(id, rev, draft, await this.api.caller(u));
  }

  @Roles('applicant')
  @Post('applications/:id/files')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { criterion: { type: 'string' }, file: { type: 'string', format: 'binary' } },
    },
  })
  @UseInterceptors(FileInterceptor('file', UPLOAD_LIMIT))
  @ApiResult(EvidenceFile, { status: 201 })
  async upload(
    @Param('id') id: string,
    @UploadedFile() file: Upload | undefined,
    @Body() body: { criterion?: unknown },
    @CurrentUser() u: AuthUser,
  ) {
    const f = needFile(file);
    const criterion = typeof body?.criterion === 'string' && body.criterion ? body.criterion : undefined;
    return this.intake.evidence.upload(
      id,
      { name: fileName(f.originalname), bytes: f.buffer },
      criterion,
      await this.api.caller(u),
    );
  }

  @Roles('applicant')
  @Delete('applications/:id/files/:fileId')
  @ApiNoContent()
  async deleteFile(@Param('id') id: string, @Param('fileId') fileId: string, @CurrentUser() u: AuthUser) {
    await this.intake.evidence.delete(id, fileId, await this.api.caller(u));
  }

  @Roles('applicant')
  @Post('applications/:id/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-2/FT-2.1: freeze, run the automatic checks, start the FT-7 clock' })
  @ApiResult(Application)
  async submit(@Param('id') id: string, @Body() dto: RevDto, @CurrentUser() u: AuthUser) {
    return this.api.scheduled(await this.intake.applications.submit(id, dto.rev, await this.api.caller(u)));
  }

  @Roles('applicant')
  @Post('applications/:id/revise')
  @HttpCode(200)
  @ApiOperation({ summary: 'Back to draft as a new version (before the pre-review; the frozen one is kept)' })
  @ApiResult(Application)
  async revise(@Param('id') id: string, @Body() dto: RevDto, @CurrentUser() u: AuthUser) {
    return this.intake.applications.revise(id, dto.rev, await this.api.caller(u));
  }

  // ---------------------------------------------------------------- applicant or staff
  @Roles('applicant', 'staff')
  @Get('applications/:id')
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
  @Get('applications/:id/files')
  @ApiResult(EvidenceFile, { isArray: true })
  async files(@Param('id') id: string, @CurrentUser() u: AuthUser) {
    return this.intake.evidence.list(id, await this.api.caller(u));
  }

  @Roles('applicant', 'staff')
  @Get('applications/:id/files/:fileId')
  @ApiBinary(EVIDENCE_TYPES, 'the evidence file (attachment)')
  async file(
    @Param('id') id: string,
    @Param('fileId') fileId: string,
    @CurrentUser() u: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { file, bytes } = await this.intake.evidence.get(id, fileId, await this.api.caller(u));
    res.setHeader('Content-Type', file.mime);
    res.setHeader('Content-Disposition', attachment(file.fileName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(bytes);
  }

  // ---------------------------------------------------------------- staff
  @Roles('staff')
  @Get('applications')
  @ApiOperation({ summary: 'Queues sorted by due (stage=pre_review|evaluation|decision) or all of a recruitment' })
  @ApiResult(Application, { isArray: true })
  @ApiQuery({ name: 'stage', required: false, enum: ['pre_review', 'evaluation', 'decision'] })
  @ApiQuery({ name: 'recruitmentId', required: false })
  async list(@Query('stage') stage?: string, @Query('recruitmentId') recruitmentId?: string) {
    if (stage === 'pre_review' || stage === 'evaluation' || stage === 'decision') return this.intake.review.queue(stage);
    if (stage !== undefined) throw new BadRequestException(['stage must be pre_review, evaluation or decision']);
    return this.intake.repo.applications(recruitmentId ? { recruitmentId } : {});
  }

  @Roles('staff')
  @Post('applications/:id/pre-review')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-7: a verdict per Annex 1 criterion (reviewer or admin)' })
  @ApiResult(Application)
  async preReview(@Param('id') id: string, @Body() dto: PreReviewDto, @CurrentUser() u: AuthUser) {
    return this.api.scheduled(await this.intake.review.preReview(id, dto.rev, dto.verdicts, await this.api.caller(u)));
  }

  @Roles('staff')
  @Post('applications/:id/evaluation')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-8: fix the panel (≥3 members, ≥3 teams, not the pre-reviewer)' })
  @ApiResult(Application)
  async startEvaluation(@Param('id') id: string, @Body() dto: StartEvaluationDto, @CurrentUser() u: AuthUser) {
    const quorum =
      dto.quorum &&
      (dto.quorum.kind === 'all'
        ? { kind: 'all' as const }
        : { kind: 'min' as const, minPass: dto.quorum.minPass ?? 0 });
    return this.api.scheduled(
      await this.intake.review.startEvaluation(id, dto.rev, dto.memberIds, quorum, await this.api.caller(u)),
    );
  }

  @Roles('staff')
  @Post('applications/:id/votes')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-8: a panel member’s verdict' })
  @ApiResult(Application)
  async vote(@Param('id') id: string, @Body() dto: VoteDto, @CurrentUser() u: AuthUser) {
    return this.api.scheduled(await this.intake.review.vote(id, dto.rev, dto.pass, dto.comment, await this.api.caller(u)));
  }

  @Roles('staff')
  @Post('applications/:id/sign')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-10: contract record + partner (after the 公示, every objection resolved)' })
  @ApiResult(SignResult)
  async sign(@Param('id') id: string, @Body() dto: SignDto, @CurrentUser() u: AuthUser) {
    const { rev, ...input } = dto;
    return this.intake.signing.sign(id, rev, input, await this.api.caller(u));
  }

  @Roles('staff')
  @Post('applications/:id/letter')
  @ApiOperation({ summary: 'FT-11: issue the 业务拓展授权书' })
  @ApiResult(Letter, { status: 201 })
  async issueLetter(@Param('id') id: string, @Body() dto: LetterDto, @CurrentUser() u: AuthUser) {
    return this.intake.letters.withStatus(await this.intake.letters.issue(id, dto, await this.api.caller(u)));
  }
}

/** Staff: recruitments, meetings, objections, letters, FT-2.1 lists, settings, staff users. */
@ApiTags('intake-staff')
@ApiBearerAuth()
@Roles('staff')
@Controller('intake')
export class IntakeStaffController {
  private readonly intake: IntakeService;
  constructor(private readonly api: IntakeApi) {
    this.intake = api.intake;
  }

  @Get('recruitments')
  @ApiResult(Recruitment, { isArray: true })
  @ApiQuery({ name: 'status', required: false, enum: ['draft', 'published', 'closed', 'archived'] })
  async recruitments(@Query('status') status?: string) {
    const all = await this.intake.repo.recruitments();
    return status ? all.filter((r) => r.status === status) : all;
  }

  @Post('recruitments')
  @ApiResult(Recruitment, { status: 201 })
  async createRecruitment(@Body() dto: CreateRecruitmentDto, @CurrentUser() u: AuthUser) {
    return this.intake.recruitments.create(dto, await this.api.caller(u));
  }

  @Get('recruitments/:id')
  @ApiResult(Recruitment)
  recruitment(@Param('id') id: string) {
    return this.intake.recruitments.get(id);
  }

  @Patch('recruitments/:id')
  @ApiResult(Recruitment)
  async editRecruitment(@Param('id') id: string, @Body() dto: EditRecruitmentDto, @CurrentUser() u: AuthUser) {
    const { rev, ...input } = dto;
    return this.intake.recruitments.edit(id, rev, input, await this.api.caller(u));
  }

  @Post('recruitments/:id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-6: publish; the bot posts the notice with the H5 link' })
  @ApiResult(Recruitment)
  async publish(@Param('id') id: string, @Body() dto: RevDto, @CurrentUser() u: AuthUser) {
    return this.intake.recruitments.publish(id, dto.rev, await this.api.caller(u));
  }

  @Post('recruitments/:id/close')
  @HttpCode(200)
  @ApiResult(Recruitment)
  async close(@Param('id') id: string, @Body() dto: CloseDto, @CurrentUser() u: AuthUser) {
    return this.intake.recruitments.close(id, dto.rev, await this.api.caller(u), dto.reason);
  }

  @Post('recruitments/:id/archive')
  @HttpCode(200)
  @ApiResult(Recruitment)
  async archive(@Param('id') id: string, @Body() dto: RevDto, @CurrentUser() u: AuthUser) {
    return this.intake.recruitments.archive(id, dto.rev, await this.api.caller(u));
  }

  @Get('meetings')
  @ApiResult(Meeting, { isArray: true })
  @ApiQuery({ name: 'recruitmentId', required: false })
  meetings(@Query('recruitmentId') recruitmentId?: string) {
    return this.intake.repo.meetings(recruitmentId ? { recruitmentId } : {});
  }

  @Post('meetings')
  @ApiOperation({ summary: 'FT-4/FT-9: committee meeting record with decisions and the quota ranking' })
  @ApiResult(Meeting, { status: 201 })
  async meeting(@Body() dto: MeetingDto, @CurrentUser() u: AuthUser) {
    return this.intake.committee.recordMeeting(dto, await this.api.caller(u));
  }

  @Post('meetings/:id/publicize')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-9: start the 公示 (default 3 calendar days after the publication day)' })
  @ApiResult(Meeting)
  async publicize(@Param('id') id: string, @Body() dto: PublicizeDto, @CurrentUser() u: AuthUser) {
    const at = dto.publishedAt === undefined ? undefined : parseInstant('publishedAt', dto.publishedAt);
    return this.intake.committee.publicize(id, dto.rev, await this.api.caller(u), at);
  }

  @Post('meetings/:id/minutes')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-9: attach the signed minutes (pdf/jpg/png; multipart `file`, field `rev`)' })
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', UPLOAD_LIMIT))
  @ApiResult(Meeting)
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'rev'],
      properties: { rev: { type: 'integer' }, file: { type: 'string', format: 'binary' } },
    },
  })
  async minutes(
    @Param('id') id: string,
    @UploadedFile() file: Upload | undefined,
    @Body() body: { rev?: unknown },
    @CurrentUser() u: AuthUser,
  ) {
    const f = needFile(file);
    const rev = Number(body?.rev);
    if (!Number.isInteger(rev) || rev < 0) throw new BadRequestException(['rev must be an integer']);
    return this.intake.committee.attachMinutes(
      id,
      rev,
      { name: fileName(f.originalname), bytes: f.buffer },
      await this.api.caller(u),
    );
  }

  @Get('meetings/:id/minutes')
  @ApiBinary(EVIDENCE_TYPES, 'the minutes file (attachment)')
  async minutesFile(@Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const { file, bytes } = await this.intake.committee.minutesFile(id);
    res.setHeader('Content-Type', file.mime);
    res.setHeader('Content-Disposition', attachment(file.fileName));
    return new StreamableFile(bytes);
  }

  @Get('objections')
  @ApiResult(Objection, { isArray: true })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'resolved'] })
  @ApiQuery({ name: 'meetingId', required: false })
  objections(@Query('status') status?: string, @Query('meetingId') meetingId?: string) {
    if (status !== undefined && status !== 'open' && status !== 'resolved')
      throw new BadRequestException(['status must be open or resolved']);
    return this.intake.committee.objections({ status, meetingId });
  }

  @Post('objections/:id/resolve')
  @HttpCode(200)
  @ApiResult(Objection)
  async resolve(@Param('id') id: string, @Body() dto: ResolveDto, @CurrentUser() u: AuthUser) {
    return this.intake.committee.resolveObjection(id, dto.rev, dto.resolution, await this.api.caller(u));
  }

  @Roles('staff', 'partner')
  @Get('letters')
  @ApiResult(Letter, { isArray: true })
  async letters(@CurrentUser() u: AuthUser) {
    return this.intake.letters.list(await this.api.caller(u));
  }

  @Roles('staff', 'partner')
  @Get('letters/:id')
  @ApiResult(Letter)
  async letter(@Param('id') id: string, @CurrentUser() u: AuthUser) {
    return this.intake.letters.get(id, await this.api.caller(u));
  }

  @Roles('staff', 'partner')
  @Get('letters/:id/pdf')
  @ApiOperation({ summary: 'FT-11: the letter as PDF (staff or its own partner)' })
  @ApiBinary(['application/pdf'], 'the authorization letter PDF (attachment)')
  async pdf(@Param('id') id: string, @CurrentUser() u: AuthUser, @Res({ passthrough: true }) res: Response) {
    const { letterNo, pdf } = await this.intake.letters.pdf(id, await this.api.caller(u));
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', attachment(`业务拓展授权书-${letterNo}.pdf`));
    return new StreamableFile(pdf);
  }

  @Post('letters/:id/revoke')
  @HttpCode(200)
  @ApiResult(Letter)
  async revoke(@Param('id') id: string, @Body() dto: RevokeDto, @CurrentUser() u: AuthUser) {
    return this.intake.letters.revoke(id, dto.rev, dto.reason, await this.api.caller(u));
  }

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
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', UPLOAD_LIMIT))
  @ApiResult(DishonestImport, { status: 201 })
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  async importList(@Param('list') list: string, @UploadedFile() file: Upload | undefined, @CurrentUser() u: AuthUser) {
    const f = needFile(file);
    return this.intake.checks.importDishonestList(
      list,
      { name: fileName(f.originalname), bytes: f.buffer },
      await this.api.caller(u),
    );
  }

  @Get('settings')
  @ApiResult(IntakeSettings)
  settings() {
    return this.intake.settings();
  }

  @Roles('admin')
  @Put('settings')
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
}
