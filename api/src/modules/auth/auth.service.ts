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
import { verifyPassword, type AuthUser } from '../../common/auth.js';
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
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

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
    const payload = { sub: u.userId, role: u.role, name: u.name, ...(u.partnerId && { partnerId: u.partnerId }) };
    return { accessToken: await this.jwt.signAsync(payload, { expiresIn: this.config.jwtTtlSeconds }) };
  }
}
