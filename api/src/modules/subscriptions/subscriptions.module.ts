import { Body, Controller, Get, Inject, Injectable, Module, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  connectSubscriptionConsents,
  type ConsentCaller,
  type Core,
  type IntakeFeature,
  type SubscriptionConsents,
} from '@huoban/core';
import { CurrentUser, Roles, actorOf, type AuthUser } from '../../common/auth.js';
import { CORE } from '../../common/infra.module.js';
import { IntakeModule } from '../intake/intake.module.js';
import { INTAKE } from '../intake/intake.service.js';
import { ApiResult } from '../../common/openapi.js';
import { ConsentDto } from './subscriptions.dto.js';
import { SubscriptionTemplate } from './subscriptions.responses.js';

const CONSENTS = Symbol('SUBSCRIPTION_CONSENTS');

/** The caller as a WeChat user: a partner signed in through WeChat, or an applicant (its openid is on its record). */
@Injectable()
export class SubscriptionCallers {
  constructor(@Inject(INTAKE) private readonly intake: IntakeFeature) {}

  async of(u: AuthUser): Promise<ConsentCaller> {
    let openId = u.openId ?? null;
    if (u.role === 'applicant')
      openId = (await this.intake.service.repo.applicant(u.userId.replace(/^applicant-/, '')))?.openId ?? null;
    return { actor: actorOf(u), userId: u.userId, openId };
  }
}

/** Issue #19: WeChat 订阅消息 — the templates the mini-program asks for, and the user's answers (consent). */
@ApiTags('subscriptions')
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(
    @Inject(CONSENTS) private readonly consents: SubscriptionConsents,
    private readonly callers: SubscriptionCallers,
  ) {}

  @Roles('partner', 'applicant')
  @ApiResult(SubscriptionTemplate, { isArray: true })
  @Get('templates')
  @ApiOperation({ summary: 'The configured templates by kind, with the caller’s unused consents' })
  async templates(@CurrentUser() user: AuthUser) {
    return this.consents.list(await this.callers.of(user));
  }

  @Roles('partner', 'applicant')
  @ApiResult(SubscriptionTemplate, { status: 201, isArray: true })
  @Post('consents')
  @ApiOperation({
    summary: 'Records the answers of requestSubscribeMessage: each accept allows one message of that template',
  })
  async consent(@Body() dto: ConsentDto, @CurrentUser() user: AuthUser) {
    return this.consents.record(await this.callers.of(user), dto.results);
  }
}

@Module({
  imports: [IntakeModule],
  controllers: [SubscriptionsController],
  providers: [
    SubscriptionCallers,
    {
      provide: CONSENTS,
      useFactory: async (core: Core) => (await connectSubscriptionConsents(core)).service,
      inject: [CORE],
    },
  ],
})
export class SubscriptionsModule {}
