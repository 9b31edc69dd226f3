import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean } from 'class-validator';
import { SLA_HOURS_MAX, WORKING_DAYS_MAX, YEAR_MAX, YEAR_MIN } from '@huoban/core';
import { CurrentUser, Public, Roles, type AuthUser } from '../../common/auth.js';
import { parseInstant, parseInstantAfter, parseNumber } from '../../common/parse.js';
import { DayPipe, IsDay, IsText } from '../../common/validation.js';
import { CalendarService } from './calendar.service.js';
import { ApiResult } from '../../common/openapi.js';
import {
  CalendarOverride,
  CalendarYears,
  ExitTimeline,
  RolledDate,
  SlaDeadline,
  WorkingDayDeadline,
} from './calendar.responses.js';

class OfficialYearDto {
  @ApiProperty({ type: [String], example: ['2031-01-01'] })
  @IsArray()
  @ArrayMaxSize(366)
  @IsDay({ each: true })
  holidays!: string[];
  @ApiProperty({ type: [String], example: [] })
  @IsArray()
  @ArrayMaxSize(366)
  @IsDay({ each: true })
  makeupWorkdays!: string[];
}

class OverrideDto {
  @ApiProperty() @IsBoolean() workday!: boolean;
  @IsText(200, { optional: true }) note?: string;
}

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly service: CalendarService) {}

  @Public()
  @ApiResult(SlaDeadline)
  @Get('sla-deadline')
  @ApiOperation({ summary: 'WT-3/WT-3a/WT-4: due instant after N working hours (08:00–23:00 every day)' })
  slaDeadline(@Query('start') start?: string, @Query('hours') hours?: string) {
    return this.service.slaDeadline(
      parseInstant('start', start),
      parseNumber('hours', hours, { min: 0, max: SLA_HOURS_MAX }),
    );
  }

  @Public()
  @ApiResult(WorkingDayDeadline)
  @Get('working-day-deadline')
  @ApiOperation({ summary: 'WT-1/WT-2: end of the N-th working day after start' })
  workingDayDeadline(@Query('start') start?: string, @Query('days') days?: string) {
    return this.service.workingDayDeadline(
      parseInstant('start', start),
      parseNumber('days', days, { min: 0, max: WORKING_DAYS_MAX, integer: true }),
    );
  }

  @Public()
  @ApiResult(ExitTimeline)
  @Get('exit-timeline')
  @ApiOperation({ summary: "FT-17.3/FT-18/WT-2: an exit case's earliest end date and deadlines" })
  exitTimeline(
    @Query('appliedAt') appliedAt?: string,
    @Query('clearedAt') clearedAt?: string,
    @Query('approvedAt') approvedAt?: string,
  ) {
    const applied = parseInstant('appliedAt', appliedAt);
    return this.service.exitTimeline(
      applied,
      clearedAt === undefined ? undefined : parseInstantAfter('clearedAt', clearedAt, applied),
      approvedAt === undefined ? undefined : parseInstantAfter('approvedAt', approvedAt, applied),
    );
  }

  @Public()
  @ApiResult(RolledDate)
  @Get('roll')
  @ApiOperation({ summary: 'WT-5: a non-working day rolls to the next working day' })
  roll(@Query('date') date?: string) {
    return this.service.roll(date);
  }

  @Roles('staff')
  @ApiResult(CalendarYears)
  @Get('years')
  years() {
    return this.service.years();
  }

  @Roles('admin')
  @ApiResult(CalendarYears)
  @Put('years/:year')
  putYear(@Param('year') year: string, @Body() dto: OfficialYearDto, @CurrentUser() user: AuthUser) {
    return this.service.putYear(parseNumber('year', year, { min: YEAR_MIN, max: YEAR_MAX, integer: true }), dto, user);
  }

  @Roles('admin')
  @ApiResult(CalendarOverride)
  @Put('overrides/:date')
  putOverride(@Param('date', DayPipe) date: string, @Body() dto: OverrideDto, @CurrentUser() user: AuthUser) {
    return this.service.putOverride(date, dto, user);
  }
}
