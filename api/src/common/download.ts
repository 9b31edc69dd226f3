import { StreamableFile } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { CSV_ENCODINGS, encodeCsv, type CsvEncoding } from '@huoban/core';

/** Attachments: a Chinese file name travels as RFC 5987 `filename*`, with an ASCII fallback. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** `?encoding=gbk` on a CSV download: GBK for older Excel on Chinese Windows; UTF-8 with a BOM by default. */
export class CsvDownloadQuery {
  @ApiPropertyOptional({ enum: CSV_ENCODINGS, description: 'utf-8 (default, with a BOM) or gbk (older Excel)' })
  @IsOptional()
  @IsIn(CSV_ENCODINGS, { message: '编码只能是 UTF-8 或 GBK' })
  encoding?: CsvEncoding;
}

/** Sends a CSV text as a download named `fileName`, in the encoding asked for. */
export function sendCsv(res: Response, fileName: string, csv: string, encoding?: CsvEncoding): StreamableFile {
  const { bytes, contentType } = encodeCsv(csv, encoding);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', attachment(fileName));
  return new StreamableFile(bytes);
}
