import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ComplaintService } from '@huoban/core';
import { CurrentUser, Roles, callerOf, type AuthUser } from '../../common/auth.js';
import { parseInstant } from '../../common/parse.js';
import { ConfirmDto, ListComplaintsQuery, RegisterComplaintDto, RejectDto, ReplyDto } from './complaints.dto.js';

@ApiTags('complaints')
@ApiBearerAuth()
@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly service: ComplaintService) {}

  @Get()
  list(@Query() q: ListComplaintsQuery, @CurrentUser() user: AuthUser) {
    return this.service.list(q, callerOf(user));
  }

  @Roles('staff')
  @Get('due-today')
  dueToday() {
    return this.service.dueToday();
  }

  @Get(':id')
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.service.get(id, callerOf(user));
  }

  @Roles('staff')
  @Post()
  register(@Body() dto: RegisterComplaintDto, @CurrentUser() user: AuthUser) {
    return this.service.register({ ...dto, receivedAt: parseInstant('receivedAt', dto.receivedAt) }, callerOf(user));
  }

  @Roles('partner')
  @Post(':id/replies')
  reply(@Param('id') id: string, @Body() dto: ReplyDto, @CurrentUser() user: AuthUser) {
    return this.service.reply(id, dto.text, callerOf(user));
  }

  @Roles('staff')
  @Post(':id/confirm')
  @HttpCode(200)
  confirm(@Param('id') id: string, @Body() dto: ConfirmDto, @CurrentUser() user: AuthUser) {
    return this.service.decide(id, dto.replyId, 'effective', callerOf(user));
  }

  @Roles('staff')
  @Post(':id/reject')
  @HttpCode(200)
  reject(@Param('id') id: string, @Body() dto: RejectDto, @CurrentUser() user: AuthUser) {
    return this.service.decide(id, dto.replyId, 'rejected', callerOf(user), dto.reason);
  }
}
