import {
  BadRequestException,
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

const flatten = (errors: ValidationError[], parent = ''): string[] =>
  errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    return [...Object.values(e.constraints ?? {}), ...flatten(e.children ?? [], path)];
  });

/** Global validation: unknown fields are refused, every message names its field. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => new BadRequestException(flatten(errors)),
});

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
    const { status, message } = this.describe(err);
    // PIPL: phone and ID numbers in a failing input do not reach the log
    if (status >= 500) this.log.error(maskPersonalData((err instanceof Error ? err.stack : undefined) ?? String(err)));
    res.status(status).json({
      statusCode: status,
      error: reason[status] ?? 'Error',
      message,
      ...(err instanceof DomainError && { code: err.code, ...detailsOf(err) }),
    });
  }

  private describe(err: unknown): { status: number; message: string | string[] } {
    if (err instanceof DomainError)
      return {
        status: err.status,
        // a 400 lists its field messages, like the validation pipe's
        message:
          err.code === 'invalid' && Array.isArray(err.details) && err.details.every((d) => typeof d === 'string')
            ? (err.details as string[])
            : err.message,
      };
    // a fault of a dependency, not of the request: 503 at once, never a 500 or a hang
    if (isDatabaseUnavailable(err)) return { status: 503, message: '数据库暂时不可用，请稍后重试' };
    if (isRedisUnavailable(err)) return { status: 503, message: '队列服务暂时不可用，请稍后重试' };
    if (err instanceof HttpException) {
      const body = err.getResponse();
      const message =
        typeof body === 'string' ? body : ((body as { message?: string | string[] }).message ?? err.message);
      return { status: err.getStatus(), message };
    }
    if (err instanceof MongooseError.CastError) return { status: 400, message: `${err.path} is invalid` };
    if (err instanceof MongooseError.ValidationError)
      return { status: 400, message: Object.values(err.errors).map((e) => e.message) };
    const e = err as { type?: string; status?: number; message?: string };
    if (e?.type === 'entity.too.large') return { status: HttpStatus.PAYLOAD_TOO_LARGE, message: '请求体过大' };
    if (e?.type === 'entity.parse.failed') return { status: 400, message: '请求体不是有效的 JSON' };
    if (e?.type === 'entity.too.deep' || e?.type === 'entity.forbidden.key')
      return { status: 400, message: e.message ?? '请求体无效' };
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
      return { status: e.status, message: e.message ?? 'Bad Request' };
    return { status: 500, message: '服务器内部错误' };
  }
}
