import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, Max, Min, ValidateNested } from 'class-validator';

// Field checks the intake bodies share. Each applies its decorators in the order the written decorators they
// stand for apply them (bottom-up), so the 400's messages keep their order.

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
