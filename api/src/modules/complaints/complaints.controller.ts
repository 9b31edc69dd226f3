import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../../common/auth.js';
import { ConfirmDto, ListComplaintsQuery, RegisterComplaintDto, RejectDto, ReplyDto } from './complaints.dto.js';
import { ComplaintsService } from './complaints.service.js';

@ApiTags('complaints')
@ApiBearerAuth()
@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly service: ComplaintsService) {}

  @Get()
  list(@Query() q: ListComplaintsQuery, @CurrentUser() user: AuthUser) {
    return this.service.list(q, user);
  }

  @Roles('staff')
  @Get('due-today')
  dueToday() {
    return this.service.dueToday();
  }

  @Get(':id')
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.service.get(id, user);
  }

  @Roles('staff')
  @Post()
  register(@Body() dto: RegisterComplaintDto, @CurrentUser() user: AuthUser) {
    return this.service.register(dto, user);
  }

  @Roles('partner')
  @Post(':id/replies')
  reply(@Param('id') id: string, @Body() dto: ReplyDto, @CurrentUser() user: AuthUser) {
    return this.service.reply(id, dto.text, user);
  }

  @Roles('staff')
  @Post(':id/confirm')
  @HttpCode(200)
  confirm(@Param('id') id: string, @Body() dto: ConfirmDto, @CurrentUser() user: AuthUser) {
    return this.service.decide(id, dto.replyId, 'effective', user);
  }

  @Roles('staff')
  @Post(':id/reject')
  @HttpCode(200)
  reject(@Param('id') id: string, @Body() dto: RejectDto, @CurrentUser() user: AuthUser) {
    return this.service.decide(id, dto.replyId, 'rejected', user, dto.reason);
  }
}
