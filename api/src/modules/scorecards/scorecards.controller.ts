import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
  UseFilters,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ScorecardInputService, ScorecardService } from '@huoban/core';
import { CurrentUser, Roles, actorOf, type AuthUser } from '../../common/auth.js';
import { Clock } from '../../common/infra.module.js';
import { parseInstant } from '../../common/parse.js';
import {
  EscalationDto,
  OnboardingDto,
  PeriodQuery,
  ReasonDto,
  SecurityIncidentDto,
  SuccessRateDto,
} from './scorecards.dto.js';
import { ScorecardErrorFilter } from './scorecards.providers.js';

/** FT-12, FT-12a, FT-14: programme tables, period inputs, the live score and the period close (core services). */
@ApiTags('scorecards')
@ApiBearerAuth()
@UseFilters(ScorecardErrorFilter)
@Controller()
export class ScorecardsController {
  constructor(
    private readonly scorecards: ScorecardService,
    private readonly inputs: ScorecardInputService,
    private readonly clock: Clock,
  ) {}

  @Roles('staff')
  @Get('programmes/:id/scorecard-tables')
  tables(@Param('id') id: string) {
    return this.scorecards.tables(id);
  }

  @Roles('admin')
  @Put('programmes/:id/scorecard-tables')
  @ApiOperation({ summary: 'FT-12a: replace the tables (stored as a new version; closed periods keep theirs)' })
  putTables(@Param('id') id: string, @Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.scorecards.putTables(id, body, actorOf(user), this.clock.now());
  }

  @Roles('partner')
  @Get('scorecards/me')
  mine(@Query() q: PeriodQuery, @CurrentUser() user: AuthUser) {
    return this.scorecards.view(user.partnerId!, q.period, this.clock.now());
  }

  @Roles('staff')
  @Get('scorecards')
  board(@Query() q: PeriodQuery) {
    return this.scorecards.board(q.period, this.clock.now());
  }

  /** Staff read any partner; a partner reads only itself (another partner's score is 404). */
  @Get('scorecards/partners/:partnerId')
  partner(@Param('partnerId') partnerId: string, @Query() q: PeriodQuery, @CurrentUser() user: AuthUser) {
    if (user.role === 'partner' && user.partnerId !== partnerId) throw new NotFoundException('伙伴不存在');
    return this.scorecards.view(partnerId, q.period, this.clock.now());
  }

  @Roles('staff')
  @Get('scorecards/partners/:partnerId/periods/:period/inputs')
  periodInputs(@Param('partnerId') partnerId: string, @Param('period') period: string) {
    return this.inputs.inputs(partnerId, period, this.clock.now());
  }

  @Roles('staff')
  @Put('scorecards/partners/:partnerId/periods/:period/onboarding')
  onboarding(
    @Param('partnerId') partnerId: string,
    @Param('period') period: string,
    @Body() dto: OnboardingDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.inputs.setOnboarding(partnerId, period, dto, actorOf(user), this.clock.now());
  }

  @Roles('staff')
  @Post('scorecards/partners/:partnerId/periods/:period/security-incidents')
  addIncident(
    @Param('partnerId') partnerId: string,
    @Param('period') period: string,
    @Body() dto: SecurityIncidentDto,
    @CurrentUser() user: AuthUser,
  ) {
    const occurredAt = parseInstant('occurredAt', dto.occurredAt);
    return this.inputs.addSecurityIncident(partnerId, period, { ...dto, occurredAt }, actorOf(user), this.clock.now());
  }

  @Roles('staff')
  @Delete('scorecards/partners/:partnerId/periods/:period/security-incidents/:incidentId')
  removeIncident(
    @Param('partnerId') partnerId: string,
    @Param('period') period: string,
    @Param('incidentId') incidentId: string,
    @Query() q: ReasonDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.inputs.removeSecurityIncident(partnerId, period, incidentId, q.reason, actorOf(user), this.clock.now());
  }

  @Roles('staff')
  @Put('scorecards/partners/:partnerId/success-rates/:month')
  successRate(
    @Param('partnerId') partnerId: string,
    @Param('month') month: string,
    @Body() dto: SuccessRateDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.inputs.setSuccessRate(partnerId, month, dto.rate, actorOf(user), this.clock.now());
  }

  @Roles('staff')
  @Get('scorecards/escalations/:complaintId')
  escalation(@Param('complaintId') complaintId: string) {
    return this.inputs.escalation(complaintId);
  }

  @Roles('staff')
  @Put('scorecards/escalations/:complaintId')
  @ApiOperation({ summary: 'FT-12: is the escalated complaint attributable to the partner, is it malicious' })
  setEscalation(@Param('complaintId') complaintId: string, @Body() dto: EscalationDto, @CurrentUser() user: AuthUser) {
    return this.inputs.setEscalation(complaintId, dto, actorOf(user), this.clock.now());
  }

  @Roles('staff')
  @Post('scorecards/periods/:period/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-14: freeze every partner’s scorecard of an ended half-year; idempotent' })
  close(@Param('period') period: string, @CurrentUser() user: AuthUser) {
    return this.scorecards.close(period, actorOf(user), this.clock.now());
  }
}
