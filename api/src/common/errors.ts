import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  ValidationPipe,
  type ArgumentsHost,
  type ExceptionFilter,
  type ValidationError,
} from '@nestjs/common';
import { Error as MongooseError } from 'mongoose';
import { DomainError, isDatabaseUnavailable, isRedisUnavailable, maskPersonalData } from '@huoban/core';
import { BodyRefused } from './body.js';
import { fieldError, fieldMessages } from './validation.js';

/**
 * Global validation: unknown fields are refused; a 400 lists its Chinese messages (`message`) and keys them by
 * field path (`fields`), the one input policy of common/validation.ts.
 */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  // the target finds each failed validation's metadata (its own message, its bounds); it never leaves the api
  validationError: { target: true, value: true },
  exceptionFactory: (errors: ValidationError[]) => fieldError(fieldMessages(errors)),
});

/** `{fields}` of core's field messages (`company.name: 请填写企业名称`), when any message names a field. */
function fieldsOf(messages: string[]): { fields?: Record<string, string[]> } {
  const fields: Record<string, string[]> = {};
  for (const m of messages) {
    const hit = /^([A-Za-z][\w.[\]]*): (.+)$/s.exec(m);
    if (hit) (fields[hit[1]!] ??= []).push(hit[2]!);
  }
  return Object.keys(fields).length ? { fields } : {};
}

/** multer's messages (LIMIT_* codes) as a user reads them. */
const MULTER_MESSAGES: Record<string, string> = {
  'File too large': '文件过大，请压缩或分拆后再上传',
  'Too many files': '一次只能上传一个文件',
  'Too many parts': '上传内容过多',
  'Too many fields': '上传内容过多',
  'Unexpected field': '上传内容有误，请重新选择文件',
  'Field name too long': '上传内容有误',
  'Field value too long': '上传内容有误',
};

const reason: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  503: 'Service Unavailable',
};

/**
 * A DomainError's details: a plain object is spread into the body (`rows`, `errors`, `blockers`); a list of
 * field messages is already the message; anything else leaves as `details`.
 */
function detailsOf(err: DomainError): Record<string, unknown> {
  const d = err.details;
  if (d === undefined || (err.code === 'invalid' && Array.isArray(d))) return {};
  if (typeof d === 'object' && d !== null && !Array.isArray(d)) return d as Record<string, unknown>;
  return { details: d };
}

/**
 * Every error leaves as `{statusCode, error, message}`. Bad input never becomes a 500: body-parser,
 * mongoose cast/validation errors map to 400/413; only real faults are 500 (and logged).
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('ErrorFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse();
    const { status, message, fields } = this.describe(err);
    // PIPL: phone and ID numbers in a failing input do not reach the log
    if (status >= 500) this.log.error(maskPersonalData((err instanceof Error ? err.stack : undefined) ?? String(err)));
    res.status(status).json({
      statusCode: status,
      error: reason[status] ?? 'Error',
      message,
      ...(fields && { fields }),
      ...(err instanceof DomainError && { code: err.code, ...detailsOf(err) }),
    });
  }

  private describe(err: unknown): { status: number; message: string | string[]; fields?: Record<string, string[]> } {
    if (err instanceof DomainError) {
      // a 400 lists its field messages, like the validation pipe's; core's `field: 消息` ones are keyed in `fields`
      const list =
        err.code === 'invalid' && Array.isArray(err.details) && err.details.every((d) => typeof d === 'string')
          ? (err.details as string[])
          : null;
      const d = err.details as { field?: unknown } | undefined;
      const fields =
        typeof d?.field === 'string' ? { fields: { [d.field]: [err.message] } } : fieldsOf(list ?? [err.message]);
      return {
        status: err.status,
        message: list ?? err.message,
        ...(err.status === 400 || err.status === 413 ? fields : {}),
      };
    }
    // a fault of a dependency, not of the request: 503 at once, never a 500 or a hang
    if (isDatabaseUnavailable(err)) return { status: 503, message: '数据库暂时不可用，请稍后重试' };
    if (isRedisUnavailable(err)) return { status: 503, message: '队列服务暂时不可用，请稍后重试' };
    if (err instanceof HttpException) {
      // multer's refusals of an upload (Nest turns them into 413/400 with multer's English text)
      const upload = MULTER_MESSAGES[err.message];
      if (upload) return { status: err.getStatus(), message: upload, fields: { file: [upload] } };
      const body = err.getResponse();
      const b = (typeof body === 'string' ? { message: body } : body) as {
        message?: string | string[];
        fields?: Record<string, string[]>;
      };
      return { status: err.getStatus(), message: b.message ?? err.message, ...(b.fields && { fields: b.fields }) };
    }
    if (err instanceof MongooseError.CastError) return { status: 400, message: `${err.path} is invalid` };
    if (err instanceof MongooseError.ValidationError)
      return { status: 400, message: Object.values(err.errors).map((e) => e.message) };
    const e = err as { type?: string; status?: number; message?: string };
    if (e?.type === 'entity.too.large') return { status: HttpStatus.PAYLOAD_TOO_LARGE, message: '请求体过大' };
    if (e?.type === 'entity.parse.failed') return { status: 400, message: '请求体不是有效的 JSON' };
    if (err instanceof BodyRefused && err.field !== undefined)
      return { status: 400, message: [err.message], fields: { [err.field]: [err.message] } };
    if (e?.type === 'entity.too.deep' || e?.type === 'entity.forbidden.key')
      return { status: 400, message: e.message ?? '请求体无效' };
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
      return { status: e.status, message: e.message ?? 'Bad Request' };
    return { status: 500, message: '服务器内部错误' };
  }
}
