/**
 * Intake rules (seed 000 chapter 1, Annex 1, Annex 2): pure functions, no I/O.
 *
 * FT-2   Annex 1 qualification criteria, each yes/no, all must be yes (INTAKE_CRITERIA).
 * FT-2.1 automatic checks at submission: registered > 1 year, no risk cancellation by us within 3 years,
 *        not on our bad-credit list (MG-11), not on 严重违法失信企业名单, legal rep not on 失信被执行人.
 * FT-3   intake modes: `batch` (one-off, deadline) or `monthly` (rolling, reviewed on the 15th).
 * FT-4   quota: when passes exceed the quota, staff rank the candidates and the best are chosen (择优).
 * FT-5   flow: recruitment → pre-review → evaluation → result confirmation → signing.
 * FT-6   a published recruitment is public; everyone qualified may apply.
 * FT-7   pre-review due: end of the 3rd working day after the review day (batch: the deadline day; monthly:
 *        the 15th rolled to a working day, for what was submitted before the 15th, Beijing date).
 * FT-8   evaluation panel: ≥ 3 members from ≥ 3 teams, none of them the pre-reviewer; due at the end of the
 *        3rd working day after the day the pre-review passed; the quorum rule decides (default: all pass).
 *        Each member declares no conflict of interest before voting; a declared conflict removes the member and
 *        staff complete the panel again; a hard conflict (affiliation = the applicant) refuses "no conflict".
 * FT-9   result confirmation by the end of the month in which the evaluation is due; 公示 3 days
 *        (default: 3 calendar days after the publication day, admin-editable unit); late → formal notice.
 * FT-10  signing: a contract from the standard template, no amount.
 * FT-11  authorization letter: status derived from revocation, the partner's status and validity.
 * WT-2   "within N working days": the event's own day not counted, end (23:59:59.999) of the N-th working day.
 * WT-5   a date on a non-working day rolls to the next working day.
 */
import { searchKey } from '../db/paging.js';
import {
  isValidDateString,
  rollToWorkday,
  shanghaiDate,
  shanghaiMidnight,
  workingDayDeadline,
  type WorkCalendar,
} from '../calendar/index.js';

export type IntakeMode = 'batch' | 'monthly';

/** FT-2 / Annex 1 (附件1 行业拓展服务商引入资质要求). */
export const INTAKE_CRITERIA = [
  {
    id: 'c1',
    group: '企业资质要求',
    text: '依法注册成立一年以上并有效存续；三年之内未曾因风险原因被我司取消合作；不属于严重违法失信企业名单，法定代表人或负责人不在失信被执行人名单；不属于中国移动体系内不良信用名单企业',
  },
  {
    id: 'c2',
    group: '企业资质要求',
    text: '具备一般纳税人资质，可提供增值税专用发票；法定代表人、股东、实际控制人等信用良好，无不良记录',
  },
  { id: 'c3', group: '运营能力要求', text: '配备专属人员队伍拓展业务市场' },
  { id: 'c4', group: '运营能力要求', text: '具备客服能力' },
] as const;
export type CriterionId = (typeof INTAKE_CRITERIA)[number]['id'];
export const CRITERION_IDS: readonly string[] = INTAKE_CRITERIA.map((c) => c.id);

/** FT-1: products an authorization letter may name (the programme may edit the list). */
export const DEFAULT_INTAKE_PRODUCTS = ['和包食堂', '融合支付解决方案', '预付卡', '积分', '商旅'];

/** FT-1: the products of a recruitment, contract or letter that are not on the programme's list. */
export function unknownProducts(products: readonly string[] | undefined, list: readonly string[]): string[] {
  return (products ?? []).filter((p) => !list.includes(p));
}

/** FT-1/FT-11: the system capabilities a partner may use for each catalogue product (named on the letter). */
export const PRODUCT_CAPABILITIES: Readonly<Record<string, readonly string[]>> = {
  和包食堂: ['食堂商户进件', '订餐与消费管理'],
  融合支付解决方案: ['聚合收单', '商户进件'],
  预付卡: ['预付卡发行与核销'],
  积分: ['积分发放与兑换'],
  商旅: ['商旅预订与结算'],
};

