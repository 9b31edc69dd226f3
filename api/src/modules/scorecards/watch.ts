import { Body, Controller, Get, HttpCode, Injectable, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsMongoId, IsOptional } from 'class-validator';
import { PartnerLifecycle, PartnerRepository, partnerStatusNotice, type PartnerStatus } from '@huoban/core';
import { CurrentUser, Roles, actorOf, type AuthUser } from '../../common/auth.js';
import { Clock } from '../../common/infra.module.js';
import { ReasonDto } from './scorecards.dto.js';
import { InjectScorecardRepos, type ScorecardRepositories } from './scorecards.providers.js';
import { ApiResult } from '../../common/openapi.js';
import { AnomalyList, PartnerStatusChange } from './scorecards.responses.js';

class AnomalyQuery {
  @ApiPropertyOptional() @IsOptional() @IsMongoId({ message: 'partnerId must be a partner id' }) partnerId?: string;
}

/** FT-15: complaint-spike alerts (recorded by the worker) and the staff's immediate suspension and its lifting. */
@Injectable()
export class PartnerWatchService {
  constructor(
    @InjectScorecardRepos() private readonly repos: ScorecardRepositories,
    private readonly partners: PartnerRepository,
    private readonly lifecycle: PartnerLifecycle,
    private readonly clock: Clock,
  ) {}

  async anomalies(partnerId?: string) {
    const items = await this.repos.anomalies.list({ partnerId });
    const names = await this.partners.names(items.map((a) => a.partnerId));
    return { items: items.map((a) => ({ ...a, partnerName: names.get(a.partnerId) ?? '' })) };
  }

  suspend(id: string, reason: string, user: AuthUser) {
    return this.move(id, 'active', 'suspended', reason.trim(), user);
  }

  resume(id: string, reason: string, user: AuthUser) {
    return this.move(id, 'suspended', 'active', reason.trim(), user);
  }

  /** FT-15: active → suspended, suspended → active, through the partner lifecycle (one winner, one notice). */
  private async move(id: string, from: PartnerStatus, to: PartnerStatus, reason: string, user: AuthUser) {
    const now = this.clock.now();
    return this.lifecycle.move(id, to, {
      from: [from],
      actor: actorOf(user),
      reason,
      action: to === 'suspended' ? 'partner.suspended' : 'partner.resumed',
      notices: (p) => [partnerStatusNotice(p, to === 'suspended', reason, `r${p.rev}`, now)],
    });
  }
}

@ApiTags('scorecards')
@ApiBearerAuth()
@Roles('staff')
@Controller()
export class PartnerWatchController {
  constructor(private readonly service: PartnerWatchService) {}

  @ApiResult(AnomalyList)
  @Get('scorecards/anomalies')
  anomalies(@Query() q: AnomalyQuery) {
    return this.service.anomalies(q.partnerId);
  }

  @ApiResult(PartnerStatusChange)
  @Post('partners/:id/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-15: suspend cooperation at once (active → suspended)' })
  suspend(@Param('id') id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthUser) {
    return this.service.suspend(id, dto.reason, user);
  }

  @ApiResult(PartnerStatusChange)
  @Post('partners/:id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-15: lift the suspension (suspended → active)' })
  resume(@Param('id') id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthUser) {
    return this.service.resume(id, dto.reason, user);
  }
}
