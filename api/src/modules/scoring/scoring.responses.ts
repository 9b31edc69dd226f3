/** Response bodies of this module's routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { ApiProperty } from '@nestjs/swagger';
import { CreditMonthSnapshotEntry } from '../credit/credit.responses.js';

export class CreditSimulationMonth {
  @ApiProperty({ type: String }) month!: string;
  @ApiProperty({ type: Number }) score!: number;
  @ApiProperty({ type: Boolean }) aClass!: boolean;
  @ApiProperty({ type: () => [CreditMonthSnapshotEntry] }) entries!: CreditMonthSnapshotEntry[];
}

export class CreditSimulation {
  @ApiProperty({ type: () => [CreditSimulationMonth] }) months!: CreditSimulationMonth[];
}

export class ScorecardSimulation {
  @ApiProperty({ type: Number }) onboarding!: number;
  @ApiProperty({ type: Number }) complaintEfficiency!: number;
  @ApiProperty({ type: Number }) escalated!: number;
  @ApiProperty({ type: Number }) deductions!: number;
  @ApiProperty({ type: Number }) total!: number;
  @ApiProperty({ type: Boolean }) rectificationRequired!: boolean;
}
