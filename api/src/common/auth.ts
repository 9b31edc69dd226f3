import {
  SetMetadata,
  createParamDecorator,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Actor, Caller, Role } from '@huoban/core';
import { API_CONFIG, type ApiConfig } from '../config.js';
import { TokenRevocations } from '../modules/auth/revocations.js';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${(await scrypt(password, salt, 32)).toString('hex')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const actual = await scrypt(password, Buffer.from(salt, 'hex'), 32);
  const expected = Buffer.from(hash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The signed-in caller. Partners carry their partnerId: every partner query is scoped by it. */
export interface AuthUser {
  userId: string;
  role: Role;
  name: string;
  partnerId?: string;
  service?: boolean;
  /** the token's id and expiry (absent for the service key): what logout revokes */
  token?: { jti?: string; exp: Date };
}

/** Claims of an access token: `jti` names the token, `iat_ms` is the issue instant in ms (revocation cut-off). */
export interface TokenClaims {
  sub: string;
  role: Role;
  name: string;
  partnerId?: string;
  jti?: string;
  iat?: number;
  iat_ms?: number;
  exp?: number;
}

export const actorOf = (u: AuthUser): Actor => ({
  type: u.service ? 'service' : 'user',
  id: u.userId,
  role: u.service ? 'service' : u.role,
  name: u.name,
});

/** The caller of a core use-case: a partner is scoped to its own records. */
export const callerOf = (u: AuthUser): Caller => ({
  actor: actorOf(u),
  ...(u.role === 'partner' && { partnerId: u.partnerId! }),
});

export const PUBLIC = 'huoban:public';
export const ROLES = 'huoban:roles';
/** No token needed. */
export const Public = () => SetMetadata(PUBLIC, true);
/** Allowed roles; `admin` may do whatever `staff` may. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest().user;
});

/**
 * The claims of `Authorization: Bearer <token>`: signed with HS256, not expired, not revoked (signed out, or issued
 * before a password change); 401 otherwise.
 */
export async function verifiedClaims(
  authorization: string | undefined,
  jwt: JwtService,
  revocations: TokenRevocations,
): Promise<TokenClaims> {
  const [scheme, token] = (authorization ?? '').split(' ');
  if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('请先登录');
  let p: TokenClaims;
  try {
    p = await jwt.verifyAsync<TokenClaims>(token, { algorithms: ['HS256'] });
  } catch {
    throw new UnauthorizedException('登录已失效，请重新登录');
  }
  const issuedAt = p.iat_ms ?? (p.iat ?? 0) * 1000;
  if (await revocations.isRevoked({ sub: p.sub, jti: p.jti, issuedAt }))
    throw new UnauthorizedException('登录已失效，请重新登录');
  return p;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly revocations: TokenRevocations,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    req.user = await this.authenticate(req.headers);
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES, targets);
    if (roles?.length) {
      const role: Role = req.user.role;
      // admin may do whatever any staff role may; reviewer and committee count as staff on staff routes
      const asStaff = role === 'admin' || role === 'reviewer' || role === 'committee';
      if (!(
        roles.includes(role) ||
        (role === 'admin' && roles.length > 0 && !roles.includes('partner') && !roles.includes('applicant')) ||
        (asStaff && roles.includes('staff'))
      ))
        throw new ForbiddenException('无权执行此操作');
    }
    return true;
  }

  private async authenticate(headers: Record<string, string | undefined>): Promise<AuthUser> {
    const key = headers['x-service-key'];
    if (key !== undefined) {
      const expected = this.config.serviceKey;
      if (expected && key.length === expected.length && timingSafeEqual(Buffer.from(key), Buffer.from(expected)))
        return { userId: 'bot', role: 'staff', name: '伙伴助手', service: true };
      throw new UnauthorizedException('服务密钥无效');
    }
    const p = await verifiedClaims(headers.authorization, this.jwt, this.revocations);
    return {
      userId: p.sub,
      role: p.role,
      name: p.name,
      partnerId: p.partnerId,
      token: { jti: p.jti, exp: new Date((p.exp ?? 0) * 1000) },
    };
  }
}
