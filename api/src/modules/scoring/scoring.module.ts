import { Body, Controller, HttpCode, Injectable, Module, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  DomainError,
  CalendarSource,
  DEFAULT_COMPLAINT_WINDOW,
  DEFAULT_CREDIT_TABLES,
  DEFAULT_SCORECARD_TABLES,
  computeScorecard,
  simulateCredit,
  validateSimulateInput,
  type SimulateCreditInput,
} from '@huoban/core';
import { Roles } from '../../common/auth.js';
import { parseScorecardSimulation } from './simulate.validation.js';
import { ApiResult } from '../../common/openapi.js';
import { CreditSimulation, ScorecardSimulation } from './scoring.responses.js';

/** Policy simulations for admins ("what would this partner score"): pure, nothing is stored. */
@Injectable()
export class SimulationService {
  constructor(private readonly calendar: CalendarSource) {}

  async scorecard(body: unknown) {
    const { input, errors } = parseScorecardSimulation(body);
    if (!input) throw DomainError.invalidList(errors);
    const r = computeScorecard(input, DEFAULT_SCORECARD_TABLES, DEFAULT_COMPLAINT_WINDOW, await this.calendar.get());
    return {
      onboarding: r.onboarding,
      complaintEfficiency: r.complaintEfficiency,
      escalated: r.escalated,
      deductions: r.deductions,
      total: r.total,
      rectificationRequired: r.rectificationRequired,
    };
  }

  credit(body: unknown) {
    const errors = validateSimulateInput(body, DEFAULT_CREDIT_TABLES);
    if (errors.length) throw DomainError.invalidList(errors);
    // the engine's own refusals are 400s listing their messages (core's DomainError)
    return simulateCredit(body as SimulateCreditInput, DEFAULT_CREDIT_TABLES);
  }
}

@ApiTags('scoring')
@ApiBearerAuth()
@Roles('staff')
@Controller()
export class SimulationController {
  constructor(private readonly service: SimulationService) {}

  @ApiResult(ScorecardSimulation)
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  @Post('scorecards/simulate')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-12/FT-12a: semi-annual scorecard with the default tables; stores nothing' })
  scorecard(@Body() body: unknown) {
    return this.service.scorecard(body);
  }

  @ApiResult(CreditSimulation)
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  @Post('credit/simulate')
  @HttpCode(200)
  @ApiOperation({ summary: 'MG-1..MG-13: month-by-month credit ledger with the default tables; stores nothing' })
  credit(@Body() body: unknown) {
    return this.service.credit(body);
  }
}

@Module({ controllers: [SimulationController], providers: [SimulationService] })
export class ScoringModule {}
