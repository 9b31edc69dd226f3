import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserRepository, type ApplicationRecord } from '@huoban/core';
import { Roles, StaffOnly } from '../../common/auth.js';
import { ApiResult } from '../../common/openapi.js';
import { pageRequest, tablePage } from '../../common/table-query.js';
import { ApplicationTable, ObjectionTable, StaffUserTable } from './intake.responses.js';
import { IntakeApi } from './intake.service.js';
import { IntakeRoutes } from './routes.js';
import { ApplicationTableQuery, ObjectionTableQuery, StaffUserTableQuery } from './tables.dto.js';

const row = (a: ApplicationRecord) => ({
  id: a.id,
  recruitmentId: a.recruitmentId,
  companyName: a.company.name,
  creditCode: a.creditCode,
  status: a.status,
  submittedAt: a.submittedAt,
  updatedAt: a.updatedAt,
  rev: a.rev,
});

/** #18 the staff console's server-side tables of intake: filtered, searched, sorted and paged on indexed reads. */
@ApiTags('intake-tables')
@ApiBearerAuth()
@Roles('staff')
@StaffOnly()
@Controller('intake/tables')
export class TablesController extends IntakeRoutes {
  constructor(
    api: IntakeApi,
    private readonly users: UserRepository,
  ) {
    super(api);
  }

  @Get('applications')
  @ApiOperation({ summary: '申请 table: a page of applications (never drafts), newest submitted first by default' })
  @ApiResult(ApplicationTable)
  async applications(@Query() q: ApplicationTableQuery) {
    const req = pageRequest(q, 'submittedAt', 'desc');
    const p = await this.intake.repo.applicationPage(q, req);
    return tablePage({ ...p, items: p.items.map(row) }, req);
  }

  @Get('objections')
  @ApiOperation({ summary: '公示异议 table: a page of objections naming the company, newest first by default' })
  @ApiResult(ObjectionTable)
  async objections(@Query() q: ObjectionTableQuery) {
    const req = pageRequest(q, 'createdAt', 'desc');
    return tablePage(await this.intake.committee.objectionPage(q, req), req);
  }

  @Roles('admin')
  @Get('staff-users')
  @ApiOperation({ summary: '员工 table (admin): a page of staff users by username by default' })
  @ApiResult(StaffUserTable)
  async staffUsers(@Query() q: StaffUserTableQuery) {
    const req = pageRequest(q, 'username', 'asc');
    const disabled = q.enabled === undefined ? undefined : q.enabled === 'false';
    return tablePage(await this.users.page({ role: q.role, disabled, q: q.q }, req), req);
  }
}
