import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DEFAULT_COMPLAINT_WINDOW, PartnerRepository, ProgrammeRepository, UserRepository } from '@huoban/core';
import { API_CONFIG, type ApiConfig } from './config.js';
import { hashPassword } from './common/auth.js';

/** The default programme of seed 000 (scorecard rulebook, WT-3 window, 12 h SLA). */
export const DEFAULT_PROGRAMME = {
  code: 'cmft-expansion',
  name: '中移金科行业拓展服务商',
  rulebook: 'scorecard' as const,
  complaintWindow: DEFAULT_COMPLAINT_WINDOW,
  slaHours: 12,
  warningMinutes: [120, 30],
};

/** Idempotent start-up data: the first admin (from env), the default programme, and demo partners when asked. */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly log = new Logger('Seed');
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly users: UserRepository,
    private readonly programmes: ProgrammeRepository,
    private readonly partners: PartnerRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminUser, adminPassword } = this.config;
    if (adminUser && adminPassword) {
      const created = await this.users.ensure({
        username: adminUser,
        passwordHash: await hashPassword(adminPassword),
        role: 'admin',
        displayName: '管理员',
      });
      if (created) this.log.log(`admin user ${adminUser} created`);
    }
    const programme = await this.programmes.ensure(DEFAULT_PROGRAMME);
    if (this.config.seedDemo) {
      for (const [code, name] of [
        ['P001', '杭州示例科技有限公司'],
        ['P002', '南京星河信息服务有限公司'],
      ]) {
        if (!(await this.partners.byCode(code))) await this.partners.create({ code, name, programmeId: programme.id });
      }
    }
  }
}
