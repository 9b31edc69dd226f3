/** Response bodies of the operator routes, for the OpenAPI spec (checked by schemathesis in CI). */
import { ApiProperty } from '@nestjs/swagger';

export class Live {
  @ApiProperty({ type: String, example: 'ok' }) status!: string;
  @ApiProperty({ type: Number, description: 'seconds since the process started' }) uptimeS!: number;
}

const checks = {
  type: 'object',
  additionalProperties: { type: 'object', properties: { status: { type: 'string' } } },
} as const;

/** @nestjs/terminus's result: per check `{status: up|degraded|down, …data}`. */
export class Ready {
  @ApiProperty({ type: String, enum: ['ok', 'degraded', 'error', 'shutting_down'] }) status!: string;
  @ApiProperty({ ...checks, description: 'checks that are up or degraded' }) info!: object;
  @ApiProperty({ ...checks, description: 'checks that are down' }) error!: object;
  @ApiProperty({
    ...checks,
    description: 'every check: mongo, redis, bot (state, user, at)',
  })
  details!: object;
}
