/** Response bodies of this module's routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PARTNER_STATUSES, type PartnerStatus } from '@huoban/core';

export class Partner {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) code!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: String, enum: PARTNER_STATUSES }) status!: PartnerStatus;
  @ApiProperty({ type: String }) inviteCode!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ type: String }) contactName?: string;
  @ApiPropertyOptional({ type: String }) contactPhone?: string;
}

/** #18 a page of the console's 伙伴 table. */
export class PartnerTable {
  @ApiProperty({ type: () => [Partner] }) items!: Partner[];
  @ApiProperty({ type: Number, description: 'rows over all pages' }) total!: number;
  @ApiProperty({ type: Number }) page!: number;
  @ApiProperty({ type: Number }) pageSize!: number;
}
