/** Response bodies of this module's routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AccessToken {
  @ApiProperty({ type: String }) accessToken!: string;
}

export class Me {
  @ApiProperty({ type: String }) userId!: string;
  @ApiProperty({ type: String }) role!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiPropertyOptional({ type: String }) partnerId?: string;
}
