import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';

// Field checks the intake bodies share. Each applies its decorators in the order the written decorators they
// stand for apply them (bottom-up), so the 400's messages keep their order.

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const dateMsg = (f: string) => ({ message: `${f} must be a date YYYY-MM-DD` });
/** A `YYYY-MM-DD` string field (the calendar check of the date itself is core's). */
export const IsDateField = (field: string) => applyDecorators(Matches(DATE, dateMsg(field)), IsString());

/**
 * A list of nested bodies, each validated, `min` (optional) to `max` items: `@IsArray() @ArrayMinSize(min)
 * @ArrayMaxSize(max) @ValidateNested({ each: true }) @Type(() => type)`, applied as that written order applies them
 * (so the messages keep their order).
 */
export const NestedList = (type: new () => object, max: number, min?: number) =>
  applyDecorators(
    Type(() => type),
    ValidateNested({ each: true }),
    ArrayMaxSize(max),
    ...(min === undefined ? [] : [ArrayMinSize(min)]),
    IsArray(),
  );

/** `@Min(min) @Max(max)` */
export const Between = (min: number, max: number) => applyDecorators(Max(max), Min(min));
