import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { API_CONFIG, type ApiConfig } from '../../config.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { WechatClient } from './wechat.client.js';

/** The account a login attempt is for: the staff username, the partner code, or the WeChat code's caller. */
const account = (req: { body?: Record<string, unknown>; ip?: string }) => {
  const b = req.body ?? {};
  const name = [b.username, b.partnerCode].find((v) => typeof v === 'string');
  return typeof name === 'string' ? `account:${name.trim().toLowerCase()}` : `ip:${req.ip}`;
};

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig) => ({
        // one budget per IP and one per account across every login route (the key leaves out the route)
        generateKey: (_ctx, tracker, name) => `login-${name}-${tracker}`,
        errorMessage: '登录尝试过于频繁，请稍后再试',
        throttlers: [
          { name: 'ip', ttl: 60_000, limit: config.loginLimit.ip, getTracker: (req) => `ip:${req.ip}` },
          { name: 'account', ttl: 60_000, limit: config.loginLimit.account, getTracker: account },
        ],
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, WechatClient],
})
export class AuthModule {}
