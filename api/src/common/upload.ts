import {
  Catch,
  PayloadTooLargeException,
  UseFilters,
  UseInterceptors,
  applyDecorators,
  createParamDecorator,
  type ArgumentsHost,
  type ExceptionFilter,
  type ExecutionContext,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, isObjectId } from '@huoban/core';

/** A size cap as people read it: `5 MB`, `512 KB`. */
export const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : `${+(bytes / 1024).toFixed(1)} KB`;

/**
 * A file past its route's cap: multer stops reading at the cap (nothing is parsed) and the answer is a 413 with the
 * cap in Chinese (multer's own message is English: `File too large`).
 */
@Catch(PayloadTooLargeException)
class UploadTooLargeFilter implements ExceptionFilter {
  constructor(private readonly maxBytes: number) {}
  catch(_err: PayloadTooLargeException, host: ArgumentsHost): void {
    const message = `文件不能超过 ${sizeText(this.maxBytes)}`;
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(413)
      .json({ statusCode: 413, error: 'Payload Too Large', message, fields: { file: [message] }, code: 'too_large' });
  }
}

/** One multipart file under `file`, read into memory up to `maxBytes` and refused past it (413, in Chinese). */
export const cappedFile = (maxBytes: number) =>
  applyDecorators(
    UseInterceptors(FileInterceptor('file', { limits: { fileSize: maxBytes, files: 1 } })),
    UseFilters(new UploadTooLargeFilter(maxBytes)),
  );

/**
 * Excel/CSV uploads of the imports (metrics, complaints): multipart `programmeId` + `file`, one file under a size
 * limit (refused at the cap, before any parsing: 413).
 */
export function SheetUpload(maxBytes: number) {
  return applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: {
        type: 'object',
        required: ['programmeId', 'file'],
        properties: { programmeId: { type: 'string' }, file: { type: 'string', format: 'binary' } },
      },
    }),
    cappedFile(maxBytes),
  );
}

/** What multer's memory storage hands over (the fields used here). */
export interface UploadedSheet {
  originalname: string;
  buffer: Buffer;
}

/** The checked upload: 400 naming each missing field. multer hands the name over as latin1; clients send UTF-8. */
export function sheetUpload(
  file: UploadedSheet | undefined,
  body: { programmeId?: unknown } | undefined,
): { programmeId: string; file: { name: string; bytes: Buffer } } {
  const problems = [];
  if (typeof body?.programmeId !== 'string' || !isObjectId(body.programmeId)) problems.push('programmeId: 请选择计划');
  if (!file) problems.push('file: 请选择要上传的 Excel（.xlsx）或 CSV 文件');
  if (problems.length) throw DomainError.invalidList(problems);
  return {
    programmeId: body!.programmeId as string,
    file: { name: Buffer.from(file!.originalname, 'latin1').toString('utf8'), bytes: file!.buffer },
  };
}

export type CheckedSheet = ReturnType<typeof sheetUpload>;

/** The checked upload of a `@SheetUpload` route as one parameter: multer's file and the `programmeId` field. */
export const Sheet = createParamDecorator((_: unknown, ctx: ExecutionContext): CheckedSheet => {
  const req = ctx.switchToHttp().getRequest<{ file?: UploadedSheet; body?: { programmeId?: unknown } }>();
  return sheetUpload(req.file, req.body);
});

/** Answers an upload: `createdStatus` for a new file, 200 with the earlier import when the same file came before. */
export async function answerUpload<R>(
  res: Response,
  createdStatus: number,
  accepted: Promise<{ created: boolean; record: R }>,
): Promise<R> {
  const { created, record } = await accepted;
  res.status(created ? createdStatus : 200);
  return record;
}

/** The optional `programmeId` filter of an import list: 400 unless it is a programme id. */
export function programmeFilter(programmeId: string | undefined): string | undefined {
  if (programmeId !== undefined && !isObjectId(programmeId)) throw DomainError.invalidList(['programmeId: 请选择计划']);
  return programmeId;
}
