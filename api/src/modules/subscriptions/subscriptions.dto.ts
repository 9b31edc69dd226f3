import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, ValidateNested } from 'class-validator';
import { CONSENT_RESULTS, SUBSCRIPTION_KIND_KEYS, type ConsentResult } from '@huoban/core';
import { IsText } from '../../common/validation.js';

/** One answer of `requestSubscribeMessage`: the template id and what the user chose. */
export class ConsentResultDto {
  @IsText(64, { example: 'tmpl-complaint', description: 'the template id asked for' }) templateId!: string;
  @ApiProperty({ enum: CONSENT_RESULTS, description: 'accept allows one message of this template' })
  @IsIn(CONSENT_RESULTS)
  result!: ConsentResult;
}

export class ConsentDto {
  @ApiProperty({ type: [ConsentResultDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBSCRIPTION_KIND_KEYS.length)
  @ValidateNested({ each: true })
  @Type(() => ConsentResultDto)
  results!: ConsentResultDto[];
}
