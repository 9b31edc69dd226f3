import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsMongoId, IsOptional } from 'class-validator';
import type { AnomalyWatch } from '@huoban/core';
import { CurrentUser, Roles, callerOf, type AuthUser } from '../../common/auth.js';
import { ReasonDto } from './scorecards.dto.js';
import { InjectScorecards, type ScorecardFeature } from './scorecards.providers.js';
import { ApiResult } from '../../common/openapi.js';
import { AnomalyList, PartnerStatusChange } from './scorecards.responses.js';

class AnomalyQuery {
  @ApiPropertyOptional() @IsOptional() @IsMongoId() partnerId?: string;
}

/** FT-15: complaint-spike alerts (recorded by the worker) and the staff's immediate suspension and its lifting. */
@ApiTags('scorecards')
@ApiBearerAuth()
@Roles('staff')
@Controller()
export class PartnerWatchController {
  private readonly watch: AnomalyWatch;
  constructor(@InjectScorecards() feature: ScorecardFeature) {
    this.watch = feature.watch;
  }

  @ApiResult(AnomalyList)
  @Get('scorecards/anomalies')
  anomalies(@Query() q: AnomalyQuery) {
    return this.watch.list(q.partnerId);
  }

  @ApiResult(PartnerStatusChange)
  @Post('partners/:id/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-15: suspend cooperation at once (active → suspended)' })
  suspend(@Param('id') id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthUser) {
    return this.watch.suspend(id, dto.reason, callerOf(user));
  }

  @ApiResult(PartnerStatusChange)
  @Post('partners/:id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-15: lift the suspension (suspended → active)' })
  resume(@Param('id') id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthUser) {
    return this.watch.resume(id, dto.reason, callerOf(user));
  }
}
