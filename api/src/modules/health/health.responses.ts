/** Response bodies of this module's routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { ApiProperty } from '@nestjs/swagger';

export class Health {
  @ApiProperty({ type: String }) status!: string;
  @ApiProperty({ type: String }) mongo!: string;
  @ApiProperty({ type: String }) redis!: string;
}
