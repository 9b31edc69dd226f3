/** Response bodies of this module's routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { ApiProperty } from '@nestjs/swagger';

export class CalendarOverride {
  @ApiProperty({ type: String }) date!: string;
  @ApiProperty({ type: Boolean }) workday!: boolean;
}

export class RolledDate {
  @ApiProperty({ type: String }) date!: string;
}

export class SlaDeadline {
  @ApiProperty({ type: String, format: 'date-time' }) dueAt!: string;
}

export class WorkingDayDeadline {
  @ApiProperty({ type: String, format: 'date-time' }) dueAt!: string;
  @ApiProperty({ type: Boolean }) provisional!: boolean;
}

export class CalendarYears {
  @ApiProperty({ type: [Number] }) covered!: number[];
  @ApiProperty({ type: Number }) lastCovered!: number;
  @ApiProperty({ type: String }) version!: string;
  @ApiProperty({ type: Boolean }) missingNextYear!: boolean;
}

export class ExitTimeline {
  @ApiProperty({ type: String, example: '2027-01-31', description: 'earliest contract end date (Asia/Shanghai)' })
  earliestEndOn!: string;
  @ApiProperty({ type: String, format: 'date-time' }) approvalStartDueAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) approvalDueAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) terminationDueAt!: string | null;
}
