/** MG-1..MG-13 model of the credit engine: tiers, the admin-editable tables and their defaults, events, entries, state. */
import { DomainError } from '../errors.js';

export type Tier = 'comprehensive' | 'cooperation' | 'strategic' | 'ordinary';
export const CREDIT_TIERS: readonly Tier[] = ['comprehensive', 'cooperation', 'strategic', 'ordinary'];
export const CREDIT_TIER_LABELS: Record<Tier, string> = {
  comprehensive: '全面战略合作伙伴',
  cooperation: '战略合作伙伴',
  strategic: '战略伙伴',
  ordinary: '普通渠道',
};

export type DeductionCategory = 'violation' | 'complaint' | 'fulfilment';
export const DEDUCTION_CATEGORIES: readonly DeductionCategory[] = ['violation', 'complaint', 'fulfilment'];
export type ViolationSeverity = 'major' | 'ordinary';
export interface ViolationItem {
  code: string;
  name: string;
  severity: ViolationSeverity;
  /** points deducted (positive) */
  points: number;
}
export interface DeductionItem {
  code: string;
  name: string;
  /** points deducted (positive) */
  points: number;
}

export interface CreditTables {
  /** MG-2 initial score per tier (战略伙伴 already includes the one-off −tierChangePoints). */
  initialScore: Record<Tier, number>;
  min: number;
  max: number;
  /** MG-6 */
  tierChangePoints: number;
  /** MG-4 */
  bonusTopShare: number;
  bonusTopPoints: number;
  bonusNextShare: number;
  bonusNextPoints: number;
  /** MG-4: full months joined before the first day of the evaluation month. */
  bonusMinMonthsJoined: number;
  /** MG-4: months (1..12) in which the previous quarter is ranked. */
  evaluationMonths: number[];
  /** MG-5 */
  recoveryCleanMonths: number;
  recoveryPoints: number;
  /** MG-7 */
  aClassThreshold: number;
  aClassFailScore: number;
  /** MG-8 (seed Annex 2 missing: default, admin-editable) */
  violationCatalogue: ViolationItem[];
  /** MG-12 (seed truncated: default, admin-editable) */
  complaintDeductions: DeductionItem[];
  fulfilmentDeductions: DeductionItem[];
}

export const DEFAULT_CREDIT_TABLES: CreditTables = {
  initialScore: { ordinary: 70, comprehensive: 95, cooperation: 95, strategic: 75 },
  min: 0,
  max: 100,
  tierChangePoints: 20,
  bonusTopShare: 0.05,
  bonusTopPoints: 5,
  bonusNextShare: 0.15,
  bonusNextPoints: 2,
  bonusMinMonthsJoined: 3,
  evaluationMonths: [1, 4, 7, 10],
  recoveryCleanMonths: 3,
  recoveryPoints: 5,
  aClassThreshold: 85,
  aClassFailScore: 84,
  violationCatalogue: [
    { code: 'V-LAW', name: '违反国家法律法规的恶性违约事件', severity: 'major', points: 50 },
    { code: 'V-SOCIAL', name: '产生重大负面社会影响的行为', severity: 'major', points: 30 },
    { code: 'V-FORCED', name: '渠道强行订购', severity: 'ordinary', points: 10 },
    { code: 'V-TARIFF', name: '资费违约（未明示资费、违规收费）', severity: 'ordinary', points: 10 },
    { code: 'V-PROMO', name: '业务推广违约', severity: 'ordinary', points: 5 },
    { code: 'V-PUBLICITY', name: '宣传违约（虚假或夸大宣传）', severity: 'ordinary', points: 5 },
  ],
  complaintDeductions: [
    { code: 'C-REGULATOR', name: '工信部、消费者协会等外部申诉（每件）', points: 5 },
    { code: 'C-ESCALATED', name: '集团或省公司越级投诉（每件）', points: 3 },
    { code: 'C-ORDINARY', name: '一般客户投诉（每件）', points: 1 },
    { code: 'C-MEDIA', name: '媒体曝光或群体性投诉（每起）', points: 10 },
  ],
  fulfilmentDeductions: [
    { code: 'F-RECTIFY', name: '未按期完成整改', points: 5 },
    { code: 'F-REPORT', name: '渠道信息报备不实或变更未报备', points: 3 },
    { code: 'F-SETTLE', name: '未按时提交结算对账材料', points: 2 },
    { code: 'F-COOPERATE', name: '未按要求配合核查或提供推广数据', points: 2 },
  ],
};

export type CreditEvent =
  | { month: string; type: 'deduction'; category: DeductionCategory; points: number; reason?: string; ref?: string }
  /** Sits in its evaluation month (Jan/Apr/Jul/Oct) for the previous quarter; credited the following month. */
  | { month: string; type: 'quarterRank'; quarter: string; rank: number; of: number }
  | { month: string; type: 'rerate'; tier: Tier }
  | { month: string; type: 'aClassReview'; result: 'pass' | 'fail' };

export const CREDIT_ENTRY_KINDS = [
  'initial',
  'deduction',
  'rerate',
  'bonus',
  'recovery',
  'aClassFail',
  'aClassPass',
  'aClassLapse',
  'inherit',
] as const;
export type CreditEntryKind = (typeof CREDIT_ENTRY_KINDS)[number];
export interface CreditEntry {
  month: string;
  /** rule id, e.g. 'MG-2' */
  rule: string;
  kind: CreditEntryKind;
  requested: number;
  /** delta actually applied after clamping */
  applied: number;
  scoreAfter: number;
  /** Chinese */
  reason: string;
  ref?: string;
}

/** MG-4: a ranking waiting to be credited in the month after its evaluation month. */
export interface PendingRanking {
  month: string;
  quarter: string;
  rank: number;
  of: number;
  eligible: boolean;
}

export interface CreditState {
  score: number;
  tier: Tier;
  aClass: boolean;
  /** MG-13: applied deductions not yet recovered */
  recoveryPool: number;
  /** MG-13: consecutive months without a deduction */
  cleanStreak: number;
  /** MG-4: points to credit next month (0 when none or not eligible) */
  pendingBonus: number;
  pendingRanking: PendingRanking | null;
  /** YYYY-MM-DD */
  joinedAt: string;
  /** first month of the ledger (YYYY-MM) */
  firstMonth: string;
  /** last closed month, null before the first close */
  month: string | null;
}

export interface CreditChannel {
  tier: Tier;
  /** YYYY-MM-DD */
  joinedAt: string;
}

export interface SimulateCreditInput {
  start: string;
  months: number;
  channel: CreditChannel;
  events?: CreditEvent[];
}
export interface SimulatedCreditMonth {
  month: string;
  score: number;
  aClass: boolean;
  entries: CreditEntry[];
}

export const CREDIT_SIMULATION_MAX_MONTHS = 120;

/** What the engine throws on invalid input: a 400 whose details name the offending fields (`invalidMessages`). */
export const creditInputError = (errors: string[]) => new DomainError('invalid', errors.join('; '), errors);
