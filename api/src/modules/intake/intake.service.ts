import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Queue } from 'bullmq';
import type { Connection } from 'mongoose';
import {
  AuditRepository,
  UserRepository,
  DomainError,
  isObjectId,
  models,
  shanghaiDate,
  type Affiliation,
  type ApplicationRecord,
  type IntakeCaller,
  type IntakeFeature,
  type IntakeService,
  type IntakeTimerJob,
  type IntakeTimers,
  type RecruitmentRecord,
  userSearchKeys,
} from '@huoban/core';
import { actorOf, hashPassword, signToken, type AuthUser } from '../../common/auth.js';
import { AuditTrail } from '../../common/audit.service.js';
import { MONGO } from '../../common/infra.module.js';
import { API_CONFIG, type ApiConfig } from '../../config.js';
import { WechatClient } from '../auth/wechat.client.js';

export const INTAKE = Symbol('INTAKE');
export const INTAKE_QUEUE = Symbol('INTAKE_QUEUE');

/** The public fields of a recruitment (FIXED CONTRACT: id, title, mode, quota, applicationDeadline, publishedAt). */
export const publicRecruitment = (r: RecruitmentRecord) => ({
  id: r.id,
  title: r.title,
  mode: r.mode,
  quota: r.quota,
  applicationDeadline: r.applicationDeadline ? r.applicationDeadline.toISOString() : null,
  publishedAt: r.publishedAt ? r.publishedAt.toISOString() : null,
  status: r.status,
  open: r.status === 'published',
  closesOn: r.closesOn,
  opensOn: r.opensOn,
  industry: r.industry ?? null,
  region: r.region ?? null,
  products: r.products,
  description: r.description,
  contact: r.contact,
  attachments: r.attachments.map((a) => ({ name: a.name, ...(a.url && { url: a.url }) })),
  changeLog: r.changeLog.map((c) => ({ at: c.at, changes: c.changes })),
});

const xml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** Glue between the HTTP callers and the core intake feature: who calls, timers after each step, logins. */
@Injectable()
export class IntakeApi implements OnApplicationShutdown {
  private readonly log = new Logger('Intake');
  readonly intake: IntakeService;
  /** the feature's deadline timers on the api's intake queue (scheduled here, fired by the worker) */
  readonly timers: IntakeTimers;

  constructor(
    @Inject(INTAKE) feature: IntakeFeature,
    @Inject(INTAKE_QUEUE) private readonly queue: Queue<IntakeTimerJob>,
    @Inject(MONGO) private readonly conn: Connection,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly jwt: JwtService,
    private readonly wechat: WechatClient,
    private readonly audit: AuditTrail,
    private readonly auditRepo: AuditRepository,
    private readonly userRepo: UserRepository,
  ) {
    this.intake = feature.service;
    this.timers = feature.handlers.intake;
  }

  async onApplicationShutdown() {
    await this.queue.close();
  }

  /** The caller of a use-case; an applicant's WeChat openid comes from its record. */
  async caller(u: AuthUser): Promise<IntakeCaller> {
    const c: IntakeCaller = { actor: actorOf(u), role: u.role, userId: u.userId, name: u.name, partnerId: u.partnerId };
    if (u.role === 'applicant') {
      const a = await this.intake.repo.applicant(u.userId.replace(/^applicant-/, ''));
      if (!a) throw DomainError.forbidden('申请人不存在，请重新登录');
      c.openId = a.openId;
    }
    return c;
  }

  /** After a step: (re)schedule the application's deadline wake-ups; the sweeper repairs a failure here. */
  async scheduled<T>(app: T): Promise<T> {
    const a = app as unknown as ApplicationRecord;
    if (a && typeof a === 'object' && 'id' in a && 'status' in a)
      await this.timers.schedule(a).catch((e: Error) => this.log.warn(`intake timers for ${a.id}: ${e.message}`));
    return app;
  }

  // ---- applicant login (role `applicant`, not yet bound to a partner)
  async applicantWechat(code: string) {
    const { openId } = await this.wechat.code2session(code);
    return this.issueApplicant(openId);
  }

  async applicantDevLogin(name: string) {
    if (!this.config.devLogin) throw DomainError.notFound('Cannot POST /api/v1/auth/applicant/dev-login');
    return this.issueApplicant(`dev-${name}`, name);
  }

  private async issueApplicant(openId: string, name?: string) {
    const a = await this.intake.applications.ensureApplicant(openId, name);
    const claims = { sub: `applicant-${a.id}`, role: 'applicant' as const, name: a.name ?? '申请人' };
    const accessToken = await signToken(this.jwt, this.config.jwtTtlSeconds, claims);
    const actor = { type: 'user' as const, id: claims.sub, role: claims.role, name: claims.name };
    await this.audit.record(actor, 'auth.login', 'session', claims.sub, { after: { via: name ? 'dev' : 'wechat' } });
    return { accessToken };
  }

