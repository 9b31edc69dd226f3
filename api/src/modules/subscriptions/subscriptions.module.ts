import { Body, Controller, Get, Inject, Injectable, Module, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Types, type Connection } from 'mongoose';
import { connectSubscriptionConsents, type ConsentCaller, type SubscriptionConsents } from '@huoban/core';
import { CurrentUser, Roles, actorOf, type AuthUser } from '../../common/auth.js';
import { MONGO } from '../../common/infra.module.js';
import { API_CONFIG, type ApiConfig } from '../../config.js';
import { ApiResult } from '../../common/openapi.js';
import { ConsentDto } from './subscriptions.dto.js';
import { SubscriptionTemplate } from './subscriptions.responses.js';

const CONSENTS = Symbol('SUBSCRIPTION_CONSENTS');

/** The caller as a WeChat user: a partner signed in through WeChat, or an applicant (its openid is on its record). */
@Injectable()
export class SubscriptionCallers {
  constructor(@Inject(MONGO) private readonly conn: Connection) {}

  async of(u: AuthUser): Promise<ConsentCaller> {
    let openId = u.openId ?? null;
    if (u.role === 'applicant') {
      const id = u.userId.replace(/^applicant-/, '');
      const a = Types.ObjectId.isValid(id)
        ? await this.conn.collection('intake_applicants').findOne({ _id: new Types.ObjectId(id) })
        : null;
      openId = (a?.openId as string | undefined) ?? null;
    }
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
  controllers: [SubscriptionsController],
  providers: [
    SubscriptionCallers,
    {
      provide: CONSENTS,
      useFactory: (c: Connection, config: ApiConfig) =>
        connectSubscriptionConsents(c, { templates: config.subscriptionTemplates }),
      inject: [MONGO, API_CONFIG],
    },
  ],
})
export class SubscriptionsModule {}
