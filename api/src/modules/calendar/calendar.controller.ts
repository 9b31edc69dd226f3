import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CurrentUser, Public, Roles, type AuthUser } from '../../common/auth.js';
import { parseInstant, parseNumber } from '../../common/parse.js';
import { CalendarService } from './calendar.service.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

class OfficialYearDto {
  @IsArray()
  @IsString({ each: true })
  @Matches(DATE, { each: true, message: 'holidays must be YYYY-MM-DD dates' })
  holidays!: string[];
  @IsArray()
  @IsString({ each: true })
  @Matches(DATE, { each: true, message: 'makeupWorkdays must be YYYY-MM-DD dates' })
  makeupWorkdays!: string[];
}

class OverrideDto {
  @IsBoolean() workday!: boolean;
  @IsOptional() @IsString() @MaxLength(200) note?: string;
}

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly service: CalendarService) {}

  @Public()
  @Get('sla-deadline')
  @ApiOperation({ summary: 'WT-3/WT-3a/WT-4: due instant after N working hours (08:00–23:00 every day)' })
  slaDeadline(@Query('start') start?: string, @Query('hours') hours?: string) {
    return this.service.slaDeadline(parseInstant('start', start), parseNumber('hours', hours, { min: 0, max: 10_000 }));
  }

  @Public()
  @Get('working-day-deadline')
  @ApiOperation({ summary: 'WT-1/WT-2: end of the N-th working day after start' })
  workingDayDeadline(@Query('start') start?: string, @Query('days') days?: string) {
    return this.service.workingDayDeadline(
      parseInstant('start', start),
      parseNumber('days', days, { min: 0, max: 3650, integer: true }),
    );
  }

  @Public()
  @Get('exit-timeline')
  @ApiOperation({ summary: "FT-17.3/FT-18/WT-2: an exit case's earliest end date and deadlines" })
  exitTimeline(
    @Query('appliedAt') appliedAt?: string,
    @Query('clearedAt') clearedAt?: string,
    @Query('approvedAt') approvedAt?: string,
  ) {
    return this.service.exitTimeline(
      parseInstant('appliedAt', appliedAt),
      clearedAt === undefined ? undefined : parseInstant('clearedAt', clearedAt),
      approvedAt === undefined ? undefined : parseInstant('approvedAt', approvedAt),
    );
  }

  @Public()
  @Get('roll')
  @ApiOperation({ summary: 'WT-5: a non-working day rolls to the next working day' })
  roll(@Query('date') date?: string) {
    return this.service.roll(date);
  }

  @Roles('staff')
  @Get('years')
  years() {
    return this.service.years();
  }

  @Roles('admin')
  @Put('years/:year')
  putYear(@Param('year') year: string, @Body() dto: OfficialYearDto, @CurrentUser() user: AuthUser) {
    return this.service.putYear(parseNumber('year', year, { min: 2000, max: 2100, integer: true }), dto, user);
  }

  @Roles('admin')
  @Put('overrides/:date')
  putOverride(@Param('date') date: string, @Body() dto: OverrideDto, @CurrentUser() user: AuthUser) {
    return this.service.putOverride(date, dto, user);
  }
}
