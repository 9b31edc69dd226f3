import { Controller, Get, Module, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuditRepository } from '@huoban/core';
import { Roles, StaffOnly } from '../../common/auth.js';
import { ApiResult } from '../../common/openapi.js';
import { AuditList } from './audit.responses.js';

@ApiTags('audit')
@Roles('staff')
@StaffOnly() // it spans every owner's records: not for reviewers and committee members (issue #15)
@Controller('audit')
export class AuditController {
  constructor(private readonly repo: AuditRepository) {}

  @ApiResult(AuditList)
  @ApiQuery({ name: 'entity', required: false })
  @ApiQuery({ name: 'entityId', required: false })
  @Get()
  async list(@Query('entity') entity?: string, @Query('entityId') entityId?: string) {
    return { items: await this.repo.find({ entity, entityId }) };
  }
}

@Module({ controllers: [AuditController] })
export class AuditModule {}
