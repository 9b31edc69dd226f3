/** Response bodies of this module's routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@huoban/core';

export class AccessToken {
  @ApiProperty({ type: String }) accessToken!: string;
}

export class Me {
  @ApiProperty({ type: String }) userId!: string;
  @ApiProperty({ type: String, enum: ROLES }) role!: Role;
  @ApiProperty({ type: String }) name!: string;
  @ApiPropertyOptional({ type: String }) partnerId?: string;
}
