/** Response bodies of this module's routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { ApiProperty } from '@nestjs/swagger';

export class ProgrammeComplaintWindow {
  @ApiProperty({ type: String }) start!: string;
  @ApiProperty({ type: String }) end!: string;
  @ApiProperty({ type: String }) days!: string;
}

export class Programme {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) code!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String }) rulebook!: string;
  @ApiProperty({ type: () => ProgrammeComplaintWindow }) complaintWindow!: ProgrammeComplaintWindow;
  @ApiProperty({ type: Number }) slaHours!: number;
  @ApiProperty({ type: [Number] }) warningMinutes!: number[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}
