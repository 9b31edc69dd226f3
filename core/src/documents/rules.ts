/**
 * Documents with expiry (issue #19): the pure rules. Days are Asia/Shanghai calendar days `YYYY-MM-DD`;
 * `expiresOn` is the last valid day. Reminders go out 30, 7 and 0 days before it, at 09:00 Beijing.
 */
import { HOUR_MS, formatDay, parseDay, shanghaiMidnight } from '../calendar/days.js';

export const DOCUMENT_KINDS = ['business_licence', 'qualification', 'tax_status', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_KIND_LABEL: Record<DocumentKind, string> = {
  business_licence: '营业执照',
  qualification: '特殊资质/证书',
  tax_status: '纳税状态证明',
  other: '其他证照',
};

/** Days before `expiresOn` on which a reminder goes out, latest first is the last one. */
export const REMINDER_DAYS = [30, 7, 0] as const;
/** The hour (Beijing) at which a day's reminders go out. */
export const REMINDER_HOUR = 9;
/** A current document counts as expiring within this many days (the staff list's default window). */
export const EXPIRING_WITHIN_DAYS = 30;

export type DocumentState = 'valid' | 'expiring' | 'expired' | 'superseded';

export const DOCUMENT_STATE_LABEL: Record<DocumentState, string> = {
  valid: '有效',
  expiring: '即将到期',
  expired: '已过期，请重新上传',
  superseded: '已被新证照替换',
};

/** `day` moved by `n` calendar days. */
export const addDays = (day: string, n: number): string => formatDay(parseDay(day) + n);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => parseDay(to) - parseDay(from);

/** The instant of the reminder `daysBefore` days before `expiresOn`. */
export const reminderAt = (expiresOn: string, daysBefore: number): Date =>
  new Date(shanghaiMidnight(addDays(expiresOn, -daysBefore)).getTime() + REMINDER_HOUR * HOUR_MS);

/**
 * The next reminder after `now`: the first of REMINDER_DAYS whose moment is later. A document uploaded 5 days before
 * its expiry skips the 30- and 7-day ones (its uploader just typed the date). Null when none is left, or the document
 * does not expire.
 */
export function nextReminder(expiresOn: string | null, now: Date): { stage: number; at: Date } | null {
  if (!expiresOn) return null;
  for (const stage of REMINDER_DAYS) {
    const at = reminderAt(expiresOn, stage);
    if (at.getTime() > now.getTime()) return { stage, at };
  }
  return null;
}

/**
 * The reminder to send at `now`: the latest of REMINDER_DAYS whose moment has come. After a long stop only the
 * latest one goes out (a 30-day reminder after the 7-day moment would say the wrong thing). Null when none is due.
 */
export function dueReminder(expiresOn: string | null, now: Date): number | null {
  if (!expiresOn) return null;
  let due: number | null = null;
  for (const stage of REMINDER_DAYS) if (reminderAt(expiresOn, stage).getTime() <= now.getTime()) due = stage;
  return due;
}

/** A document's state on `today`. */
export function documentState(
  d: { status: 'current' | 'superseded'; expiresOn: string | null },
  today: string,
): { state: DocumentState; daysLeft: number | null } {
  const daysLeft = d.expiresOn ? daysBetween(today, d.expiresOn) : null;
  if (d.status === 'superseded') return { state: 'superseded', daysLeft };
  if (daysLeft === null) return { state: 'valid', daysLeft };
  if (daysLeft < 0) return { state: 'expired', daysLeft };
  return { state: daysLeft <= EXPIRING_WITHIN_DAYS ? 'expiring' : 'valid', daysLeft };
}

/** `30 天后到期`, `今日到期`, `已过期 3 天`. */
export function daysLeftLabel(daysLeft: number): string {
  if (daysLeft > 0) return `${daysLeft} 天后到期`;
  if (daysLeft === 0) return '今日到期';
  return `已过期 ${-daysLeft} 天`;
}

/**
 * FT-16(b) on `today`: special certificates (if any) not expired. The current qualification documents decide;
 * with none, the condition holds (FT-16: "if any").
 */
export function certificatesCheck<
  D extends { kind: DocumentKind; status: 'current' | 'superseded'; expiresOn: string | null },
>(docs: D[], today: string): { valid: boolean; expired: D[] } {
  const expired = docs.filter((d) => d.kind === 'qualification' && documentState(d, today).state === 'expired');
  return { valid: expired.length === 0, expired };
}
