import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { PartnerRepository, UserRepository, type Actor, type PartnerRecord, type UserRecord } from '@huoban/core';
import { API_CONFIG, type ApiConfig } from '../../config.js';
import { actorOf, hashPassword, needsRehash, signToken, verifyPassword, type AuthUser } from '../../common/auth.js';
import { TokenRevocations } from './revocations.js';
import { AuditTrail } from '../../common/audit.service.js';
import { WechatClient } from './wechat.client.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly partners: PartnerRepository,
    private readonly jwt: JwtService,
    private readonly wechat: WechatClient,
    private readonly audit: AuditTrail,
    private readonly revocations: TokenRevocations,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Sign-out: the caller's token is refused from now on (the service key has no token to revoke). Audited. */
  async logout(user: AuthUser): Promise<void> {
    if (user.service) return;
    if (user.token?.jti) await this.revocations.revokeToken(user.token.jti, user.token.exp);
    else await this.revocations.revokeSubject(user.userId); // a token from before jti: all of them
    await this.audit.record(user, 'auth.logout', 'session', user.userId);
  }

  /** Staff change their own password: every earlier token of the user is revoked; a fresh one is returned. */
  async changePassword(user: AuthUser, currentPassword: string, newPassword: string) {
    const record = user.service ? null : await this.users.byId(user.userId);
    if (!record || record.disabled) throw new ForbiddenException('只有在用的员工账号可以修改密码');
    if (!(await verifyPassword(currentPassword, record.passwordHash))) throw new UnauthorizedException('当前密码错误');
    await this.users.setPassword(record.id, await hashPassword(newPassword)); // bumps the token version
    await this.audit.record(user, 'user.password_changed', 'user', record.id, {});
    return this.staffToken((await this.users.byId(record.id))!);
  }

  /** Success and failure are audited (`auth.login`, `auth.login_failed`); a weak old hash is upgraded on success. */
  async staffLogin(username: string, password: string) {
    const user = await this.users.byUsername(username);
    if (!user || user.disabled || !(await verifyPassword(password, user.passwordHash))) {
      await this.audit.record(
        { type: 'user', id: user?.id ?? 'unknown', name: username },
        'auth.login_failed',
        'session',
        user?.id ?? 'unknown',
        {
          reason: !user ? 'unknown_user' : user.disabled ? 'disabled' : 'wrong_password',
        },
      );
      throw new UnauthorizedException('用户名或密码错误');
    }
    if (needsRehash(user.passwordHash)) await this.users.setPassword(user.id, await hashPassword(password), false);
    return this.loggedIn(this.staffToken(user), { type: 'user', id: user.id, role: user.role, name: user.username });
  }

  private staffToken(user: UserRecord) {
    const u = { userId: user.id, role: user.role, name: user.displayName ?? user.username };
    return this.issue(u, user.tokenVersion ?? 0);
  }

  /** A successful login of any kind, in the audit trail. */
  private async loggedIn<T>(token: Promise<T>, actor: Actor, via = 'password'): Promise<T> {
    const t = await token;
    await this.audit.record(actor, 'auth.login', 'session', actor.id, { after: { via } });
    return t;
  }

  /** Mini-program login: wx.login code → openid → the partner it is bound to (first login binds with the invite code). */
  async wechatLogin(code: string, inviteCode?: string) {
    const { openId } = await this.wechat.code2session(code);
    let partnerId = await this.partners.identityFor(openId);
    if (!partnerId) {
      if (!inviteCode) throw new ForbiddenException('该微信尚未绑定伙伴，请输入邀请码');
      const partner = await this.partners.byInviteCode(inviteCode);
      if (!partner) throw new NotFoundException('邀请码无效');
      if (!(await this.partners.bindIdentity(openId, partner.id))) throw new ConflictException('该微信已绑定其他伙伴');
      partnerId = partner.id;
      await this.audit.record(this.partnerUser(partner), 'partner.wechat_bound', 'partner', partner.id, {
        after: { openId },
      });
    }
    const partner = await this.partners.get(partnerId);
    if (!partner) throw new NotFoundException('伙伴不存在');
    const u = { ...this.partnerUser(partner), openId };
    return this.loggedIn(this.issue(u), actorOf(u), 'wechat');
  }

  /**
   * Local development only (HUOBAN_DEV_LOGIN=true, never with NODE_ENV=production): sign in as a partner by its
   * code. Switched off, every code gets the same 404 as a route that does not exist; switched on, an unknown code
   * gets the generic login failure (no 伙伴编码不存在 to enumerate codes with).
   */
  async devLogin(partnerCode: string) {
    if (!this.config.devLogin) throw new NotFoundException('Cannot POST /api/v1/auth/partner/dev-login');
    const partner = await this.partners.byCode(partnerCode);
    if (!partner) {
      await this.audit.record(
        { type: 'user', id: 'unknown', name: partnerCode },
        'auth.login_failed',
        'session',
        'unknown',
        {
          reason: 'dev_login_unknown_code',
        },
      );
      throw new UnauthorizedException('登录失败');
    }
    return this.loggedIn(this.issue(this.partnerUser(partner)), actorOf(this.partnerUser(partner)), 'dev');
  }

  private partnerUser(p: PartnerRecord): AuthUser {
    return { userId: `partner-${p.id}`, role: 'partner', name: p.name, partnerId: p.id };
  }

  private async issue(u: AuthUser, ver?: number) {
    const claims = {
      sub: u.userId,
      role: u.role,
      name: u.name,
      ...(u.partnerId && { partnerId: u.partnerId }),
      ...(u.openId && { wx: u.openId }),
      ...(ver !== undefined && { ver }),
    };
    return { accessToken: await signToken(this.jwt, this.config.jwtTtlSeconds, claims) };
  }
}
