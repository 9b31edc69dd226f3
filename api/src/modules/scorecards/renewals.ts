import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RectificationService, RenewalReviews } from '@huoban/core';
import { CurrentUser, Roles, actorOf, callerOf, type AuthUser } from '../../common/auth.js';
import { ContractDto, ListRenewalsQuery, RenewalDecisionDto } from './scorecards.dto.js';
import { InjectScorecards, type ScorecardFeature } from './scorecards.providers.js';
import { ApiResult } from '../../common/openapi.js';
import { Contract, Renewal, RenewalList } from './scorecards.responses.js';

/**
 * FT-16: partner contracts and the renewal reviews the worker records one month before a contract ends; staff
 * decide renew or end. The use-cases live in core (RenewalReviews, RectificationService.decideRenewal).
 */
@ApiTags('renewals')
@ApiBearerAuth()
@Roles('staff')
@Controller()
export class RenewalsController {
  private readonly renewals: RenewalReviews;
  private readonly rectifications: RectificationService;
  constructor(@InjectScorecards() feature: ScorecardFeature) {
    ({ renewals: this.renewals, rectifications: this.rectifications } = feature);
  }

  @ApiResult(Contract)
  @Get('scorecards/contracts/:partnerId')
  contract(@Param('partnerId') partnerId: string) {
    return this.renewals.contract(partnerId);
  }

  @ApiResult(Contract)
  @Put('scorecards/contracts/:partnerId')
  @ApiOperation({ summary: 'FT-16: the partner’s contract dates (YYYY-MM-DD, Asia/Shanghai; endsAt is the last day)' })
  putContract(@Param('partnerId') partnerId: string, @Body() dto: ContractDto, @CurrentUser() user: AuthUser) {
    return this.renewals.putContract(partnerId, dto, actorOf(user));
  }

  @ApiResult(RenewalList)
  @Get('renewals')
  list(@Query() q: ListRenewalsQuery) {
    return this.renewals.list(q);
  }

  @ApiResult(Renewal)
  @Get('renewals/:id')
  get(@Param('id') id: string) {
    return this.renewals.get(id);
  }

  @ApiResult(Renewal)
  @Post('renewals/:id/decide')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-16: staff decide renew or end, with a reason' })
  decide(@Param('id') id: string, @Body() dto: RenewalDecisionDto, @CurrentUser() user: AuthUser) {
    return this.rectifications.decideRenewal(id, dto, callerOf(user));
  }
}
