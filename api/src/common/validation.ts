/**
 * The api's input checks, in one place: class-validator decorators for DTO fields and pipes for path/query
 * parameters. Every one delegates to core/src/validation (bounds, strict parsing, text normalisation), so the
 * edge and the rule behind it share one source.
 */
import { Injectable, applyDecorators, type PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsOptional,
  MaxLength,
  ValidateBy,
  getMetadataStorage,
  type ValidationArguments,
  type ValidationError,
  type ValidationOptions,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';
import {
  DomainError,
  YEAR_MAX,
  YEAR_MIN,
  isDayInRange,
  isMonthInRange,
  isPeriodInRange,
  isQuarterInRange,
  normaliseText,
} from '@huoban/core';

const range = `${YEAR_MIN}–${YEAR_MAX}`;

type Message = (constraints: unknown[], value: unknown) => string;

/**
 * One input policy's messages: Chinese, by constraint, never naming the field (a 400 names it as the key of its
 * `fields`; the message reads after the field's label, e.g. 「金额」+「须为数字」). A DTO may give its own message; it
 * follows the same rule (api/src/common/validation-messages.test.ts walks every DTO's messages).
 */
export const MESSAGES: Record<string, Message> = {
  isDefined: () => '不能为空',
  isNotEmpty: () => '不能为空',
  arrayNotEmpty: () => '不能为空',
  isString: () => '须为文本',
  isBoolean: () => '须为“是”或“否”',
  isInt: () => '须为整数',
  isNumber: () => '须为数字',
  isObject: () => '须为对象',
  isArray: () => '须为列表',
  isMongoId: () => '编号格式不正确',
  isIn: () => '不是可选的值',
  isEnum: () => '不是可选的值',
  matches: () => '格式不正确',
  min: (c) => `不能小于 ${c[0]}`,
  max: (c) => `不能大于 ${c[0]}`,
  minLength: (c) => `不能少于 ${c[0]} 个字符`,
  maxLength: (c) => `不能超过 ${c[0]} 个字符`,
  arrayMinSize: (c) => `至少 ${c[0]} 项`,
  arrayMaxSize: (c) => `最多 ${c[0]} 项`,
  nestedValidation: () => '格式不正确',
  whitelistValidation: () => '是不接受的字段',
  isMonth: () => `须为 ${range} 年间的月份（YYYY-MM）`,
  isPeriod: () => `须为 ${range} 年间的半年度（如 2026H2）`,
  isQuarter: () => `须为 ${range} 年间的季度（如 2026Q1）`,
  isDay: () => `须为 ${range} 年间的真实日期（YYYY-MM-DD）`,
  isText: (_c, value) => {
    const r = normaliseText(value);
    if (r.ok || r.problem === 'not_text') return '须为文本';
    return r.problem === 'blank' ? '不能为空（不能只含空格或不可见字符）' : '不能包含控制字符或文字方向控制字符';
  },
};

/** The constraint name of a validation (`isInt`, `maxLength`, a custom validator's name, `nestedValidation`). */
export function constraintName(m: ValidationMetadata): string {
  if (m.type !== 'customValidation') return m.type;
  return getMetadataStorage().getTargetValidatorConstraints(m.constraintCls)[0]?.name ?? m.type;
}

/** The message a validation answers with: its DTO's own (a string or a function) or the policy's by constraint. */
export function validationMessage(m: ValidationMetadata, value: unknown): string {
  const args: ValidationArguments = {
    value,
    constraints: m.constraints ?? [],
    targetName: m.target instanceof Function ? m.target.name : String(m.target),
    object: {},
    property: m.propertyName,
  };
  // ValidateNested writes class-validator's English default in as its message: the policy's applies
  if (m.type === 'nestedValidation') return MESSAGES.nestedValidation(args.constraints, value);
  if (typeof m.message === 'string') return m.message;
  if (typeof m.message === 'function') return m.message(args);
  return (MESSAGES[constraintName(m)] ?? MESSAGES.matches)(args.constraints, value);
}

/**
 * A failed validation as `{field path: Chinese messages}` (`company.contacts.0.phone`); the 400 answers it as
 * `fields`, and the messages alone as `message`.
 */
export function fieldMessages(errors: ValidationError[], parent = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const metas = e.target
      ? getMetadataStorage()
          .getTargetValidationMetadatas(e.target.constructor, '', true, false)
          .filter((m) => m.propertyName === e.property)
      : [];
    for (const name of Object.keys(e.constraints ?? {})) {
      const m = metas.find((x) => constraintName(x) === name);
      (out[path] ??= []).push(m ? validationMessage(m, e.value) : (MESSAGES[name] ?? MESSAGES.matches)([], e.value));
    }
    Object.assign(out, fieldMessages(e.children ?? [], path));
  }
  return out;
}

/** `YYYY-MM` of a year in YEAR_MIN..YEAR_MAX. */
export const IsMonth = (opts?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isMonth',
      validator: {
        validate: isMonthInRange,
        defaultMessage: (a) => MESSAGES.isMonth(a?.constraints ?? [], a?.value),
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
        defaultMessage: (a) => MESSAGES.isPeriod(a?.constraints ?? [], a?.value),
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
        defaultMessage: (a) => MESSAGES.isQuarter(a?.constraints ?? [], a?.value),
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
        defaultMessage: (a) => MESSAGES.isDay(a?.constraints ?? [], a?.value),
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
          defaultMessage: (a) => MESSAGES.isText([], a?.value),
        },
      },
      { each: opts.each },
    ),
    MaxLength(max, { each: opts.each }),
  );
}

/** A 400 of field messages: `message` lists them, `fields` keys them by field path. */
export const fieldError = (fields: Record<string, string[]>) =>
  DomainError.invalidList(Object.values(fields).flat(), fields);

const bad = (field: string, message: string) => fieldError({ [field]: [message] });

/** Path parameter pipes (`month`, `period`, `quarter`, `date`): a bad value is a 400 naming the parameter. */
@Injectable()
export class MonthPipe implements PipeTransform<string, string> {
  transform(v: string): string {
    if (!isMonthInRange(v)) throw bad('month', MESSAGES.isMonth([], v));
    return v;
  }
}

@Injectable()
export class PeriodPipe implements PipeTransform<string, string> {
  transform(v: string): string {
    if (!isPeriodInRange(v)) throw bad('period', MESSAGES.isPeriod([], v));
    return v;
  }
}

@Injectable()
export class QuarterPipe implements PipeTransform<string, string> {
  transform(v: string): string {
    if (!isQuarterInRange(v)) throw bad('quarter', MESSAGES.isQuarter([], v));
    return v;
  }
}

@Injectable()
export class DayPipe implements PipeTransform<string, string> {
  transform(v: string | undefined): string {
    if (!isDayInRange(v)) throw bad('date', MESSAGES.isDay([], v));
    return v;
  }
}
