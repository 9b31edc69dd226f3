import { IsBoolean, IsIn, IsMongoId, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const STAFF_TRIGGERS = [
  'business_end',
  'dishonest_list',
  'security_incident',
  'major_violation',
  'rectification_failed',
] as const;

/** FT-17.3: the partner's written exit request. */
export class ExitRequestDto {
  @IsString() @MaxLength(1000) reason!: string;
  @IsString() @Matches(DATE, { message: 'desiredEndOn must be a date YYYY-MM-DD' }) desiredEndOn!: string;
  @IsBoolean({ message: 'commitment must be true or false' }) commitment!: boolean;
}

/** Staff record a trigger: FT-17.2 serious incident, FT-17.4 business end, FT-17.5 list hit, FT-14, MG-11. */
export class OpenExitCaseDto {
  @IsMongoId({ message: 'partnerId must be a partner id' }) partnerId!: string;
  @IsIn(STAFF_TRIGGERS, { message: `trigger must be one of ${STAFF_TRIGGERS.join(', ')}` })
  trigger!: (typeof STAFF_TRIGGERS)[number];
  @IsString() @MaxLength(1000) reason!: string;
  @IsOptional() @IsObject() evidence?: Record<string, unknown>;
}

export class ExitReasonDto {
  @IsString() @MaxLength(1000) reason!: string;
}

export class ExitNoteDto {
  @IsOptional() @IsString() @MaxLength(1000) reason?: string;
}
