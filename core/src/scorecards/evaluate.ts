import { shanghaiMidnight, type ComplaintWindow, type WorkCalendar } from '../calendar/index.js';
import type { ComplaintRecord } from '../db/types.js';
import { formatBeijing } from '../notify/index.js';
import {
  computeScorecard,
  ordinaryComplaintLate,
  type ScorecardComplaint,
  type ScorecardInput,
  type ScorecardResult,
} from '../rules/scorecard.js';
import { slaState, type SlaState } from '../complaints/sla-rules.js';
import type {
  EscalationFlagRecord,
  ProgrammeScorecardTables,
  ScorecardComponent,
  ScorecardEntry,
  ScorecardInputsRecord,
} from './types.js';

/** What the scorecard reads of a complaint (all `ScorecardComplaintReader.received` decodes of one). */
export type ComplaintFacts = Pick<
  ComplaintRecord,
  | 'id'
  | 'no'
  | 'kind'
  | 'channel'
  | 'slaHours'
  | 'receivedAt'
  | 'dueAt'
  | 'status'
  | 'replies'
  | 'effectiveReplyAt'
  | 'breachedAt'
>;

/** What the scorecard of one partner and half-year is made of, as stored. */
export interface ScorecardFacts {
  period: string;
  inputs: Omit<ScorecardInputsRecord, 'closed' | 'closedAt'> | null;
  /** the partner's complaints received in the period */
  complaints: ComplaintFacts[];
  /** escalation flags by complaint id; a missing flag means attributable and not malicious */
  flags: Map<string, EscalationFlagRecord>;
  now: Date;
}

/** The SLA states of an ordinary complaint not decided yet (left out of the live score). */
export const PENDING_COMPLAINT_STATES = ['running', 'awaiting_confirmation'] as const satisfies readonly SlaState[];

export interface PendingComplaint {
  complaintId: string;
  no: string;
  dueAt: Date;
  state: (typeof PENDING_COMPLAINT_STATES)[number];
}

export interface ScorecardEvaluation {
  /** exactly what computeScorecard received (what a snapshot stores and POST /scorecards/simulate accepts) */
  input: ScorecardInput;
  result: ScorecardResult;
  /** every input that moved the score, oldest first */
  entries: ScorecardEntry[];
  components: ScorecardComponent[];
  /** ordinary complaints not decided yet (before due, or a timely reply awaiting confirmation): left out */
  pending: PendingComplaint[];
}

export const ESCALATION_DEFAULTS = Object.freeze({ attributable: true, malicious: false });

export const SCORECARD_COMPONENT_LABELS = Object.freeze({
  onboarding: '入网洽谈与技术对接',
  complaintEfficiency: '投诉处理效率',
  escalated: '升级投诉',
  deductions: '扣分项（信息安全事件与系统稳定性）',
});

const CHANNEL_LABELS: Record<string, string> = {
  miit: '工信部',
  consumer_association: '消费者协会',
  petition: '信访',
  cmcc_hq: '中国移动集团',
};

const round3 = (v: number) => Math.round(v * 1000) / 1000 + 0;
const percent = (share: number) => `${round3(share * 100)}%`;

/**
 * FT-12a: an ordinary complaint whose outcome is still open: before its due instant without a reply, or with a
 * reply made in time that staff have not yet confirmed. It cannot be scored yet, so it is left out (and listed).
 */
export function complaintUndecided(c: ComplaintFacts, now: Date): boolean {
  if (c.kind !== 'ordinary') return false;
  const state = slaState(c, now);
  return state === 'running' || state === 'awaiting_confirmation';
}

export function scorecardComponents(result: ScorecardResult, tables: ProgrammeScorecardTables): ScorecardComponent[] {
  const L = SCORECARD_COMPONENT_LABELS;
  return [
    { key: 'onboarding', label: L.onboarding, points: result.onboarding, max: tables.onboardingMax },
    {
      key: 'complaintEfficiency',
      label: L.complaintEfficiency,
      points: result.complaintEfficiency,
      max: tables.complaintEfficiencyMax,
    },
    { key: 'escalated', label: L.escalated, points: result.escalated, max: tables.escalatedMax },
    {
      key: 'deductions',
      label: L.deductions,
      points: result.deductions === 0 ? 0 : -result.deductions,
      max: tables.deductionCap,
    },
  ];
}

/**
 * FT-12, FT-12a: the scorecard from stored facts, through `computeScorecard` (the engine behind
 * POST /scorecards/simulate). Entries explain the score: with the two component maxima as the start,
 * start + Σ entries = total (before the final floor at 0 and the rounding to one decimal).
 * An onboarding rating above a later-lowered `onboardingMax` counts as that maximum.
 */
