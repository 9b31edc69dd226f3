import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Injectable,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Notifier,
  PartnerRepository,
  rectificationDecidedNotice,
  rectificationSubmittedNotice,
  type RectificationRecord,
} from '@huoban/core';
import { AuditTrail } from '../../common/audit.service.js';
import { CurrentUser, Roles, actorOf, type AuthUser } from '../../common/auth.js';
import { Clock } from '../../common/infra.module.js';
import { ListRectificationsQuery, RectificationDecisionDto, SubmissionDto } from './scorecards.dto.js';
import { InjectScorecardRepos, type ScorecardRepositories } from './scorecards.providers.js';
import { ApiResult } from '../../common/openapi.js';
import { Rectification, RectificationList } from './scorecards.responses.js';

/**
 * FT-14 rectification: cases are opened by the period close (total below the line). The partner submits a plan
 * and evidence; staff pass or fail it with a reason. A fail records `terminationRecommended` for the exit workflow.
 */
@Injectable()
export class RectificationsService {
  constructor(
    @InjectScorecardRepos() private readonly repos: ScorecardRepositories,
    private readonly partners: PartnerRepository,
    private readonly notifier: Notifier,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async list(q: ListRectificationsQuery, user: AuthUser) {
    const partnerId = user.role === 'partner' ? user.partnerId! : q.partnerId;
    return { items: await this.views(await this.repos.rectifications.list({ partnerId, status: q.status })) };
  }

  async get(id: string, user: AuthUser) {
    return (await this.views([await this.find(id, user)]))[0];
  }

  async submit(id: string, dto: SubmissionDto, user: AuthUser) {
    const c = await this.find(id, user);
    if (c.status !== 'open' && c.status !== 'submitted') throw new ConflictException('整改已有结论，不能再提交');
    const now = this.clock.now();
    const submission = {
      _id: this.repos.rectifications.newSubmissionId(),
      plan: dto.plan.trim(),
      evidence: dto.evidence.map((e) => e.trim()),
      at: now,
      actor: actorOf(user),
      afterDeadline: now.getTime() > c.deadline.getTime(),
    };
    const updated = await this.repos.rectifications.transition(
      c.id,
      { status: { $in: ['open', 'submitted'] } },
      { $push: { submissions: submission }, $set: { status: 'submitted' } },
    );
    if (!updated) throw new ConflictException('整改状态已变化，请刷新后重试');
    await this.audit.record(user, 'rectification.submitted', 'rectification', c.id, {
      before: { status: c.status },
      after: { status: updated.status, submissionId: submission._id, afterDeadline: submission.afterDeadline },
    });
    await this.notifier.notify(rectificationSubmittedNotice(updated, await this.partnerName(c.partnerId), now));
    return (await this.views([updated]))[0];
  }

  /** Pass needs a submission; fail is allowed on a submission, or without one once the deadline has passed. */
  async decide(id: string, dto: RectificationDecisionDto, user: AuthUser) {
    const c = await this.find(id, user);
    if (c.status === 'passed' || c.status === 'failed') throw new ConflictException('整改已有结论');
    const now = this.clock.now();
    if (dto.decision === 'pass' && c.status !== 'submitted')
      throw new ConflictException('伙伴尚未提交整改方案，不能判定通过');
    if (dto.decision === 'fail' && c.status === 'open' && now.getTime() <= c.deadline.getTime())
      throw new ConflictException('伙伴尚未提交整改方案且整改期限未到');
    const status = dto.decision === 'pass' ? 'passed' : 'failed';
    const decision = { result: dto.decision, reason: dto.reason.trim(), at: now, actor: actorOf(user) };
    const updated = await this.repos.rectifications.transition(
      c.id,
      { status: c.status },
      { $set: { status, decision, terminationRecommended: status === 'failed' } },
    );
    if (!updated) throw new ConflictException('整改状态已变化，请刷新后重试');
    await this.audit.record(user, 'rectification.decided', 'rectification', c.id, {
      before: { status: c.status },
      after: { status, terminationRecommended: updated.terminationRecommended },
      reason: decision.reason,
    });
    await this.notifier.notify(rectificationDecidedNotice(updated, await this.partnerName(c.partnerId), now));
    return (await this.views([updated]))[0];
  }

  /** Partners see only their own cases: anything else reads as missing. */
  private async find(id: string, user: AuthUser): Promise<RectificationRecord> {
    const c = await this.repos.rectifications.get(id, user.role === 'partner' ? { partnerId: user.partnerId! } : {});
    if (!c) throw new NotFoundException('整改记录不存在');
    return c;
  }

  private async partnerName(id: string) {
    return (await this.partners.get(id))?.name ?? '（未知伙伴）';
  }

  private async views(items: RectificationRecord[]) {
    const now = this.clock.now().getTime();
    const names = await this.partners.names(items.map((c) => c.partnerId));
    return items.map((c) => ({
      ...c,
      partnerName: names.get(c.partnerId) ?? '',
      overdue: c.status === 'open' && now > c.deadline.getTime(),
    }));
  }
}

@ApiTags('rectifications')
@ApiBearerAuth()
@Controller('rectifications')
export class RectificationsController {
  constructor(private readonly service: RectificationsService) {}

  @ApiResult(RectificationList)
  @Get()
  list(@Query() q: ListRectificationsQuery, @CurrentUser() user: AuthUser) {
    return this.service.list(q, user);
  }

  @ApiResult(Rectification)
  @Get(':id')
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.service.get(id, user);
  }

  @Roles('partner')
  @ApiResult(Rectification, { status: 201 })
  @Post(':id/submissions')
  @ApiOperation({ summary: 'FT-14: the partner submits its rectification plan and evidence (text or links)' })
  submit(@Param('id') id: string, @Body() dto: SubmissionDto, @CurrentUser() user: AuthUser) {
    return this.service.submit(id, dto, user);
  }

  @Roles('staff')
  @ApiResult(Rectification)
  @Post(':id/decide')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-14: pass or fail; a fail records terminationRecommended' })
  decide(@Param('id') id: string, @Body() dto: RectificationDecisionDto, @CurrentUser() user: AuthUser) {
    return this.service.decide(id, dto, user);
  }
}
