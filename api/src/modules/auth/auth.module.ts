import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { WechatClient } from './wechat.client.js';

@Module({ controllers: [AuthController], providers: [AuthService, WechatClient] })
export class AuthModule {}
