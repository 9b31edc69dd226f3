import { createHash } from 'node:crypto';
import {
  Inject,
  Injectable,
  StreamableFile,
  createParamDecorator,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Schema, type Connection, type Model } from 'mongoose';
import { catchError, defer, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import { DomainError, isDuplicateKey } from '@huoban/core';
import type { AuthUser } from './auth.js';
import { MONGO } from './tokens.js';

/**
 * `Idempotency-Key` on POST: the first request under a key (per user) runs and its response is stored; a retry
 * with the same key and the same request gets the stored response again (`Idempotent-Replayed: true`) instead of
 * creating a second record; a duplicate that arrives while the first is still running gets 409; the same key
 * with another request gets 422. A failed request (any error) releases its key, so the retry runs again.
 * The key is held under a unique `_id` (hash of user and key): the one guard FerretDB keeps under concurrency.
 * Signed-in callers and public writes (an objection; their key is shared by every public caller, so a client
 * sends a random one); logins are passed through. The request is recognised by method, path and
 * JSON body; a multipart upload's file is not part of it (the interceptor runs before the upload is parsed), so a
 * client sends a new key for each new file.
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_COLLECTION = 'idempotency_keys';
/** a stored response is replayed for this long; afterwards the key may be used afresh */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** a key still pending after this long belongs to a request whose process died: the next retry takes it over */
export const IDEMPOTENCY_STALE_MS = 60_000;

interface IdempotencyRecord {
  _id: string;
  user: string;
  key: string;
  fingerprint: string;
  state: 'pending' | 'done';
  status?: number;
  /** the response body as JSON text (a stored document may not hold `$` keys) */
  body?: string;
  createdAt: Date;
}

const schema = new Schema<IdempotencyRecord>(
  {
    _id: { type: String, required: true },
    user: { type: String, required: true },
    key: { type: String, required: true },
    fingerprint: { type: String, required: true },
    state: { type: String, required: true },
    status: Number,
    body: String,
    createdAt: { type: Date, required: true },
  },
  { collection: IDEMPOTENCY_COLLECTION, versionKey: false },
);
schema.index({ createdAt: 1 });

export function idempotencyModel(conn: Connection): Model<IdempotencyRecord> {
  return (
    (conn.models.IdempotencyKey as Model<IdempotencyRecord> | undefined) ??
    conn.model<IdempotencyRecord>('IdempotencyKey', schema)
  );
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

interface Request {
  /** the key's identity (hash of user and key) once the interceptor took it: see `RequestKey` */
  idempotencyId?: string;
  method: string;
  originalUrl: string;
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
  user?: AuthUser;
}
interface Response {
  statusCode: number;
  status(code: number): Response;
  setHeader(name: string, value: string): void;
}

/**
 * The request's Idempotency-Key identity (hash of user and key), undefined without a key. A use-case that creates
 * derives its record's id from it, so the insert itself is the idempotent fact: the key's record and the created
 * record are two writes, and a failure between them (a database stop) must not let a retry create a second one.
 */
export const RequestKey = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined => ctx.switchToHttp().getRequest<Request>().idempotencyId,
);

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly keys: Model<IdempotencyRecord>;
  constructor(@Inject(MONGO) conn: Connection) {
    this.keys = idempotencyModel(conn);
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request>();
    const raw = req.headers[IDEMPOTENCY_HEADER];
    // signed-in callers and the public writes (objections); not logins: they create nothing and hold passwords
    if (req.method !== 'POST' || raw === undefined || (!req.user && /\/auth\//.test(req.originalUrl)))
      return next.handle();
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(key))
      throw DomainError.invalid('Idempotency-Key 须为 1–128 个可见 ASCII 字符', { field: 'Idempotency-Key' });
    const res = ctx.switchToHttp().getResponse<Response>();
    const user = req.user?.userId ?? 'public';
    const id = sha256(`${user}\n${key}`);
    const fingerprint = sha256(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`);
    req.idempotencyId = id;
    return from(this.begin({ id, user, key, fingerprint })).pipe(
      mergeMap((stored) => {
        if (stored) {
          res.status(stored.status ?? 200);
          res.setHeader('Idempotent-Replayed', 'true');
          return of(stored.body === undefined ? undefined : JSON.parse(stored.body));
        }
        return next.handle().pipe(
          mergeMap((body) => defer(() => this.finish(id, res.statusCode, body).then(() => body))),
          // the request failed: release the key so that a retry runs again
          // (bounded: with the database away the delete fails too, and the answer must not wait for it)
          catchError((err: unknown) =>
            from(
              Promise.race([
                this.keys.deleteOne({ _id: id }).catch(() => undefined),
                new Promise((r) => setTimeout(r, 1000).unref()),
              ]),
            ).pipe(mergeMap(() => throwError(() => err))),
          ),
        );
      }),
    );
  }

  /** Takes the key, or returns the stored response of the request that took it; throws 409 / 422. */
  private async begin(
    k: { id: string; user: string; key: string; fingerprint: string },
    attempt = 0,
  ): Promise<IdempotencyRecord | undefined> {
    const now = new Date();
    try {
      await this.keys.create({
        _id: k.id,
        user: k.user,
        key: k.key,
        fingerprint: k.fingerprint,
        state: 'pending',
        createdAt: now,
      });
      return undefined;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    const held = await this.keys.findOne({ _id: k.id }).lean<IdempotencyRecord>();
    const age = held ? now.getTime() - held.createdAt.getTime() : 0;
    const expired = held && (held.state === 'done' ? age > IDEMPOTENCY_TTL_MS : age > IDEMPOTENCY_STALE_MS);
    if (!held || expired) {
      if (attempt >= 2) throw DomainError.conflict('相同的请求正在处理中，请稍后重试');
      if (held) await this.keys.deleteOne({ _id: k.id, createdAt: held.createdAt });
      return this.begin(k, attempt + 1);
    }
    if (held.fingerprint !== k.fingerprint)
      throw new DomainError('unprocessable', '该 Idempotency-Key 已用于另一个请求，请换一个新的键', {
        field: 'Idempotency-Key',
      });
    if (held.state === 'done') return held;
    throw DomainError.conflict('相同的请求正在处理中，请稍后重试');
  }

  private async finish(id: string, status: number, body: unknown): Promise<void> {
    if (body instanceof StreamableFile || Buffer.isBuffer(body)) {
      await this.keys.deleteOne({ _id: id }); // a file is not replayed: the key is released
      return;
    }
    const text = body === undefined ? undefined : JSON.stringify(body);
    await this.keys.updateOne(
      { _id: id },
      { $set: { state: 'done', status, ...(text !== undefined && { body: text }) } },
    );
  }
}
