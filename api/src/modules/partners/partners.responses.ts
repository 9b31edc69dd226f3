/** Response bodies of this module's routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class Partner {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) code!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: String }) status!: string;
  @ApiProperty({ type: String }) inviteCode!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ type: String }) contactName?: string;
  @ApiPropertyOptional({ type: String }) contactPhone?: string;
}
