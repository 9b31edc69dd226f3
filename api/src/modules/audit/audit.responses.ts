/** Response bodies of this module's routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AuditListItemActor {
  @ApiProperty({ type: String }) type!: string;
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) role!: string;
  @ApiProperty({ type: String }) name!: string;
}

export class AuditListItem {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: () => AuditListItemActor }) actor!: AuditListItemActor;
  @ApiProperty({ type: String }) action!: string;
  @ApiProperty({ type: String }) entity!: string;
  @ApiProperty({ type: String }) entityId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) after!: Record<string, unknown>;
  @ApiPropertyOptional({ type: String }) reason?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) before?: Record<string, unknown>;
}

export class AuditList {
  @ApiProperty({ type: () => [AuditListItem] }) items!: AuditListItem[];
}
