// Pure helpers of the intake pages (no Taro imports, so they run under node --test).
import {
  APPLICATION_STATUS_LABEL,
  intakeHistoryAction,
  LETTER_STATUS_LABEL,
  RECRUITMENT_STATUS_LABEL,
} from '@huoban/core/labels';
import { formatBeijing } from './time';

export const CRITERIA = [
  {
    id: 'c1',
    text: '依法注册成立一年以上并有效存续；三年内未因风险原因被我司取消合作；不在严重违法失信企业名单，法定代表人不在失信被执行人名单；不属于不良信用名单企业',
  },
  { id: 'c2', text: '具备一般纳税人资质，可开具增值税专用发票；法定代表人、股东、实际控制人信用良好' },
  { id: 'c3', text: '配备专属人员队伍拓展业务市场' },
  { id: 'c4', text: '具备客服能力' },
] as const;

/** Status names: core's one table (`@huoban/core/labels`), by the statuses the api documents as enums. */
export const APPLICATION_STATUS: Record<string, string> = APPLICATION_STATUS_LABEL;
export const LETTER_STATUS: Record<string, string> = LETTER_STATUS_LABEL;
export const RECRUITMENT_STATUS: Record<string, string> = RECRUITMENT_STATUS_LABEL;

/** The next step's due instant of an application (what the applicant and staff see), or null. */
export function nextDue(a: {
  status: string;
  preReviewDueAt: string | null;
  evaluationDueAt: string | null;
  decisionDueAt: string | null;
}): { label: string; at: string } | null {
  if (a.status === 'submitted' && a.preReviewDueAt) return { label: '预审截止', at: a.preReviewDueAt };
  if ((a.status === 'pre_review_passed' || a.status === 'evaluation') && a.evaluationDueAt)
    return { label: '评估截止', at: a.evaluationDueAt };
  if (a.status === 'evaluated' && a.decisionDueAt) return { label: '结果确认截止', at: a.decisionDueAt };
  return null;
}

export const deadlineText = (r: { mode: string; applicationDeadline: string | null }) =>
  r.mode === 'monthly' ? '每月周期性受理（每月15日审查）' : `报名截止：${formatBeijing(r.applicationDeadline)}`;

/** GB 32100-2015 check of a 统一社会信用代码 (the api checks again); '' when fine. */
export function creditCodeError(raw: string): string {
  const code = raw.trim().toUpperCase();
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  if (!/^[0-9A-HJ-NP-RTUW-Y]{18}$/.test(code)) return '统一社会信用代码应为18位数字或大写字母';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += chars.indexOf(code[i]) * weights[i];
  const r = 31 - (sum % 31);
  return chars[r === 31 ? 0 : r] === code[17] ? '' : '统一社会信用代码校验位错误';
}

/** The code of a `/verify/<code>` link or a bare code. */
export function letterCodeFrom(text: string): string {
  const m = /verify\/([A-Za-z0-9_-]+)/.exec(text);
  return m ? m[1] : text.trim();
}

/** A comma list typed in one field (products, rooms, attendees): the trimmed non-empty items. */
export function splitList(text: string, separators: RegExp = /[,，、]/): string[] {
  return text
    .split(separators)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** When an application's 公示 ran (from the public 公示 board, by its decision's meeting). */
export interface PublicityWindow {
  publishedAt: string;
  endsAt: string;
}

/**
 * The application's status as its reader should see it now: an approved application reads 公示中 while its 公示
 * runs and 公示结束 after (the status itself stays `approved` until signing).
 */
export function applicationStatusText(
  status: string,
  publicity: PublicityWindow | null | undefined,
  nowMs: number,
): string {
  if (status !== 'approved') return APPLICATION_STATUS[status] ?? '处理中';
  if (!publicity) return '拟引入（待公示）';
  return nowMs <= Date.parse(publicity.endsAt) ? '拟引入（公示中）' : '拟引入（公示结束，待签约）';
}

/** A signed application's partner code (its `signed` history note "伙伴编码 X"), '' when not signed. */
export function signedPartnerCode(a: { status: string; history: { action: string; note?: string }[] }): string {
  if (a.status !== 'signed') return '';
  const note = [...a.history].reverse().find((h) => h.action === 'signed')?.note ?? '';
  return /伙伴编码\s*(\S+)/.exec(note)?.[1] ?? '';
}

/** One line of an application's history: when, who, what (core's Chinese name of the action, never its code), note. */
export function historyLine(h: { at: string; by: string; action: string; note?: string }): string {
  return `${formatBeijing(h.at)} ${h.by} ${intakeHistoryAction(h.action)}${h.note ? `：${h.note}` : ''}`;
}

/**
 * Which companies an objection concerns, from the meetings' decisions: the one it names, else every company of
 * its 公示 (#18: the 公示异议 list did not name the company). '' when the meeting is not known.
 */
export function objectionSubject(
  o: { applicationId: string | null; meetingId: string },
  meetings: { id: string; decisions: { applicationId: string; companyName: string; result: string }[] }[],
): string {
  const m = meetings.find((x) => x.id === o.meetingId);
  if (!m) return '';
  if (o.applicationId) return m.decisions.find((d) => d.applicationId === o.applicationId)?.companyName ?? '';
  return m.decisions
    .filter((d) => d.result === 'approved')
    .map((d) => d.companyName)
    .join('、');
}

/** FT-8: a staff user's registered affiliation (a match with an applicant is a hard conflict of interest). */
export interface Affiliation {
  companyName?: string;
  creditCode?: string;
  phone?: string;
}

/** The affiliation to send: trimmed, empty fields left out. */
export function affiliationOf(a: Affiliation): Affiliation {
  const out: Affiliation = {};
  for (const k of ['companyName', 'creditCode', 'phone'] as const) if (a[k]?.trim()) out[k] = a[k]!.trim();
  return out;
}

/** FT-8: fewer than 3 members or teams (a declared conflict left the panel short; staff complete it). */
export const panelShort = (members: { team: string }[]): boolean =>
  members.length < 3 || new Set(members.map((m) => m.team)).size < 3;

/** The evaluation queue of one staff member: the applications whose panel has them and still waits for their vote. */
export function myEvaluations<
  T extends { status: string; panel: { members: { userId: string }[]; votes: { userId: string }[] } | null },
>(items: T[], userId: string): T[] {
  return items.filter(
    (a) =>
      a.status === 'evaluation' &&
      a.panel?.members.some((m) => m.userId === userId) &&
      !a.panel.votes.some((v) => v.userId === userId),
  );
}

/** A letter's validity as the partner reads it: Beijing days, first to last. */
export const letterValidity = (l: { validFrom: string; validTo: string }) =>
  `${formatBeijing(l.validFrom).slice(0, 10)} 至 ${formatBeijing(l.validTo).slice(0, 10)}`;

/** The partner profile's summary rows (code, programme, contract term, products); a missing contract reads 未登记. */
export function profileRows(p: {
  code: string;
  programme: { name: string };
  contract: { termStart: string; endsAt: string; products: string[] } | null;
}): [string, string][] {
  return [
    ['伙伴编号', p.code],
    ['所属计划', p.programme.name || '—'],
    ['合同期限', p.contract ? `${p.contract.termStart} 至 ${p.contract.endsAt}` : '未登记'],
    ['合作产品', p.contract?.products.length ? p.contract.products.join('、') : '未登记'],
  ];
}
