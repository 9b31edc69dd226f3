import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RectificationService } from '@huoban/core';
import { CurrentUser, Roles, callerOf, type AuthUser } from '../../common/auth.js';
import { ListRectificationsQuery, RectificationDecisionDto, SubmissionDto } from './scorecards.dto.js';
import { ApiResult } from '../../common/openapi.js';
import { InjectScorecards, type ScorecardFeature } from './scorecards.providers.js';
import { Rectification, RectificationList } from './scorecards.responses.js';

/**
 * FT-14 rectification: cases are opened by the period close (total below the line). The partner submits a plan
 * and evidence; staff pass or fail it with a reason. The use-cases live in core (RectificationService).
 */
@ApiTags('rectifications')
@ApiBearerAuth()
@Controller('rectifications')
export class RectificationsController {
  private readonly service: RectificationService;
  constructor(@InjectScorecards() feature: ScorecardFeature) {
    this.service = feature.rectifications;
  }

  @Roles('staff', 'partner')
  @ApiResult(RectificationList)
  @Get()
  list(@Query() q: ListRectificationsQuery, @CurrentUser() user: AuthUser) {
    return this.service.list(q, callerOf(user));
  }

  @Roles('staff', 'partner')
  @ApiResult(Rectification)
  @Get(':id')
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.service.get(id, callerOf(user));
  }

  @Roles('partner')
  @ApiResult(Rectification, { status: 201 })
  @Post(':id/submissions')
  @ApiOperation({ summary: 'FT-14: the partner submits its rectification plan and evidence (text or links)' })
  submit(@Param('id') id: string, @Body() dto: SubmissionDto, @CurrentUser() user: AuthUser) {
    return this.service.submit(id, dto, callerOf(user));
  }

  @Roles('staff')
  @ApiResult(Rectification)
  @Post(':id/decide')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-14: pass or fail; a fail records terminationRecommended' })
  decide(@Param('id') id: string, @Body() dto: RectificationDecisionDto, @CurrentUser() user: AuthUser) {
    return this.service.decide(id, dto, callerOf(user));
  }
}
