/** Response bodies of this module's routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ComplaintPageItemReply {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) text!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: String }) by!: string;
  @ApiProperty({ type: String }) verdict!: string;
}

export class ComplaintPageItem {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) no!: string;
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) partnerName!: string;
  @ApiProperty({ type: Boolean }) partnerSuspended!: boolean;
  @ApiProperty({ type: String }) kind!: string;
  @ApiProperty({ type: String }) channel!: string;
  @ApiProperty({ type: String }) summary!: string;
  @ApiProperty({ type: String, format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) dueAt!: string;
  @ApiProperty({ type: Boolean }) provisional!: boolean;
  @ApiProperty({ type: String }) status!: string;
  @ApiProperty({ type: String }) slaState!: string;
  @ApiProperty({ type: Number }) workingMsLeft!: number;
  @ApiProperty({ type: String, format: 'date-time' }) serverNow!: string;
  @ApiProperty({ type: () => [ComplaintPageItemReply] }) replies!: ComplaintPageItemReply[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) effectiveReplyAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) breachedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class ComplaintPage {
  @ApiProperty({ type: () => [ComplaintPageItem] }) items!: ComplaintPageItem[];
  @ApiProperty({ type: Number }) total!: number;
}

export class ComplaintViewReply {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) text!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: String }) by!: string;
  @ApiProperty({ type: String }) verdict!: string;
  @ApiPropertyOptional({ type: String }) reason?: string;
}

export class ComplaintView {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) no!: string;
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) partnerName!: string;
  @ApiProperty({ type: Boolean }) partnerSuspended!: boolean;
  @ApiProperty({ type: String }) kind!: string;
  @ApiProperty({ type: String }) channel!: string;
  @ApiProperty({ type: String }) summary!: string;
  @ApiProperty({ type: String, format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) dueAt!: string;
  @ApiProperty({ type: Boolean }) provisional!: boolean;
  @ApiProperty({ type: String }) status!: string;
  @ApiProperty({ type: String }) slaState!: string;
  @ApiProperty({ type: Number }) workingMsLeft!: number;
  @ApiProperty({ type: String, format: 'date-time' }) serverNow!: string;
  @ApiProperty({ type: () => [ComplaintViewReply] }) replies!: ComplaintViewReply[];
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) effectiveReplyAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) breachedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class ComplaintList {
  @ApiProperty({ type: 'array', items: {} }) items!: unknown[];
}
