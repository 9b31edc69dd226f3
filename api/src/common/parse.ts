import { YEAR_MAX, YEAR_MIN, isInstantInRange, parseStrictInt, parseStrictNumber } from '@huoban/core';
import { fieldError } from './validation.js';

const bad = (name: string, message: string) => fieldError({ [name]: [message] });

const ISO = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an instant: ISO 8601, normally with an offset. Without an offset it is read as Beijing time
 * (a bare date as its midnight). An unencoded `+` in a query string arrives as a space and is restored.
 */
export function parseInstant(name: string, raw: string | undefined): Date {
  if (raw === undefined || raw.trim() === '')
    throw bad(name, '不能为空（ISO 8601 时间，例如 2026-11-23T22:00:00+08:00）');
  const v = raw.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
  const m = ISO.exec(v);
  const normalised = m ? `${m[1]}${m[2] ?? 'T00:00'}${m[3] ?? '+08:00'}` : '';
  const d = new Date(normalised);
  if (!m || Number.isNaN(d.getTime()) || !sameFields(normalised, d))
    throw bad(name, '须为带时区的 ISO 8601 时间，例如 2026-11-23T22:00:00+08:00');
  if (!isInstantInRange(d)) throw bad(name, `须在 ${YEAR_MIN}–${YEAR_MAX} 年之间`);
  return d;
}

/** An instant that may not lie before `from` (ordered pairs: `clearedAt` ≥ `appliedAt`). */
export function parseInstantAfter(name: string, raw: string, from: Date): Date {
  const d = parseInstant(name, raw);
  if (d < from) throw bad(name, `不能早于 ${from.toISOString()}`);
  return d;
}

/** Rejects fields JavaScript silently rolls over (2026-02-30 → 2026-03-02, 24:30). */
function sameFields(v: string, d: Date): boolean {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(v);
  const offsetMin = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const local = new Date(d.getTime() + offsetMin * 60_000).toISOString();
  return local.slice(0, 16) === v.slice(0, 16);
}

/**
 * A number from a query or path parameter, parsed strictly (decimal digits only: `0x10`, `1e1`, ` 12` are
 * refused; core/src/validation) and bounded.
 */
export function parseNumber(
  name: string,
  v: string | undefined,
  opts: { min: number; max: number; integer?: boolean },
): number {
  if (v === undefined || v === '') throw bad(name, '不能为空');
  const n = opts.integer ? parseStrictInt(v) : parseStrictNumber(v);
  if (n === null || n < opts.min || n > opts.max)
    throw bad(name, `须为 ${opts.min}–${opts.max} 之间的${opts.integer ? '整数' : '数字'}`);
  return n;
}
