import { BadRequestException } from '@nestjs/common';
import type { UploadedSheet } from '../../common/upload.js';

/** What multer's memory storage hands over (the fields used here). */
export type Upload = UploadedSheet;
export const UPLOAD_LIMIT = { limits: { fileSize: 20 * 1024 * 1024, files: 1 } };

/** The uploaded file under its UTF-8 name (multer hands the name over as latin1), or 400. */
export function uploaded(f: Upload | undefined): { name: string; bytes: Buffer } {
  if (!f) throw new BadRequestException(['file must be an uploaded file (multipart field "file")']);
  return { name: Buffer.from(f.originalname, 'latin1').toString('utf8'), bytes: f.buffer };
}
