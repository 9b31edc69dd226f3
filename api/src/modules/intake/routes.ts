import { Injectable, StreamableFile, applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import type { IntakeService } from '@huoban/core';
import { attachment } from '../../common/download.js';
import { cappedFile, type UploadedSheet } from '../../common/upload.js';
import { IntakeApi } from './intake.service.js';
import { DomainError } from '@huoban/core';

/** What every intake controller holds: the HTTP glue (callers, timers, logins) and the core intake feature. */
@Injectable()
export abstract class IntakeRoutes {
  protected readonly intake: IntakeService;
  constructor(protected readonly api: IntakeApi) {
    this.intake = api.intake;
  }
}

/** What multer's memory storage hands over (the fields used here). */
export type Upload = UploadedSheet;

/**
 * A multipart upload of one file under `file`, refused with a 413 in Chinese once it passes `maxBytes` (multer stops
 * reading, nothing is parsed; default 20 MB here, the settings' own limit applies in core).
 */
export function FileUpload(fields: Record<string, { type: string }>, required: string[], maxBytes = 20 * 1024 * 1024) {
  return applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: { type: 'object', required, properties: { ...fields, file: { type: 'string', format: 'binary' } } },
    }),
    cappedFile(maxBytes),
  );
}

/** The uploaded file under its UTF-8 name (multer hands the name over as latin1), or 400. */
export function uploaded(f: Upload | undefined): { name: string; bytes: Buffer } {
  if (!f) throw DomainError.invalidList(['file: 请选择要上传的文件']);
  return { name: Buffer.from(f.originalname, 'latin1').toString('utf8'), bytes: f.buffer };
}

/** A download: the bytes as an attachment of their type. */
export const attachmentOf = (file: { mime: string; fileName: string; bytes: Buffer }) =>
  new StreamableFile(file.bytes, { type: file.mime, disposition: attachment(file.fileName) });
