/** Response bodies of the 订阅消息 routes, for the OpenAPI spec. */
import { ApiProperty } from '@nestjs/swagger';
import { SUBSCRIPTION_KIND_KEYS, type SubscriptionKind } from '@huoban/core';

export class SubscriptionTemplate {
  @ApiProperty({ enum: SUBSCRIPTION_KIND_KEYS }) kind!: SubscriptionKind;
  @ApiProperty({ type: String, description: 'the WeChat template id (HUOBAN_WECHAT_TMPL_<KIND>)' }) templateId!: string;
  @ApiProperty({ type: String, example: '投诉受理通知' }) title!: string;
  @ApiProperty({ type: Number, description: 'unused accepted consents of the caller: each allows one message' })
  remaining!: number;
}
