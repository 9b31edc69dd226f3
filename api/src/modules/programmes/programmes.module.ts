import { Body, Controller, Get, Injectable, Module, Post } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CalendarSource,
  DomainError,
  PROGRAMME_SLA_HOURS_MAX,
  PROGRAMME_SLA_HOURS_MIN,
  ProgrammeRepository,
  programmeClockProblems,
  type ComplaintWindow,
} from '@huoban/core';
import { AuditTrail } from '../../common/audit.service.js';
import { IsText } from '../../common/validation.js';
import { CurrentUser, Roles, type AuthUser } from '../../common/auth.js';
import { ApiResult } from '../../common/openapi.js';
import { Programme } from './programmes.responses.js';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

class WindowDto implements ComplaintWindow {
  @ApiProperty({ example: '08:00' }) @Matches(HHMM, { message: '须为 HH:mm 时刻（00:00–23:59）' }) start!: string;
  @ApiProperty({ example: '23:00' }) @Matches(HHMM, { message: '须为 HH:mm 时刻（00:00–23:59）' }) end!: string;
  @ApiProperty({ enum: ['all', 'workdays'] }) @IsIn(['all', 'workdays']) days!: 'all' | 'workdays';
}

class CreateProgrammeDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  @Matches(/^[a-z0-9-]+$/, { message: '须为小写字母、数字或连字符' })
  code!: string;
  @IsText(80) name!: string;
  @ApiProperty({ enum: ['scorecard', 'credit'] }) @IsIn(['scorecard', 'credit']) rulebook!: 'scorecard' | 'credit';
  @ApiProperty({ type: WindowDto }) @ValidateNested() @Type(() => WindowDto) complaintWindow!: WindowDto;
  @ApiProperty({ example: 12 })
  @IsNumber()
  @Min(PROGRAMME_SLA_HOURS_MIN)
  @Max(PROGRAMME_SLA_HOURS_MAX)
  slaHours!: number;
  @ApiProperty({ example: [120, 30] })
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(24 * 60, { each: true })
  warningMinutes!: number[];
}

@Injectable()
export class ProgrammesService {
  constructor(
    private readonly repo: ProgrammeRepository,
    private readonly audit: AuditTrail,
    private readonly calendar: CalendarSource,
  ) {}

  list() {
    return this.repo.list();
  }

  async create(dto: CreateProgrammeDto, user: AuthUser) {
    // WT-3: the window and budget must be something the SLA clock can compute for every registration
    const problems = programmeClockProblems(dto.complaintWindow, dto.slaHours, await this.calendar.get());
    if (problems.length) throw DomainError.invalid(problems.join('；'), problems);
    const p = await this.repo.create({ ...dto, complaintWindow: { ...dto.complaintWindow } });
    if (!p) throw DomainError.conflict(`计划编码 ${dto.code} 已存在`);
    await this.audit.record(user, 'programme.created', 'programme', p.id, { after: p });
    return p;
  }
}

@ApiTags('programmes')
@Controller('programmes')
export class ProgrammesController {
  constructor(private readonly service: ProgrammesService) {}

  @Roles('staff')
  @ApiResult(Programme, { isArray: true })
  @Get()
  list() {
    return this.service.list();
  }

  @Roles('admin')
  @ApiResult(Programme, { status: 201 })
  @Post()
  create(@Body() dto: CreateProgrammeDto, @CurrentUser() user: AuthUser) {
    return this.service.create(dto, user);
  }
}

@Module({ controllers: [ProgrammesController], providers: [ProgrammesService] })
export class ProgrammesModule {}
