import {
  BadRequestException,
  Body,
  Catch,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  PayloadTooLargeException,
  Post,
  Query,
  Res,
  UploadedFile,
  UseFilters,
  UseInterceptors,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  COMPLAINT_IMPORT_MAX_BYTES,
  COMPLAINT_IMPORT_TEMPLATE,
  ComplaintImportService,
  isObjectId,
  type ComplaintImportRecord,
} from '@huoban/core';
import { CurrentUser, Roles, callerOf, type AuthUser } from '../../common/auth.js';
import { attachment } from '../../common/download.js';
import { ApiFile, ApiResult } from '../../common/openapi.js';
import { ComplaintImport } from './complaints.responses.js';

/** A file over the limit is a 400 like any other unusable file (the import contract, as for metrics). */
@Catch(PayloadTooLargeException)
class UploadTooLargeFilter implements ExceptionFilter {
  catch(_err: PayloadTooLargeException, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(400)
      .json({
        statusCode: 400,
        error: 'Bad Request',
        message: `文件不能超过 ${COMPLAINT_IMPORT_MAX_BYTES / 1024 / 1024} MB`,
        code: 'invalid',
      });
  }
}

/** multer hands the file name over as latin1; browsers and WeChat send UTF-8. */
const fileName = (raw: string) => Buffer.from(raw, 'latin1').toString('utf8');

/** The complaints import (existing complaints from other systems, with their original receivedAt). */
@ApiTags('complaints')
@ApiBearerAuth()
@Roles('staff')
@UseFilters(UploadTooLargeFilter)
@Controller('complaints/imports')
export class ComplaintImportsController {
  constructor(private readonly imports: ComplaintImportService) {}

  @ApiResult(ComplaintImport, { status: 201, description: 'every row registered' })
  @ApiResult(ComplaintImport, { description: 'the same file was imported before: the earlier import' })
  @Post()
  @ApiOperation({
    summary: 'Complaints upload (.xlsx or .csv): 201 registered, 200 same file again, 422 row report, nothing stored',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['programmeId', 'file'],
      properties: { programmeId: { type: 'string' }, file: { type: 'string', format: 'binary' } },
    },
  })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: COMPLAINT_IMPORT_MAX_BYTES, files: 1 } }))
  async upload(
    @UploadedFile() file: { originalname: string; buffer: Buffer } | undefined,
    @Body() body: { programmeId?: unknown },
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ComplaintImportRecord> {
    const problems = [];
    if (typeof body?.programmeId !== 'string' || !isObjectId(body.programmeId))
      problems.push('programmeId must be a programme id');
    if (!file) problems.push('file must be an uploaded .xlsx or .csv file (multipart field "file")');
    if (problems.length) throw new BadRequestException(problems);
    const { created, record } = await this.imports.accept(
      body.programmeId as string,
      { name: fileName(file!.originalname), bytes: file!.buffer },
      callerOf(user),
    );
    res.status(created ? 201 : 200);
    return record;
  }

  @ApiResult(ComplaintImport, { isArray: true })
  @Get()
  list(@Query('programmeId') programmeId?: string) {
    if (programmeId !== undefined && !isObjectId(programmeId))
      throw new BadRequestException(['programmeId must be a programme id']);
    return this.imports.list(programmeId);
  }

  @ApiFile('csv')
  @Get('template')
  @HttpCode(200)
  template(@Res({ passthrough: true }) res: Response) {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', attachment('投诉导入模板.csv'));
    return COMPLAINT_IMPORT_TEMPLATE;
  }

  @ApiResult(ComplaintImport)
  @Get(':id')
  async get(@Param('id') id: string) {
    const record = await this.imports.get(id);
    if (!record) throw new NotFoundException('导入记录不存在');
    return record;
  }
}
