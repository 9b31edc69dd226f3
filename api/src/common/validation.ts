/**
 * The api's input checks, in one place: class-validator decorators for DTO fields and pipes for path/query
 * parameters. Every one delegates to core/src/validation (bounds, strict parsing, text normalisation), so the
 * edge and the rule behind it share one source.
 */
import { BadRequestException, Injectable, applyDecorators, type PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';
import {
  YEAR_MAX,
  YEAR_MIN,
  isDayInRange,
  isMonthInRange,
  isPeriodInRange,
  isQuarterInRange,
  normaliseText,
  textProblemMessage,
} from '@huoban/core';

const range = `${YEAR_MIN}–${YEAR_MAX}`;

/** `YYYY-MM` of a year in YEAR_MIN..YEAR_MAX. */
export const IsMonth = (opts?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isMonth',
      validator: {
        validate: isMonthInRange,
        defaultMessage: (a) => `${a?.property} must be a month YYYY-MM within ${range}`,
      },
    },
    opts,
  );

/** `YYYYH1`/`YYYYH2` of a year in range. */
export const IsPeriod = (opts?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isPeriod',
      validator: {
        validate: isPeriodInRange,
        defaultMessage: (a) => `${a?.property} must be a half-year like 2026H2 within ${range}`,
      },
    },
    opts,
  );

/** `YYYYQn` of a year in range. */
export const IsQuarter = (opts?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isQuarter',
      validator: {
        validate: isQuarterInRange,
        defaultMessage: (a) => `${a?.property} must be a quarter like 2026Q1 within ${range}`,
      },
    },
    opts,
  );

/** A real calendar date `YYYY-MM-DD` of a year in range. */
export const IsDay = (opts?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isDay',
      validator: {
        validate: isDayInRange,
        defaultMessage: (a) => `${a?.property} must be a real date YYYY-MM-DD within ${range}`,
      },
    },
    opts,
  );

/**
 * Free text typed by a person: trimmed (also of zero-width characters), refused when blank or invisible-only, or
 * holding control characters; at most `max` characters after trimming. With `each` it applies to every item.
 */
export function IsText(
  max: number,
  opts: { each?: boolean; optional?: boolean; example?: string; description?: string } = {},
) {
  const clean = (v: unknown) => {
    const r = normaliseText(v);
    return r.ok ? r.value : v;
  };
  const doc = {
    ...(opts.example && { example: opts.example }),
    ...(opts.description && { description: opts.description }),
    maxLength: max,
  };
  return applyDecorators(
    ...(opts.optional
      ? [IsOptional(), ApiPropertyOptional(doc)]
      : [ApiProperty(opts.each ? { ...doc, type: [String] } : doc)]),
    Transform(({ value }) => (opts.each && Array.isArray(value) ? value.map(clean) : clean(value))),
    ValidateBy(
      {
        name: 'isText',
        validator: {
          validate: (v) => normaliseText(v).ok,
          defaultMessage: (a) => {
            const r = normaliseText(a?.value);
            return textProblemMessage(a?.property ?? 'text', r.ok ? 'not_text' : r.problem);
          },
        },
      },
      { each: opts.each },
    ),
    MaxLength(max, { each: opts.each }),
  );
}

const bad = (message: string) => new BadRequestException([message]);

/** Path parameter pipes (`month`, `period`, `quarter`, `date`): a bad value is a 400 naming the parameter. */
@Injectable()
export class MonthPipe implements PipeTransform<string, string> {
  transform(v: string): string {
    if (!isMonthInRange(v)) throw bad(`month must be a month YYYY-MM within ${range}`);
    return v;
  }
}

@Injectable()
export class PeriodPipe implements PipeTransform<string, string> {
  transform(v: string): string {
    if (!isPeriodInRange(v)) throw bad(`period must be a half-year like 2026H2 within ${range}`);
    return v;
  }
}

@Injectable()
export class QuarterPipe implements PipeTransform<string, string> {
  transform(v: string): string {
    if (!isQuarterInRange(v)) throw bad(`quarter must be a quarter like 2026Q1 within ${range}`);
    return v;
  }
}

@Injectable()
export class DayPipe implements PipeTransform<string, string> {
  transform(v: string | undefined): string {
    if (!isDayInRange(v)) throw bad(`date must be a real date YYYY-MM-DD within ${range}`);
    return v;
  }
}
