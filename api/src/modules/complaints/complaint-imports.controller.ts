import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';

import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  DomainError,
  COMPLAINT_IMPORT_MAX_BYTES,
  COMPLAINT_IMPORT_TEMPLATE,
  ComplaintImportService,
} from '@huoban/core';
import { CurrentUser, Roles, callerOf, type AuthUser } from '../../common/auth.js';
import { CsvDownloadQuery, sendCsv } from '../../common/download.js';
import { PersonalData } from '../../common/personal-data.js';
import { ApiFile, ApiResult } from '../../common/openapi.js';
import { Sheet, SheetUpload, answerUpload, programmeFilter, type CheckedSheet } from '../../common/upload.js';
import { ComplaintImport } from './complaints.responses.js';

/** The complaints import (existing complaints from other systems, with their original receivedAt). */
@ApiTags('complaints')
@ApiBearerAuth()
@Roles('staff')
@PersonalData('complaint_import')
@Controller('complaints/imports')
export class ComplaintImportsController {
  constructor(private readonly imports: ComplaintImportService) {}

  @ApiResult(ComplaintImport, { status: 201, description: 'every row registered' })
  @ApiResult(ComplaintImport, { description: 'the same file was imported before: the earlier import' })
  @Post()
  @ApiOperation({
    summary: 'Complaints upload (.xlsx or .csv): 201 registered, 200 same file again, 422 row report, nothing stored',
  })
  @SheetUpload(COMPLAINT_IMPORT_MAX_BYTES)
  upload(@Sheet() sheet: CheckedSheet, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response) {
    return answerUpload(res, 201, this.imports.accept(sheet.programmeId, sheet.file, callerOf(user)));
  }

  @ApiResult(ComplaintImport, { isArray: true })
  @ApiQuery({ name: 'programmeId', required: false, description: 'one programme (every programme when absent)' })
  @Get()
  list(@Query('programmeId') programmeId?: string) {
    return this.imports.list(programmeFilter(programmeId));
  }

  @ApiFile('csv')
  @Get('template')
  @HttpCode(200)
  template(@Query() q: CsvDownloadQuery, @Res({ passthrough: true }) res: Response) {
    return sendCsv(res, '投诉导入模板.csv', COMPLAINT_IMPORT_TEMPLATE, q.encoding);
  }

  @ApiResult(ComplaintImport)
  @Get(':id')
  async get(@Param('id') id: string) {
    const record = await this.imports.get(id);
    if (!record) throw DomainError.notFound('导入记录不存在');
    return record;
  }
}
