import { Body, Controller, Get, Injectable, Module, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsIn, IsMongoId, IsOptional, IsString, Matches } from 'class-validator';
import {
  DomainError,
  PARTNER_SORTS,
  PARTNER_STATUSES,
  PartnerRepository,
  ProgrammeRepository,
  maskPhone,
  type PartnerSort,
  type PartnerStatus,
} from '@huoban/core';
import { TableQuery, pageRequest, tablePage } from '../../common/table-query.js';
import { IsText } from '../../common/validation.js';
import { AuditTrail } from '../../common/audit.service.js';
import { CurrentUser, Roles, StaffOnly, type AuthUser } from '../../common/auth.js';
import { ApiResult } from '../../common/openapi.js';
import { Partner, PartnerTable } from './partners.responses.js';

/** #18 the console's 伙伴 table: search by a prefix of the name or the partner code. */
class PartnerTableQuery extends TableQuery {
  @ApiPropertyOptional() @IsOptional() @IsMongoId() programmeId?: string;
  @ApiPropertyOptional({ enum: PARTNER_STATUSES }) @IsOptional() @IsIn(PARTNER_STATUSES) status?: PartnerStatus;
  @IsText(40, { optional: true, description: 'a prefix of the name or of the partner code' }) q?: string;
  @ApiPropertyOptional({ enum: PARTNER_SORTS, default: 'code' }) @IsOptional() @IsIn(PARTNER_SORTS) sort?: PartnerSort;
}

class CreatePartnerDto {
  @ApiProperty()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{2,32}$/, { message: '须为 2–32 位字母、数字或连字符' })
  code!: string;
  @IsText(100) name!: string;
  @ApiProperty() @IsMongoId() programmeId!: string;
  @IsText(40, { optional: true }) contactName?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9+\- ]{5,20}$/, { message: '须为电话号码（5–20 位数字）' })
  contactPhone?: string;
}

@Injectable()
export class PartnersService {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly programmes: ProgrammeRepository,
    private readonly audit: AuditTrail,
  ) {}

  /** PIPL: the list masks contact phones; the detail view (staff) shows them whole. */
  async list(q?: string) {
    return (await this.partners.list({ q })).map((p) => ({ ...p, contactPhone: maskPhone(p.contactPhone) }));
  }

  /** #18 a page of the console's 伙伴 table (phones masked, as in the list). */
  async table(q: PartnerTableQuery) {
    const req = pageRequest(q, 'code', 'asc');
    const p = await this.partners.page(q, req);
    return tablePage({ ...p, items: p.items.map((r) => ({ ...r, contactPhone: maskPhone(r.contactPhone) })) }, req);
  }

  async get(id: string) {
    const p = await this.partners.get(id);
    if (!p) throw DomainError.notFound('伙伴不存在');
    return p;
  }

  async create(dto: CreatePartnerDto, user: AuthUser) {
    if (!(await this.programmes.get(dto.programmeId)))
      throw DomainError.invalid('programmeId: 计划不存在', ['programmeId: 计划不存在']);
    const p = await this.partners.create({ ...dto });
    if (!p) throw DomainError.conflict(`伙伴编码 ${dto.code} 已存在`);
    await this.audit.record(user, 'partner.created', 'partner', p.id, { after: p });
    return p;
  }
}

@ApiTags('partners')
@Roles('staff')
@Controller('partners')
export class PartnersController {
  constructor(private readonly service: PartnersService) {}

  @ApiResult(Partner, { isArray: true })
  @ApiQuery({ name: 'q', required: false, description: 'code or name contains (all partners when absent)' })
  @Get()
  list(@Query('q') q?: string) {
    return this.service.list(q);
  }

  // before `:id`, which would take `table` for an id
  @ApiResult(PartnerTable)
  @StaffOnly()
  @ApiOperation({ summary: '#18 伙伴 table: a page of partners by code by default' })
  @Get('table')
  table(@Query() q: PartnerTableQuery) {
    return this.service.table(q);
  }

  @ApiResult(Partner)
  @Get(':id')
  get(@Param('id') id: string) {
    return this.service.get(id);
  }

  @ApiResult(Partner, { status: 201 })
  @Post()
  create(@Body() dto: CreatePartnerDto, @CurrentUser() user: AuthUser) {
    return this.service.create(dto, user);
  }
}

@Module({ controllers: [PartnersController], providers: [PartnersService] })
export class PartnersModule {}
