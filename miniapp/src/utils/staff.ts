// Pure form checks and decisions of the staff pages (no Taro imports, so they run under node --test).
import { ROUTES } from '@/routes';
import type { Me, SecurityLevel, StaffRectification } from '@/services/types';
import { periodBounds } from './period';
import { beijingToIso } from './time';

export const SECURITY_LEVELS: SecurityLevel[] = ['I', 'II', 'III', 'IV'];

/** Clock skew tolerated for "when did it happen" (the api allows 5 minutes). */
const FUTURE_TOLERANCE_MS = 60_000;

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** FT-12 onboarding rating typed by staff: a number 0..max with at most one decimal. */
export function parseRating(text: string, max: number): Checked<number> {
  const t = text.trim();
  if (!t) return { ok: false, error: '请填写评分' };
  if (!/^\d+(\.\d)?$/.test(t)) return { ok: false, error: `评分须为 0–${max} 的数字，最多一位小数` };
  const value = Number(t);
  if (value > max) return { ok: false, error: `评分不能超过 ${max} 分` };
  return { ok: true, value };
}

/** A required free text (reason, comment, description) of at most `maxLength` characters; '' when fine. */
export function checkText(text: string, name: string, maxLength: number): string {
  const t = text.trim();
  if (!t) return `请填写${name}`;
  if (t.length > maxLength) return `${name}不能超过 ${maxLength} 字`;
  return '';
}

export interface IncidentForm {
  level: SecurityLevel | '';
  description: string;
  /** Beijing date YYYY-MM-DD and time HH:mm */
  date: string;
  time: string;
}

export type IncidentErrors = Partial<Record<'level' | 'description' | 'occurredAt', string>>;

/** FT-12 security incident: a level, a description, and a time inside the half-year and not in the future. */
export function checkIncident(
  form: IncidentForm,
  period: string,
  nowMs: number,
): { errors: IncidentErrors; occurredAt: string | null } {
  const errors: IncidentErrors = {};
  if (!form.level) errors.level = '请选择事件等级';
  const description = checkText(form.description, '事件描述', 2000);
  if (description) errors.description = description;
  const occurredAt = beijingToIso(form.date, form.time);
  if (!occurredAt) errors.occurredAt = '发生时间格式不正确';
  else {
    const t = Date.parse(occurredAt);
    const { startMs, endMs } = periodBounds(period);
    if (t < startMs || t >= endMs) errors.occurredAt = '发生时间须在本考核期内';
    else if (t > nowMs + FUTURE_TOLERANCE_MS) errors.occurredAt = '发生时间不能晚于当前时间';
  }
  return { errors, occurredAt: Object.keys(errors).length ? null : occurredAt };
}

/**
 * FT-14 what staff may decide on a case: pass needs a submitted plan; fail is allowed on a submission,
 * or without one once the deadline has passed; a decided case takes nothing.
 */
export function rectificationChoices(c: StaffRectification, nowMs: number): { pass: boolean; fail: boolean } {
  if (c.status === 'passed' || c.status === 'failed') return { pass: false, fail: false };
  const submitted = c.status === 'submitted' || Boolean(c.submissions?.length);
  return { pass: submitted, fail: submitted || nowMs > Date.parse(c.deadline) };
}

/** A signed-in user's landing page: an applicant's own applications, everyone else the complaint list. */
export function homeOf(me: Pick<Me, 'role'>): string {
  return me.role === 'applicant' ? ROUTES.intake.my : ROUTES.complaints;
}

/** Where a user who may not see staff pages is sent ('' for staff and admins). */
export function staffRedirect(me: Pick<Me, 'role'> | null): string {
  if (!me) return ROUTES.login;
  return ['staff', 'admin', 'reviewer', 'committee'].includes(me.role) ? '' : homeOf(me);
}
