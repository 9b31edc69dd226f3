import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { LoginThrottle } from './login-throttle.js';
import { WechatClient } from './wechat.client.js';

@Module({ controllers: [AuthController], providers: [AuthService, WechatClient, LoginThrottle] })
export class AuthModule {}
