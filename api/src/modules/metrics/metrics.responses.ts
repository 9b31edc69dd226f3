/** Response bodies of this module's routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { ApiProperty } from '@nestjs/swagger';

export class MetricsMonth {
  @ApiProperty({ type: String }) partnerId!: string;
  @ApiProperty({ type: String }) partnerCode!: string;
  @ApiProperty({ type: String }) month!: string;
  @ApiProperty({ type: String }) importId!: string;
  @ApiProperty({ type: Number, nullable: true }) revenue!: number | null;
  @ApiProperty({ nullable: true, type: Number }) successRate!: number | null;
  @ApiProperty({ type: Number, nullable: true }) customers!: number | null;
  @ApiProperty({ type: String }) partnerName!: string;
}

export class MetricsImportSummary {
  @ApiProperty({ type: Number }) revenue!: number;
  @ApiProperty({ type: Number }) successRate!: number;
  @ApiProperty({ type: Number }) customers!: number;
}

export class MetricsImportCreatedBy {
  @ApiProperty({ type: String }) type!: string;
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) role!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
}

export class MetricsImport {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) programmeId!: string;
  @ApiProperty({ type: String }) fileName!: string;
  @ApiProperty({ type: String }) sha256!: string;
  @ApiProperty({ type: String }) status!: string;
  @ApiProperty({ type: Number }) total!: number;
  @ApiProperty({ type: Number }) processed!: number;
  @ApiProperty({ type: [String] }) months!: string[];
  @ApiProperty({ type: () => MetricsImportSummary }) summary!: MetricsImportSummary;
  @ApiProperty({ type: 'array', items: {} }) skipped!: unknown[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: () => MetricsImportCreatedBy }) createdBy!: MetricsImportCreatedBy;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) committedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt!: string | null;
}
