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
import { randomBytes, randomUUID, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { ROLES as ALL_ROLES, ownerScope, partnerFilter, type Actor, type Caller, type Role } from '@huoban/core';
import { API_CONFIG, type ApiConfig } from '../config.js';
import { TokenRevocations } from '../modules/auth/revocations.js';

const scrypt = promisify(scryptCb) as (
  pw: string,
  salt: Buffer,
  len: number,
  opts: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** scrypt cost of new hashes (issue #15): N = 2^17, r = 8, p = 1 (128 MiB, run on libuv's thread pool). */
export const PASSWORD_COST = { ln: 17, r: 8, p: 1 } as const;
type Cost = { ln: number; r: number; p: number };
const derive = (password: string, salt: Buffer, c: Cost, len: number) =>
  scrypt(password, salt, len, { N: 2 ** c.ln, r: c.r, p: c.p, maxmem: 2 ** c.ln * c.r * 256 + 1024 * 1024 });

/** A hash with its parameters kept in it: `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (base64url). */
export async function hashPassword(password: string, c: Cost = PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, c, 32);
  return `$scrypt$ln=${c.ln},r=${c.r},p=${c.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** The parameters of a stored hash; the old `scrypt$<salt hex>$<hash hex>` form was Node's default (N = 2^14). */
function parseHash(stored: string): { cost: Cost; salt: Buffer; hash: Buffer } | null {
  const legacy = /^scrypt\$([0-9a-f]+)\$([0-9a-f]+)$/.exec(stored);
  if (legacy)
    return { cost: { ln: 14, r: 8, p: 1 }, salt: Buffer.from(legacy[1]!, 'hex'), hash: Buffer.from(legacy[2]!, 'hex') };
  const m = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([\w-]+)\$([\w-]+)$/.exec(stored);
  if (!m) return null;
  const cost = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (cost.ln < 10 || cost.ln > 20 || cost.r < 1 || cost.p < 1) return null;
  return { cost, salt: Buffer.from(m[4]!, 'base64url'), hash: Buffer.from(m[5]!, 'base64url') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parseHash(stored);
  if (!h || h.hash.length < 16) return false;
  const actual = await derive(password, h.salt, h.cost, h.hash.length);
  return timingSafeEqual(actual, h.hash);
}

/** True when a stored hash is weaker than PASSWORD_COST (rehashed at the next successful login). */
export function needsRehash(stored: string): boolean {
  const c = parseHash(stored)?.cost;
  return !c || c.ln < PASSWORD_COST.ln || c.r < PASSWORD_COST.r || c.p < PASSWORD_COST.p;
}

/** The signed-in caller. Partners carry their partnerId: every partner query is scoped by it. */
export interface AuthUser {
  userId: string;
  role: Role;
  name: string;
  partnerId?: string;
  /** a partner signed in through WeChat: its openid (订阅消息 consents are per WeChat user) */
  openId?: string;
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
  /** a partner's WeChat openid, when it signed in through WeChat */
  wx?: string;
  jti?: string;
  /** staff tokens: the user's token version at issue (issue #20) */
  ver?: number;
  iat?: number;
  iat_ms?: number;
  exp?: number;
}

/**
 * Signs an access token: every token (staff, partner, applicant) gets its own `jti` (logout revokes that token only)
 * and its issue instant in ms (`iat_ms`).
 */
export function signToken(
  jwt: JwtService,
  ttlSeconds: number,
  claims: Omit<TokenClaims, 'jti' | 'iat' | 'iat_ms' | 'exp'>,
): Promise<string> {
  return jwt.signAsync({ ...claims, jti: randomUUID(), iat_ms: Date.now() }, { expiresIn: ttlSeconds });
}

export const actorOf = (u: AuthUser): Actor => ({
  type: u.service ? 'service' : 'user',
  id: u.userId,
  role: u.service ? 'service' : u.role,
  name: u.name,
});

export const isStaff = (u: AuthUser): boolean => ownerScope(u).kind === 'staff';

/**
 * A caller's scope on partner-owned records, from core's ownerScope (the one place scopes are decided; intake's
 * applications and letters use it too): staff read by role (no owner filter), a partner only its own records. Any
 * other caller (an applicant) owns no partner records: refused here, so a route declared too widely still cannot
 * serve it another owner's data.
 */
export function scopeOf(u: AuthUser): { partnerId?: string } {
  const filter = partnerFilter(ownerScope(u));
  if (!filter) throw new ForbiddenException('无权执行此操作');
  return filter;
}

/** The caller of a core use-case, with its scope (scopeOf). */
export const callerOf = (u: AuthUser): Caller => ({ actor: actorOf(u), ...scopeOf(u) });

export const PUBLIC = 'huoban:public';
export const ROLES = 'huoban:roles';
/** No token needed. */
export const Public = () => SetMetadata(PUBLIC, true);
/**
 * Allowed roles; `admin` may do whatever `staff` may. Deny by default: every route declares `@Public()` or roles
 * (the app refuses to start otherwise, `assertRolesDeclared`), and the guard refuses a route without any.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
/** Any signed-in caller, whatever its role (its own session: `/me`, logout). */
export const AnyRole = () => Roles(...ALL_ROLES);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest().user;
});

/**
 * The claims of `Authorization: Bearer <token>`: signed with HS256, not expired, not revoked (signed out; a staff
 * token of an account since disabled, given another role, a new password or signed out everywhere); 401 otherwise.
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
  if (await revocations.isRevoked({ sub: p.sub, role: p.role, ver: p.ver, jti: p.jti, issuedAt }))
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
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES, targets) ?? [];
    const role: Role = req.user.role;
    // admin may do whatever any staff role may; reviewer and committee count as staff on staff routes
    const asStaff = role === 'admin' || role === 'reviewer' || role === 'committee';
    // deny by default: a route that declares no roles serves nobody
    if (!(
      roles.includes(role) ||
      (role === 'admin' && roles.length > 0 && !roles.includes('partner') && !roles.includes('applicant')) ||
      (asStaff && roles.includes('staff'))
    ))
      throw new ForbiddenException('无权执行此操作');
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
      ...(p.wx && { openId: p.wx }),
      token: { jti: p.jti, exp: new Date((p.exp ?? 0) * 1000) },
    };
  }
}
