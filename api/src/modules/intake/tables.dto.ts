import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsMongoId, IsOptional } from 'class-validator';
import {
  APPLICATION_SORTS,
  APPLICATION_STATUSES,
  OBJECTION_STATUSES,
  STAFF_ROLES,
  USER_SORTS,
  type ApplicationSort,
  type ApplicationStatus,
  type ObjectionStatus,
  type UserSort,
} from '@huoban/core';
import { TableQuery } from '../../common/table-query.js';
import { IsText } from '../../common/validation.js';

/** #18 the console's 申请 table: every status but draft unless one is chosen; search by company name or credit code. */
export class ApplicationTableQuery extends TableQuery {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES.filter((s) => s !== 'draft') })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES.filter((s) => s !== 'draft'))
  status?: Exclude<ApplicationStatus, 'draft'>;
  @ApiPropertyOptional() @IsOptional() @IsMongoId() recruitmentId?: string;
  @IsText(40, { optional: true, description: 'a prefix of the company name or of the credit code' }) q?: string;
  @ApiPropertyOptional({ enum: APPLICATION_SORTS, default: 'submittedAt' })
  @IsOptional()
  @IsIn(APPLICATION_SORTS)
  sort?: ApplicationSort;
}

/** #18 the console's 公示异议 table, by filing time. */
export class ObjectionTableQuery extends TableQuery {
  @ApiPropertyOptional({ enum: OBJECTION_STATUSES }) @IsOptional() @IsIn(OBJECTION_STATUSES) status?: ObjectionStatus;
  @ApiPropertyOptional() @IsOptional() @IsMongoId() recruitmentId?: string;
  @ApiPropertyOptional({ enum: ['createdAt'], default: 'createdAt' })
  @IsOptional()
  @IsIn(['createdAt'])
  sort?: 'createdAt';
}

/** #18 the admin's 员工 table: search by display name or username. */
export class StaffUserTableQuery extends TableQuery {
  @ApiPropertyOptional({ enum: STAFF_ROLES }) @IsOptional() @IsIn(STAFF_ROLES) role?: (typeof STAFF_ROLES)[number];
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'enabled (true) or disabled (false) accounts only' })
  @IsOptional()
  @IsIn(['true', 'false'])
  enabled?: 'true' | 'false';
  @IsText(40, { optional: true, description: 'a prefix of the display name or of the username' }) q?: string;
  @ApiPropertyOptional({ enum: USER_SORTS, default: 'username' }) @IsOptional() @IsIn(USER_SORTS) sort?: UserSort;
}
