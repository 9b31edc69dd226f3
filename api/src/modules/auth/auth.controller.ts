import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { RateLimited } from '../../common/rate-limit.js';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { AnyRole, CurrentUser, Public, Roles, type AuthUser } from '../../common/auth.js';
import { AuthService } from './auth.service.js';
import { ApiNoContent, ApiResult } from '../../common/openapi.js';
import { AccessToken, Me } from './auth.responses.js';

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
class ChangePasswordDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(128) currentPassword!: string;
  @ApiProperty({ minLength: 8, maxLength: 128 })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  newPassword!: string;
}
class DevLoginDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(64) partnerCode!: string;
}

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @RateLimited('login')
  @ApiResult(AccessToken)
  @Post('auth/staff/login')
  @HttpCode(200)
  staffLogin(@Body() dto: StaffLoginDto) {
    return this.auth.staffLogin(dto.username, dto.password);
  }

  @Public()
  @RateLimited('login')
  @ApiResult(AccessToken)
  @Post('auth/partner/wechat')
  @HttpCode(200)
  wechatLogin(@Body() dto: WechatLoginDto) {
    return this.auth.wechatLogin(dto.code, dto.inviteCode);
  }

  @Public()
  @RateLimited('login')
  @ApiResult(AccessToken)
  @Post('auth/partner/dev-login')
  @HttpCode(200)
  devLogin(@Body() dto: DevLoginDto) {
    return this.auth.devLogin(dto.partnerCode);
  }

  /** Sign-out: this token is refused from now on. */
  @ApiBearerAuth()
  @AnyRole()
  @ApiNoContent()
  @Post('auth/logout')
  @HttpCode(204)
  async logout(@CurrentUser() user: AuthUser) {
    await this.auth.logout(user);
  }

  /** Staff change their own password; every earlier token is revoked and a fresh one returned. */
  @ApiBearerAuth()
  @Roles('staff')
  @ApiResult(AccessToken)
  @Post('auth/password')
  @HttpCode(200)
  changePassword(@Body() dto: ChangePasswordDto, @CurrentUser() user: AuthUser) {
    return this.auth.changePassword(user, dto.currentPassword, dto.newPassword);
  }

  @ApiBearerAuth()
  @AnyRole()
  @ApiResult(Me)
  @Get('me')
  me(@CurrentUser() user: AuthUser) {
    const { token: _token, ...me } = user;
    return me;
  }
}
