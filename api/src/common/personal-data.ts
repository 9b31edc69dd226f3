import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { mergeMap, type Observable } from 'rxjs';
import { maskPersonalData, type Role } from '@huoban/core';
import { AuditTrail } from './audit.service.js';
import type { AuthUser } from './auth.js';

/** The staff roles whose work needs customers' whole phone and ID numbers (complaint handling). */
export const PERSONAL_DATA_ROLES: readonly Role[] = ['staff', 'admin'];

const PERSONAL_DATA = 'huoban:personal-data';
interface PersonalDataRule {
  /** the audited entity of a revealing read (its id is the route's `:id`) */
  entity: string;
  /** PERSONAL_DATA_ROLES read this route's answer whole (audited); everyone else masked */
  reveal: boolean;
}

/**
 * Issue #20: answers that may hold customers' phone and ID numbers (complaint summaries and replies). Every string
 * in the answer goes through maskPersonalData (the one masking function, one format: `139****5678`,
 * `1101**********4518`), except on a `reveal` route read by PERSONAL_DATA_ROLES, which is audited
 * (`personal_data.read`).
 */
export const PersonalData = (entity: string, opts: { reveal?: boolean } = {}) =>
  SetMetadata(PERSONAL_DATA, { entity, reveal: opts.reveal ?? false } satisfies PersonalDataRule);

/** Every string inside a JSON answer, masked (objects and arrays walked; dates and other values kept). */
export function maskDeep<T>(v: T): T {
  if (typeof v === 'string') return maskPersonalData(v) as T;
  if (Array.isArray(v)) return v.map(maskDeep) as T;
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskDeep(x)])) as T;
  return v;
}

@Injectable()
export class PersonalDataInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditTrail,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rule = this.reflector.getAllAndOverride<PersonalDataRule | undefined>(PERSONAL_DATA, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (!rule) return next.handle();
    const req = ctx.switchToHttp().getRequest<{ user?: AuthUser; params?: Record<string, string> }>();
    const user = req.user;
    const reveal = rule.reveal && user !== undefined && !user.service && PERSONAL_DATA_ROLES.includes(user.role);
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        if (!reveal) return maskDeep(body);
        await this.audit.record(user, 'personal_data.read', rule.entity, req.params?.id ?? '');
        return body;
      }),
    );
  }
}
