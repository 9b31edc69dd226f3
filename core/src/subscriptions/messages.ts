import { subtractWorkingTime, type WorkCalendar } from '../calendar/index.js';
import type { ComplaintRecord } from '../db/types.js';
import { maskPersonalData } from '../validation/privacy.js';
import type { SubscriptionNotice } from './outbox.js';
import { characterString, dateField, numberField, phrase, thing, timeField } from './rules.js';

/**
 * The partner and applicant messages, one builder per kind, each under a deterministic key (one message per
 * notice per recipient). Field layouts — choose templates in the WeChat console with these keys:
 * application-result thing1 company, phrase2 outcome, thing3 note · complaint-registered character_string1 number,
 * thing2 summary, time3 reply due, thing4 note · complaint-due-soon character_string1, time2 due, thing3 note ·
 * complaint-breach character_string1, time2 due, thing3 note · score-closed thing1 period, number2 score,
 * thing3 note · exit-step thing1 matter, phrase2 status, thing3 note · document-expiring thing1 document,
 * date2 expires on, thing3 note.
 */

/** Working time before due at which the partner is reminded (WT-3 complaint clock). */
export const DUE_SOON_MS = 2 * 3_600_000;

const COMPLAINT_PAGE = (id: string) => `packages/complaint/pages/detail/index?id=${id}`;
type Complaint = Pick<ComplaintRecord, 'id' | 'no' | 'partnerId' | 'summary' | 'dueAt' | 'slaHours' | 'kind'>;

/** FT-12/WT-4: a complaint registered against the partner, with its reply deadline. */
export const complaintRegisteredMessage = (c: Complaint): SubscriptionNotice => ({
  key: `complaint-${c.id}-registered`,
  kind: 'complaint-registered',
  to: { partnerId: c.partnerId },
  data: {
    character_string1: { value: characterString(c.no) },
    thing2: { value: thing(maskPersonalData(c.summary)) }, // customers' phone and ID numbers never leave masked
    time3: { value: timeField(c.dueAt) },
    thing4: { value: thing(`请在${c.slaHours}个工作小时内有效回复`) },
  },
  text: `投诉 ${c.no} 已登记，请于 ${timeField(c.dueAt)} 前有效回复：${maskPersonalData(c.summary)}`,
  page: COMPLAINT_PAGE(c.id),
});

/**
 * WT-4: two working hours before the deadline (a reminder stored now, sent then), only while the complaint is still
 * open at that deadline; none when that instant has passed already.
 */
export function complaintDueSoonMessage(
  c: Complaint & Pick<ComplaintRecord, 'window'>,
  cal: WorkCalendar,
  now: Date,
): SubscriptionNotice | null {
  const sendAt = subtractWorkingTime(c.dueAt, DUE_SOON_MS, c.window, cal);
  if (sendAt.getTime() <= now.getTime()) return null;
  return {
    key: `complaint-${c.id}-due-soon-${c.dueAt.getTime()}`,
    kind: 'complaint-due-soon',
    to: { partnerId: c.partnerId },
    data: {
      character_string1: { value: characterString(c.no) },
      time2: { value: timeField(c.dueAt) },
      thing3: { value: thing('剩余2个工作小时，请尽快有效回复') },
    },
    text: `投诉 ${c.no} 将于 ${timeField(c.dueAt)} 到期，剩余2个工作小时，请尽快有效回复`,
    page: COMPLAINT_PAGE(c.id),
    sendAt,
    guard: { complaintId: c.id, dueAt: c.dueAt.toISOString() },
  };
}

/** FT-12: the deadline passed without an effective reply. */
export const complaintBreachMessage = (c: Complaint): SubscriptionNotice => ({
  key: `complaint-${c.id}-breach`,
  kind: 'complaint-breach',
  to: { partnerId: c.partnerId },
  data: {
    character_string1: { value: characterString(c.no) },
    time2: { value: timeField(c.dueAt) },
    thing3: { value: thing(c.kind === 'ordinary' ? '已超时未有效回复，考核扣0.5分' : '已超时未有效回复') },
  },
  text: `投诉 ${c.no} 已超过截止时间 ${timeField(c.dueAt)} 未获有效回复`,
  page: COMPLAINT_PAGE(c.id),
});

/** FT-12/FT-14 a half-year closed, MG-13 a month closed: the score. */
export const scoreClosedMessage = (s: {
  key: string;
  partnerId: string;
  period: string;
  score: number;
  note: string;
}): SubscriptionNotice => ({
  key: s.key,
  kind: 'score-closed',
  to: { partnerId: s.partnerId },
  data: {
    thing1: { value: thing(s.period) },
    number2: { value: numberField(s.score) },
    thing3: { value: thing(s.note) },
  },
  text: `${s.period}：${s.score} 分。${s.note}`,
  page: 'pages/score/index',
});

/** FT-18: each step of the partner's exit case. */
export const exitStepMessage = (c: {
  id: string;
  partnerId: string;
  status: string;
  statusLabel: string;
  note: string;
}): SubscriptionNotice => ({
  key: `exit-${c.id}-${c.status}`,
  kind: 'exit-step',
  to: { partnerId: c.partnerId },
  data: {
    thing1: { value: '退出合作申请' },
    phrase2: { value: phrase(c.statusLabel) },
    thing3: { value: thing(c.note) },
  },
  text: `退出合作申请：${c.statusLabel}。${c.note}`,
  page: 'packages/exit/pages/apply/index',
});

/** FT-9: an application's result (or its delay), to the applicant's openid. */
export const applicationResultMessage = (a: {
  key: string;
  applicationId: string;
  openId: string;
  company: string;
  outcome: string;
  note: string;
}): SubscriptionNotice => ({
  key: a.key,
  kind: 'application-result',
  to: { openId: a.openId, applicationId: a.applicationId },
  data: {
    thing1: { value: thing(a.company) },
    phrase2: { value: phrase(a.outcome) || '已更新' },
    thing3: { value: thing(a.note) },
  },
  text: a.note,
  page: 'packages/intake/pages/my/index',
});

/**
 * FT-16(b), for the documents feature: a partner's document expiring on `expiresOn` (`YYYY-MM-DD`), one message per
 * document and reminder (`reminder`: e.g. `30d`, `7d`, `0d`).
 */
export const documentExpiringMessage = (d: {
  documentId: string;
  partnerId: string;
  name: string;
  expiresOn: string;
  reminder: string;
  note?: string;
}): SubscriptionNotice => ({
  key: `document-${d.documentId}-expiring-${d.reminder}`,
  kind: 'document-expiring',
  to: { partnerId: d.partnerId },
  data: {
    thing1: { value: thing(d.name) },
    date2: { value: dateField(d.expiresOn) },
    thing3: { value: thing(d.note ?? '请及时上传新证照') },
  },
  text: `${d.name} 将于 ${dateField(d.expiresOn)} 到期。${d.note ?? '请及时上传新证照'}`,
  page: 'packages/intake/pages/profile/index',
});
