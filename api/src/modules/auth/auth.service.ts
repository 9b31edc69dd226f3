import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { PartnerRepository, UserRepository, type PartnerRecord } from '@huoban/core';
import { API_CONFIG, type ApiConfig } from '../../config.js';
import { randomUUID } from 'node:crypto';
import { hashPassword, verifyPassword, type AuthUser } from '../../common/auth.js';
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

  /** Sign-out: the caller's token is refused from now on (the service key has no token to revoke). */
  async logout(user: AuthUser): Promise<void> {
    if (user.token?.jti) await this.revocations.revokeToken(user.token.jti, user.token.exp);
    else if (!user.service) await this.revocations.revokeSubject(user.userId); // a token from before jti: all of them
  }

  /** Staff change their own password: every earlier token of the user is revoked; a fresh one is returned. */
  async changePassword(user: AuthUser, currentPassword: string, newPassword: string) {
    const record = user.service ? null : await this.users.byId(user.userId);
    if (!record) throw new ForbiddenException('只有员工账号可以修改密码');
    if (!(await verifyPassword(currentPassword, record.passwordHash))) throw new UnauthorizedException('当前密码错误');
    await this.users.setPassword(record.id, await hashPassword(newPassword));
    await this.revocations.revokeSubject(record.id);
    await this.audit.record(user, 'user.password_changed', 'user', record.id, {});
    return this.issue({ userId: record.id, role: record.role, name: record.displayName ?? record.username });
  }

  async staffLogin(username: string, password: string) {
    const user = await this.users.byUsername(username);
    if (!user || user.disabled || !(await verifyPassword(password, user.passwordHash)))
      throw new UnauthorizedException('用户名或密码错误');
    return this.issue({ userId: user.id, role: user.role, name: user.displayName ?? user.username });
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
    return this.issue(this.partnerUser(partner));
  }

  /** Local development only (HUOBAN_DEV_LOGIN=true): sign in as a partner by its code. */
  async devLogin(partnerCode: string) {
    if (!this.config.devLogin) throw new NotFoundException('Cannot POST /api/v1/auth/partner/dev-login');
    const partner = await this.partners.byCode(partnerCode);
    if (!partner) throw new NotFoundException('伙伴编码不存在');
    return this.issue(this.partnerUser(partner));
  }

  private partnerUser(p: PartnerRecord): AuthUser {
    return { userId: `partner-${p.id}`, role: 'partner', name: p.name, partnerId: p.id };
  }

  private async issue(u: AuthUser) {
    const payload = {
      sub: u.userId,
      role: u.role,
      name: u.name,
      ...(u.partnerId && { partnerId: u.partnerId }),
      jti: randomUUID(),
      iat_ms: Date.now(),
    };
    return { accessToken: await this.jwt.signAsync(payload, { expiresIn: this.config.jwtTtlSeconds }) };
  }
}
