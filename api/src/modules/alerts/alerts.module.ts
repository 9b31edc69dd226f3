import { Body, Controller, Get, Inject, Module, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { connectAlerts, type AlertSettingsService, type Core } from '@huoban/core';
import { CurrentUser, Roles, actorOf, type AuthUser } from '../../common/auth.js';
import { CORE } from '../../common/infra.module.js';
import { ApiResult } from '../../common/openapi.js';
import { AlertSettingsDto } from './alerts.dto.js';
import { AlertSettingsView } from './alerts.responses.js';

const ALERT_SETTINGS = Symbol('ALERT_SETTINGS');

/** Issue #11: who receives a programme's staff notices, and its quiet hours (admins edit, audited). */
@ApiTags('alerts')
@Controller('programmes/:id/alert-settings')
export class AlertsController {
  constructor(@Inject(ALERT_SETTINGS) private readonly settings: AlertSettingsService) {}

  @Roles('staff')
  @ApiResult(AlertSettingsView)
  @Get()
  @ApiOperation({ summary: 'The programme’s alert recipients and quiet hours (env defaults when it has none)' })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.settings.get(id, actorOf(user));
  }

  @Roles('admin')
  @ApiResult(AlertSettingsView)
  @Put()
  @ApiOperation({ summary: 'Admins: set the recipients and quiet hours (a new revision, audited with its reason)' })
  put(@Param('id') id: string, @Body() dto: AlertSettingsDto, @CurrentUser() user: AuthUser) {
    return this.settings.update(id, dto, actorOf(user));
  }
}

@Module({
  controllers: [AlertsController],
  providers: [{ provide: ALERT_SETTINGS, useFactory: (core: Core) => connectAlerts(core).service, inject: [CORE] }],
})
export class AlertsModule {}