export function evaluateScorecard(
  facts: ScorecardFacts,
  tables: ProgrammeScorecardTables,
  window: ComplaintWindow,
  cal: WorkCalendar,
): ScorecardEvaluation {
  const entries: ScorecardEntry[] = [];
  const pending: PendingComplaint[] = [];
  const complaints: ScorecardComplaint[] = [];
  const inputsId = facts.inputs?.id ?? 'none';

  for (const c of facts.complaints) {
    const source = { entity: 'complaint', id: c.id };
    if (c.kind === 'ordinary') {
      if (complaintUndecided(c, facts.now)) {
        pending.push({
          complaintId: c.id,
          no: c.no,
          dueAt: c.dueAt,
          state: slaState(c, facts.now) as PendingComplaint['state'],
        });
        continue;
      }
      complaints.push({
        kind: 'ordinary',
        receivedAt: c.receivedAt,
        effectiveReplyAt: c.effectiveReplyAt,
        dueAt: c.dueAt,
      });
      if (ordinaryComplaintLate(c.effectiveReplyAt, c.dueAt)) {
        const how = c.effectiveReplyAt
          ? `有效回复晚于截止时间 ${formatBeijing(c.dueAt)}`
          : `截止 ${formatBeijing(c.dueAt)} 前无有效回复`;
        entries.push({
          rule: 'FT-12',
          component: 'complaintEfficiency',
          points: -tables.lateOrdinaryPoints,
          reason: `普通投诉 ${c.no} 未在${c.slaHours}个工作小时内有效回复（${how}）`,
          at: c.dueAt,
          source,
        });
      }
    } else {
      const flag = facts.flags.get(c.id) ?? ESCALATION_DEFAULTS;
      complaints.push({
        kind: 'escalated',
        receivedAt: c.receivedAt,
        attributable: flag.attributable,
        malicious: flag.malicious,
      });
      if (flag.attributable && !flag.malicious) {
        entries.push({
          rule: 'FT-12',
          component: 'escalated',
          points: -tables.escalatedPoints,
          reason: `升级投诉 ${c.no}（${CHANNEL_LABELS[c.channel] ?? '升级渠道'}）归责于伙伴且非恶意投诉`,
          at: c.receivedAt,
          source,
        });
      }
    }
  }

  const inputs = facts.inputs;
  const onboarding = inputs?.onboarding ? Math.min(inputs.onboarding.rating, tables.onboardingMax) : 0;
  if (inputs?.onboarding && onboarding > 0) {
    const comment = inputs.onboarding.comment ? `：${inputs.onboarding.comment}` : '';
    entries.push({
      rule: 'FT-12',
      component: 'onboarding',
      points: onboarding,
      reason: `入网洽谈与技术对接评分 ${onboarding} 分${comment}`,
      at: inputs.onboarding.at,
      source: { entity: 'scorecard_inputs', id: inputsId },
    });
  }
  const securityIncidents = (inputs?.securityIncidents ?? []).map((s) => {
    entries.push({
      rule: 'FT-12',
      component: 'deductions',
      points: -tables.securityIncidentPoints[s.level],
      reason: `信息安全事件（${s.level}级）：${s.description}`,
      at: s.occurredAt,
      source: { entity: 'security_incident', id: s.id },
    });
    return { level: s.level };
  });
  const successRates = (inputs?.successRates ?? []).map((r) => ({ month: r.month, rate: r.rate }));

  const input: ScorecardInput = { period: facts.period, onboarding, complaints, securityIncidents, successRates };
  const result = computeScorecard(input, tables, window, cal);

  for (const month of result.detail.lowMonths) {
    const rate = Math.min(...successRates.filter((r) => r.month === month).map((r) => r.rate));
    entries.push({
      rule: 'FT-12',
      component: 'deductions',
      points: -tables.successRateMonthPoints,
      reason: `${month} 交易成功率 ${percent(rate)}，低于 ${percent(tables.successRateThreshold)}`,
      at: shanghaiMidnight(`${month}-01`),
      source: { entity: 'success_rate', id: `${inputsId}-${month}` },
    });
  }
  // the floors and the cap give points back; say so, so that the entries add up
  const giveBack = (component: ScorecardEntry['component'], amount: number, reason: string) => {
    if (round3(amount) > 0)
      entries.push({
        rule: 'FT-12',
        component,
        points: round3(amount),
        reason,
        at: facts.now,
        source: { entity: 'scorecard_tables', id: component },
      });
  };
  const d = result.detail;
  giveBack(
    'complaintEfficiency',
    d.lateOrdinary * tables.lateOrdinaryPoints - tables.complaintEfficiencyMax,
    `投诉处理效率最低 0 分：超时 ${d.lateOrdinary} 宗，超出部分不再扣减`,
  );
  giveBack(
    'escalated',
    d.countedEscalated * tables.escalatedPoints - tables.escalatedMax,
    `升级投诉最低 0 分：计入 ${d.countedEscalated} 宗，超出部分不再扣减`,
  );
  giveBack(
    'deductions',
    d.deductionsBeforeCap - result.deductions,
    `扣分项合计 ${d.deductionsBeforeCap} 分，按上限 ${tables.deductionCap} 分计`,
  );

  entries.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { input, result, entries, components: scorecardComponents(result, tables), pending };
}