  // ---- Atom feed of published recruitments (FT-6)
  /** Absolute links come from HUOBAN_PUBLIC_URL (the api is served under it at /api/v1), never from the Host header. */
  async atom(): Promise<string> {
    const items = (await this.intake.recruitments.publicList()).filter((r) => r.status === 'published');
    const updated = items[0]?.publishedAt?.toISOString() ?? new Date(0).toISOString();
    const h5 = this.config.publicUrl;
    const self = `${h5}/api/v1/public/recruitments.atom`;
    const entries = items.map((r) => {
      const link = `${h5}/#/packages/intake/pages/recruitment/index?id=${r.id}`;
      const summary = [
        r.mode === 'batch' ? '分批次一次性引入' : '每月周期性引入',
        r.quota != null ? `招募数量${r.quota}家` : '',
        r.closesOn ? `报名截止${r.closesOn}` : '',
      ]
        .filter(Boolean)
        .join('，');
      return [
        '  <entry>',
        `    <id>urn:huoban:recruitment:${r.id}</id>`,
        `    <title>${xml(r.title)}</title>`,
        `    <link href="${xml(link)}"/>`,
        `    <published>${r.publishedAt!.toISOString()}</published>`,
        `    <updated>${(r.changeLog.at(-1)?.at ?? r.publishedAt!).toISOString()}</updated>`,
        `    <summary>${xml(summary)}</summary>`,
        '  </entry>',
      ].join('\n');
    });
    return [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<feed xmlns="http://www.w3.org/2005/Atom">',
      '  <id>urn:huoban:recruitments</id>',
      '  <title>伙伴招募公告</title>',
      `  <link rel="self" href="${xml(self)}"/>`,
      `  <updated>${updated}</updated>`,
      ...entries,
      '</feed>',
      '',
    ].join('\n');
  }

  // ---- staff users (admins manage them; audited)
  private users() {
    return models(this.conn).User;
  }

  listStaff() {
    return this.userRepo.list();
  }

  async createStaff(
    dto: {
      username: string;
      password: string;
      role: string;
      team?: string;
      displayName?: string;
      affiliation?: Affiliation;
    },
    u: AuthUser,
  ) {
    if (await this.users().exists({ username: dto.username }))
      throw DomainError.conflict(`用户名 ${dto.username} 已存在`);
    const doc = await this.users().create({
      username: dto.username,
      passwordHash: await hashPassword(dto.password),
      role: dto.role,
      team: dto.team,
      displayName: dto.displayName,
      affiliation: dto.affiliation,
      ...userSearchKeys(dto),
    });
    const out = {
      id: String(doc._id),
      username: dto.username,
      role: dto.role,
      team: dto.team ?? null,
      displayName: dto.displayName ?? null,
      affiliation: dto.affiliation ?? null,
      disabled: false,
    };
    await this.audit.record(u, 'staff_user.created', 'user', out.id, { after: out });
    return out;
  }

  async editStaff(
    id: string,
    dto: {
      role?: string;
      team?: string;
      displayName?: string;
      disabled?: boolean;
      affiliation?: Affiliation;
      reason?: string;
    },
    u: AuthUser,
  ) {
    if (!isObjectId(id)) throw DomainError.notFound('员工不存在');
    const before = await this.users().findById(id).lean<Record<string, unknown>>();
    if (!before) throw DomainError.notFound('员工不存在');
    if (id === u.userId && (dto.disabled || (dto.role && dto.role !== 'admin')))
      throw DomainError.conflict('不能停用自己或取消自己的管理员角色');
    const { reason, ...set } = dto;
    // tokens follow the account (issue #20): a role change or (re-/dis)abling signs the user out everywhere
    const revoke =
      (set.role !== undefined && set.role !== before.role) ||
      (set.disabled !== undefined && set.disabled !== Boolean(before.disabled));
    await this.users().updateOne(
      { _id: id },
      { $set: { ...set, ...userSearchKeys(set) }, ...(revoke && { $inc: { tokenVersion: 1 } }) },
    );
    const pick = (d: Record<string, unknown>) => ({
      role: d.role,
      team: d.team ?? null,
      displayName: d.displayName ?? null,
      affiliation: d.affiliation ?? null,
      disabled: Boolean(d.disabled),
    });
    const after = { ...pick(before), ...set };
    await this.audit.record(u, 'staff_user.changed', 'user', id, { before: pick(before), after, reason });
    return { id, username: before.username, ...after };
  }

  /** An admin signs a staff user out everywhere (its tokens are refused from the next request on); audited. */
  async signOutStaff(id: string, u: AuthUser) {
    if (!(await this.userRepo.revokeTokens(id))) throw DomainError.notFound('员工不存在');
    await this.audit.record(u, 'user.signed_out_everywhere', 'user', id);
  }

  auditOf(entity: string, id: string) {
    return this.auditRepo.find({ entity, entityId: id });
  }

  today() {
    return shanghaiDate(new Date());
  }
}