/** FT-11: the letter's capabilities from its products, in order, once each; a product added to the list later
 * names its own system (“X业务系统”). */
export function letterCapabilities(products: readonly string[]): string[] {
  return [...new Set(products.flatMap((p) => PRODUCT_CAPABILITIES[p] ?? [`${p}业务系统`]))];
}

// ------------------------------------------------------------------ timeline (FT-7, FT-8, FT-9, WT-2, WT-5)

export type TimelineInput =
  | { mode: 'batch'; closesOn: string; preReviewPassedAt?: Date | null }
  | { mode: 'monthly'; submittedAt: Date; preReviewPassedAt?: Date | null };

export interface IntakeTimeline {
  reviewOn: string;
  preReviewDueAt: Date;
  evaluationDueAt: Date | null;
  decisionDueAt: Date | null;
  /** some day consulted lies in a year without official calendar data (WT-1) */
  provisional: boolean;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The end (23:59:59.999 Beijing) of the last calendar day of the month holding `day` (YYYY-MM-DD). */
export function endOfMonth(day: string): Date {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${pad2(m + 1)}-01`;
  return new Date(shanghaiMidnight(next).getTime() - 1);
}

/** FT-7 monthly: the review day of an application submitted at `submittedAt` (before the 15th → this month). */
export function monthlyReviewDay(submittedAt: Date, cal: WorkCalendar): { date: string; provisional: boolean } {
  const d = shanghaiDate(submittedAt);
  let y = Number(d.slice(0, 4));
  let m = Number(d.slice(5, 7));
  if (Number(d.slice(8, 10)) >= 15) {
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
  return rollToWorkday(`${y}-${pad2(m)}-15`, cal);
}

/**
 * The latest instants the rules allow for one application (the contract of `GET /calendar/intake-timeline`,
 * and the due dates the workflow stores).
 */
export function intakeTimeline(input: TimelineInput, cal: WorkCalendar): IntakeTimeline {
  let reviewOn: string;
  let provisional = false;
  if (input.mode === 'batch') {
    if (!isValidDateString(input.closesOn)) throw new RangeError('closesOn must be a date YYYY-MM-DD');
    reviewOn = input.closesOn;
  } else {
    const r = monthlyReviewDay(input.submittedAt, cal);
    reviewOn = r.date;
    provisional ||= r.provisional;
  }
  const pre = workingDayDeadline(shanghaiMidnight(reviewOn), 3, cal);
  provisional ||= pre.provisional;
  let evaluationDueAt: Date | null = null;
  let decisionDueAt: Date | null = null;
  if (input.preReviewPassedAt) {
    const ev = workingDayDeadline(input.preReviewPassedAt, 3, cal);
    provisional ||= ev.provisional;
    evaluationDueAt = ev.dueAt;
    decisionDueAt = endOfMonth(shanghaiDate(ev.dueAt));
  }
  return { reviewOn, preReviewDueAt: pre.dueAt, evaluationDueAt, decisionDueAt, provisional };
}

// ------------------------------------------------------------------ 统一社会信用代码 (GB 32100-2015)

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** position 1: registration authority; position 2: category within it (GB 32100-2015 table 1). */
const AUTHORITY_CATEGORIES: Record<string, string> = {
  '1': '1239',
  '5': '1239',
  '9': '123',
  Y: '1',
  '2': '19',
  '3': '1234589',
  '4': '1',
  '6': '12',
  '7': '12',
  '8': '19',
  A: '19',
  N: '1239',
};

/** The check character (position 18) of the first 17 characters, or null when a character is not allowed. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CODE_CHARS.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * CODE_WEIGHTS[i];
  }
  const r = 31 - (sum % 31);
  return CODE_CHARS[r === 31 ? 0 : r];
}

/** Normalises (trim, upper case) and checks a 统一社会信用代码; returns the problem in Chinese, or null. */
export function creditCodeProblem(raw: string): string | null {
  const code = normaliseCreditCode(raw);
  if (!/^[0-9A-HJ-NP-RTUW-Y]{18}$/.test(code)) return '统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）';
  const cats = AUTHORITY_CATEGORIES[code[0]];
  if (!cats || !cats.includes(code[1])) return '统一社会信用代码的登记管理部门或机构类别代码无效';
  if (!/^\d{6}$/.test(code.slice(2, 8))) return '统一社会信用代码的登记管理机关行政区划码应为6位数字';
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return '统一社会信用代码校验位错误';
  return null;
}
export const isValidCreditCode = (raw: string): boolean => creditCodeProblem(raw) === null;
export const normaliseCreditCode = (raw: string): string => raw.normalize('NFKC').trim().toUpperCase();

/** Company names compare after NFKC without whitespace (same key as the MG-11 list). */
export const companyNameKey = searchKey;

// ------------------------------------------------------------------ FT-2.1 automatic checks

export type CheckId =
  | 'registered_over_one_year'
  | 'no_risk_cancellation'
  | 'not_bad_credit'
  | 'not_serious_illegal'
  | 'legal_rep_not_dishonest_debtor';

export interface CheckResult {
  id: CheckId;
  /** every automatic check is a hard check: a failure rejects the application */
  passed: boolean;
  reason: string;
  evidence?: Record<string, unknown>;
}

const addYears = (day: string, years: number): string => {
  const y = Number(day.slice(0, 4)) + years;
  const md = day.slice(5);
  // 29 February → 28 February in a common year
  return md === '02-29' && !isValidDateString(`${y}-02-29`) ? `${y}-02-28` : `${y}-${md}`;
};

/** FT-2.1: registered more than one year before the submission date (Beijing); the anniversary day is not "more". */
export function registeredOverOneYear(registeredOn: string, submittedAt: Date): CheckResult {
  const submittedOn = shanghaiDate(submittedAt);
  const anniversary = addYears(registeredOn, 1);
  const passed = anniversary < submittedOn;
  return {
    id: 'registered_over_one_year',
    passed,
    reason: passed ? `成立于${registeredOn}，已满一年` : `成立于${registeredOn}，提交日${submittedOn}未满一年以上`,
    evidence: { registeredOn, submittedOn },
  };
}

/** FT-2.1: no cancellation by us for risk reasons within the three years before submission. */
export function noRiskCancellation(
  cancellations: { at: Date; reason: string; source?: string }[],
  submittedAt: Date,
): CheckResult {
  const from = shanghaiMidnight(addYears(shanghaiDate(submittedAt), -3)).getTime();
  const hits = cancellations.filter((c) => c.at.getTime() >= from && c.at.getTime() <= submittedAt.getTime());
  return {
    id: 'no_risk_cancellation',
    passed: hits.length === 0,
    reason: hits.length
      ? `三年内曾因风险原因被我司取消合作（${shanghaiDate(hits[0].at)}：${hits[0].reason}）`
      : '三年内无因风险原因被取消合作的记录',
    evidence: { cancellations: hits.map((c) => ({ at: c.at.toISOString(), reason: c.reason, source: c.source })) },
  };
}

export function listCheck(
  id: CheckId,
  listed: boolean,
  label: string,
  evidence?: Record<string, unknown>,
): CheckResult {
  return { id, passed: !listed, reason: listed ? `在${label}中` : `不在${label}中`, evidence };
}

// ------------------------------------------------------------------ FT-7 pre-review, FT-8 panel

export interface CriterionVerdict {
  criterion: string;
  met: boolean;
  comment?: string;
}

/** FT-7: a verdict for every Annex 1 criterion, each once; returns problems (empty = well formed). */
export function verdictProblems(verdicts: CriterionVerdict[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const v of verdicts) {
    if (!CRITERION_IDS.includes(v.criterion)) problems.push(`verdicts: unknown criterion ${v.criterion}`);
    else if (seen.has(v.criterion)) problems.push(`verdicts: criterion ${v.criterion} given twice`);
    seen.add(v.criterion);
  }
  for (const id of CRITERION_IDS) if (!seen.has(id)) problems.push(`verdicts: criterion ${id} needs a verdict`);
  return problems;
}

/** FT-7: pass = every Annex 1 criterion met. */
export const preReviewPassed = (verdicts: CriterionVerdict[]): boolean =>
  verdicts.length >= CRITERION_IDS.length && verdicts.every((v) => v.met);

export interface PanelMember {
  userId: string;
  name: string;
  team: string;
}

/** Applications that reached the committee (FT-9: its decision, publicity and signing). */
const COMMITTEE_STATUSES: readonly string[] = ['evaluated', 'approved', 'declined', 'signing', 'signed'];

/**
 * Issue #15, data scope of the intake reviewers: a reviewer or committee member reads the applications whose FT-8
 * panel it sits or sat on and the ones it pre-reviewed; besides, a reviewer those waiting for a step any reviewer may
 * take (FT-7 pre-review, forming the FT-8 panel) and a committee member those that reached the committee (FT-9).
 * Every other caller is scoped elsewhere (applicants to their own, staff and admins read all).
 */
export function panelMayRead(
  app: {
    status: string;
    preReview: { reviewerId: string } | null;
    panel: { members: { userId: string }[]; removed?: { userId: string }[]; votes: { userId: string }[] } | null;
  },
  c: { role: string; userId: string },
): boolean {
  if (c.role !== 'reviewer' && c.role !== 'committee') return true;
  const on = (xs: { userId: string }[] | undefined) => !!xs?.some((x) => x.userId === c.userId);
  if (
    app.preReview?.reviewerId === c.userId ||
    on(app.panel?.members) ||
    on(app.panel?.removed) ||
    on(app.panel?.votes)
  )
    return true;
  return c.role === 'reviewer'
    ? app.status === 'submitted' || app.status === 'pre_review_passed'
    : COMMITTEE_STATUSES.includes(app.status);
}

/**
 * FT-8: at least 3 members from at least 3 different teams (400), none the pre-reviewer of the application (409).
 */
export function panelProblems(
  members: PanelMember[],
  preReviewerId: string | undefined,
): { code: 'invalid' | 'conflict'; message: string } | null {
  if (new Set(members.map((m) => m.userId)).size !== members.length)
    return { code: 'invalid', message: '评估小组成员不能重复' };
  if (members.length < 3) return { code: 'invalid', message: '评估小组不少于3人（FT-8）' };
  if (members.some((m) => !m.team)) return { code: 'invalid', message: '评估小组成员须属于某一团队' };
  if (new Set(members.map((m) => m.team)).size < 3)
    return { code: 'invalid', message: '评估小组成员须来自至少3个不同团队（FT-8）' };
  if (preReviewerId && members.some((m) => m.userId === preReviewerId))
    return { code: 'conflict', message: '预审人不能参加同一申请的评估（FT-8）' };
  return null;
}

/** A staff user's registered affiliation (FT-8 hard conflicts of interest are found against it). */
export interface Affiliation {
  companyName?: string;
  creditCode?: string;
  phone?: string;
}

const phoneKey = (p: string) => p.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');

/**
 * FT-8 hard conflict of interest: the member's registered affiliation matches the applicant's credit code, company
 * name or a contact phone. The reason in Chinese, or null.
 */
export function hardConflict(
  a: Affiliation | null | undefined,
  app: { creditCode: string; company: { name: string; contacts: { phone: string }[] } },
): string | null {
  if (!a) return null;
  if (a.creditCode?.trim() && a.creditCode.trim().toUpperCase() === app.creditCode.toUpperCase())
    return '登记单位的统一社会信用代码与申请企业一致';
  if (a.companyName?.trim() && companyNameKey(a.companyName) === companyNameKey(app.company.name))
    return '登记单位名称与申请企业一致';
  const phone = a.phone && phoneKey(a.phone);
  if (phone && app.company.contacts.some((c) => phoneKey(c.phone) === phone))
    return '登记联系电话与申请企业联系人电话一致';
  return null;
}

/** Quorum: `all` (default) or at least `minPass` passes. */
export type Quorum = { kind: 'all' } | { kind: 'min'; minPass: number };
export const DEFAULT_QUORUM: Quorum = { kind: 'all' };

/** FT-8: the panel's outcome once decided (`pending` while the votes cast cannot decide it). */
export function panelOutcome(
  memberIds: string[],
  votes: { userId: string; pass: boolean }[],
  quorum: Quorum,
): 'passed' | 'failed' | 'pending' {
  const cast = votes.filter((v) => memberIds.includes(v.userId));
  const passes = cast.filter((v) => v.pass).length;
  const fails = cast.length - passes;
  const need = quorum.kind === 'all' ? memberIds.length : Math.min(quorum.minPass, memberIds.length);
  if (passes >= need) return 'passed';
  if (memberIds.length - fails < need) return 'failed';
  return 'pending';
}

// ------------------------------------------------------------------ FT-4 quota ranking, FT-9 publicity

/**
 * FT-4: the approved candidates of a committee decision. Candidates over the quota need a ranking covering
 * every candidate; the first `quota` ranked are chosen. Returns the problem, or the chosen ids in order.
 */
export function rankAgainstQuota(
  candidates: string[],
  ranking: string[] | undefined,
  quota: number | null,
): { error: string } | { chosen: string[]; overQuota: boolean } {
  const overQuota = quota !== null && candidates.length > quota;
  if (ranking && ranking.length) {
    const set = new Set(ranking);
    if (set.size !== ranking.length) return { error: 'ranking: 排名不能重复' };
    const missing = candidates.filter((c) => !set.has(c));
    const extra = ranking.filter((r) => !candidates.includes(r));
    if (missing.length || extra.length) return { error: 'ranking: 排名须恰好包含全部拟通过的申请' };
  } else if (overQuota) {
    return { error: `ranking: 拟通过${candidates.length}家，超过招募数量${quota}家，须择优排名（FT-4）` };
  }
  const ordered = ranking && ranking.length ? ranking : candidates;
  return { chosen: quota === null ? ordered : ordered.slice(0, quota), overQuota };
}

export type PublicityUnit = 'calendar' | 'working';
export interface PublicitySettings {
  days: number;
  unit: PublicityUnit;
}
/** FT-9 default: 3 calendar days after the publication day. */
export const DEFAULT_PUBLICITY: PublicitySettings = { days: 3, unit: 'calendar' };

/** FT-9: the end of the 公示 — end of the N-th (calendar or working) day after the publication day. */
export function publicityEnd(publishedAt: Date, s: PublicitySettings, cal: WorkCalendar): Date {
  if (s.unit === 'working') return workingDayDeadline(publishedAt, s.days, cal).dueAt;
  const start = shanghaiMidnight(shanghaiDate(publishedAt)).getTime();
  return new Date(start + (s.days + 1) * 86_400_000 - 1);
}

// ------------------------------------------------------------------ FT-11 letter status

export const LETTER_STATUSES = ['valid', 'suspended', 'revoked', 'expired'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

/** FT-11 / FT-15: revoked (revocation or partner exited) > suspended > expired (after validTo) > valid. */
export function letterStatus(
  letter: { revokedAt?: Date | null; validFrom: Date; validTo: Date },
  partnerStatus: string | undefined,
  now: Date,
): LetterStatus {
  if (letter.revokedAt || partnerStatus === 'exited') return 'revoked';
  if (partnerStatus === 'suspended') return 'suspended';
  if (now.getTime() > letter.validTo.getTime()) return 'expired';
  return 'valid';
}

// ------------------------------------------------------------------ evidence files

export type EvidenceType = 'pdf' | 'jpg' | 'png';
export const EVIDENCE_MIME: Record<EvidenceType, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
};

/** What the bytes are, by magic number: `%PDF-`, JPEG SOI `FF D8 FF`, PNG signature. */
export function sniffEvidence(bytes: Buffer): EvidenceType | null {
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  return null;
}

/** The type a file name claims (`.jpeg` is `jpg`), or null. */
export function extensionType(fileName: string): EvidenceType | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'pdf') return 'pdf';
  if (ext === 'jpg' || ext === 'jpeg') return 'jpg';
  if (ext === 'png') return 'png';
  return null;
}
