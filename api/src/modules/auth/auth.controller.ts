import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentUser, Public, type AuthUser } from '../../common/auth.js';
import { AuthService } from './auth.service.js';

class StaffLoginDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(64) username!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(128) password!: string;
}
class WechatLoginDto {
  @ApiProperty({ description: 'wx.login() code' }) @IsString() @IsNotEmpty() @MaxLength(128) code!: string;
  @ApiPropertyOptional({ description: 'partner invite code, needed on the first login' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  inviteCode?: string;
}
class DevLoginDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(64) partnerCode!: string;
}

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/staff/login')
  @HttpCode(200)
  staffLogin(@Body() dto: StaffLoginDto) {
    return this.auth.staffLogin(dto.username, dto.password);
  }

  @Public()
  @Post('auth/partner/wechat')
  @HttpCode(200)
  wechatLogin(@Body() dto: WechatLoginDto) {
    return this.auth.wechatLogin(dto.code, dto.inviteCode);
  }

  @Public()
  @Post('auth/partner/dev-login')
  @HttpCode(200)
  devLogin(@Body() dto: DevLoginDto) {
    return this.auth.devLogin(dto.partnerCode);
  }

  @ApiBearerAuth()
  @Get('me')
  me(@CurrentUser() user: AuthUser) {
    return user;
  }
}
