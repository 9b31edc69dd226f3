/**
 * The response side of the OpenAPI spec. Handlers name their success body with `@ApiResult(Dto)` (or
 * `@ApiFile`/`@ApiNoContent`); the error responses and the security requirement of every operation are derived
 * from the route table (public or not, roles, parameters, body) by `documentApi`, so a new route gets them
 * without anyone remembering to add them. schemathesis checks real answers against the result in CI.
 */
import { applyDecorators, HttpCode, type INestApplication, type Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiNoContentResponse,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { listRoutes } from './routes.js';

/** Every error body: `{statusCode, error, message}`, plus `code`/`details` for domain errors and `rows`/`errors` for imports. */
export class ErrorDto {
  @ApiProperty({ type: Number, example: 400 }) statusCode!: number;
  @ApiProperty({ type: String, example: 'Bad Request' }) error!: string;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'Chinese for users; for 400 usually one message per field',
  })
  message!: string | string[];
  @ApiPropertyOptional({ type: String, description: 'DomainError code' }) code?: string;
  @ApiPropertyOptional({ description: 'fields or blockers' }) details?: unknown;
}

/** The success response: status (default 200, or 201 for a POST that creates) and body DTO. */
export function ApiResult(
  type: Type<unknown>,
  opts: { status?: number; isArray?: boolean; description?: string } = {},
) {
  const status = opts.status ?? 200;
  return applyDecorators(
    ApiExtraModels(type),
    ApiResponse({
      status,
      description: opts.description ?? 'OK',
      schema: opts.isArray ? { type: 'array', items: { $ref: getSchemaPath(type) } } : { $ref: getSchemaPath(type) },
    }),
  );
}

const FILE_TYPES = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** A download (always an attachment, `nosniff`, a type from the allow-list). */
export function ApiFile(kind: keyof typeof FILE_TYPES) {
  return applyDecorators(
    ApiProduces(FILE_TYPES[kind]),
    ApiResponse({
      status: 200,
      description: `${kind} attachment`,
      content: { [FILE_TYPES[kind]]: { schema: { type: 'string', format: 'binary' } } },
      headers: { 'Content-Disposition': { description: 'attachment; filename=…', schema: { type: 'string' } } },
    }),
  );
}

export function ApiNoContent() {
  return applyDecorators(HttpCode(204), ApiNoContentResponse({ description: 'No Content' }));
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad Request: invalid input (field messages)',
  401: 'Unauthorized: no, expired or invalid credentials',
  403: 'Forbidden: the role may not do this',
  404: 'Not Found (also another partner’s record)',
  409: 'Conflict: the record’s state does not allow this',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity: the file’s rows are refused (row report)',
  429: 'Too Many Requests: login attempts throttled',
  503: 'Service Unavailable: a backing service is down or not configured',
};
const THROTTLED = /\/auth\/(staff\/login|partner\/wechat|partner\/dev-login)$/;
const UPLOADS = /\/(metrics|complaints)\/imports$/;
const toOpenApiPath = (p: string) => p.replace(/:(\w+)/g, '{$1}');

/**
 * Completes the generated document from the route table: bearer (or service key) security on every non-public
 * operation and none on public ones, and the error responses each can give.
 */
export function documentApi(app: INestApplication, doc: OpenAPIObject): OpenAPIObject {
  doc.components ??= {};
  doc.components.securitySchemes = {
    ...doc.components.securitySchemes,
    bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    serviceKey: { type: 'apiKey', in: 'header', name: 'x-service-key', description: 'the bot’s service key' },
  };
  doc.components.schemas ??= {};
  const errorRef = { $ref: '#/components/schemas/ErrorDto' };
  for (const r of listRoutes(app)) {
    const op = doc.paths[toOpenApiPath(r.path)]?.[r.method.toLowerCase() as 'get'];
    if (!op) continue;
    op.security = r.public ? [] : [{ bearer: [] }, { serviceKey: [] }];
    const codes = new Set<number>([503]);
    // any operation may refuse its input (a query parameter read without being declared, a body on a GET)
    codes.add(400);
    if (op.requestBody) codes.add(413);
    if (!r.public) [401, 404, 409].forEach((c) => codes.add(c));
    if (r.roles.length) codes.add(403);
    if (THROTTLED.test(r.path)) [400, 401, 403, 404, 409, 429].forEach((c) => codes.add(c));
    if (UPLOADS.test(r.path) && r.method === 'POST') codes.add(422);
    for (const c of codes)
      op.responses[c] ??= { description: ERROR_TEXT[c]!, content: { 'application/json': { schema: errorRef } } };
  }
  return doc;
}
