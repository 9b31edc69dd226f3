import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ComplaintService, maskPersonalData } from '@huoban/core';
import { CurrentUser, Roles, callerOf, type AuthUser } from '../../common/auth.js';
import { ApiResult } from '../../common/openapi.js';
import { parseInstant } from '../../common/parse.js';
import { ConfirmDto, ListComplaintsQuery, RegisterComplaintDto, RejectDto, ReplyDto } from './complaints.dto.js';
import { ComplaintList, ComplaintPage, ComplaintView } from './complaints.responses.js';

@ApiTags('complaints')
@ApiBearerAuth()
@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly service: ComplaintService) {}

  @ApiResult(ComplaintPage)
  @Get()
  async list(@Query() q: ListComplaintsQuery, @CurrentUser() user: AuthUser) {
    // PIPL: phone and ID numbers inside summaries are masked in the list; the detail shows the text
    const page = await this.service.list(q, callerOf(user));
    return { ...page, items: page.items.map((c) => ({ ...c, summary: maskPersonalData(c.summary) })) };
  }

  @Roles('staff')
  @ApiResult(ComplaintList)
  @Get('due-today')
  async dueToday() {
    const due = await this.service.dueToday();
    return { items: due.items.map((c) => ({ ...c, summary: maskPersonalData(c.summary) })) };
  }

  @ApiResult(ComplaintView)
  @Get(':id')
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.service.get(id, callerOf(user));
  }

  @Roles('staff')
  @ApiResult(ComplaintView, { status: 201 })
  @Post()
  register(@Body() dto: RegisterComplaintDto, @CurrentUser() user: AuthUser) {
    return this.service.register({ ...dto, receivedAt: parseInstant('receivedAt', dto.receivedAt) }, callerOf(user));
  }

  @Roles('partner')
  @ApiResult(ComplaintView, { status: 201 })
  @Post(':id/replies')
  reply(@Param('id') id: string, @Body() dto: ReplyDto, @CurrentUser() user: AuthUser) {
    return this.service.reply(id, dto.text, callerOf(user));
  }

  @Roles('staff')
  @ApiResult(ComplaintView)
  @Post(':id/confirm')
  @HttpCode(200)
  confirm(@Param('id') id: string, @Body() dto: ConfirmDto, @CurrentUser() user: AuthUser) {
    return this.service.decide(id, dto.replyId, 'effective', callerOf(user));
  }

  @Roles('staff')
  @ApiResult(ComplaintView)
  @Post(':id/reject')
  @HttpCode(200)
  reject(@Param('id') id: string, @Body() dto: RejectDto, @CurrentUser() user: AuthUser) {
    return this.service.decide(id, dto.replyId, 'rejected', callerOf(user), dto.reason);
  }
}
