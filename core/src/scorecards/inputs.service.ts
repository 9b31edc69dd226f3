import type { Repositories } from '../db/repositories.js';
import type { Actor, PartnerRecord } from '../db/types.js';
import {
  SECURITY_LEVELS,
  parsePeriod,
  periodOf,
  periodOfMonth,
  type ParsedPeriod,
  type SecurityLevel,
} from '../rules/scorecard.js';
import { YEAR_MAX, YEAR_MIN, isMonthInRange } from '../validation/bounds.js';
import { ESCALATION_DEFAULTS } from './evaluate.js';
import type { ScorecardInputKind, ScorecardRepositories } from './repositories.js';
import {
  scorecardBadRequest,
  scorecardConflict,
  scorecardNotFound,
  type EscalationFlagRecord,
  type ScorecardInputsRecord,
} from './types.js';

const TEXT_MAX = 2000;
/** Clock skew tolerated for "when did it happen". */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const text = (name: string, v: unknown, required = true): string => {
  if (typeof v !== 'string' || (required && v.trim() === '') || v.length > TEXT_MAX)
    throw scorecardBadRequest(`${name}: 须为${required ? '非空' : ''}文本，最多 ${TEXT_MAX} 个字`);
  return v.trim();
};

/**
 * FT-12 period inputs entered by staff (and by the monthly-metrics import): onboarding rating, security
 * incidents, monthly transaction success rates, escalated-complaint flags. Every edit is audited with
 * before/after and refused with 409 once the partner's period is closed.
 */
export class ScorecardInputService {
  constructor(
    private readonly repos: Pick<ScorecardRepositories, 'inputs' | 'escalations' | 'complaints' | 'tables'>,
    private readonly core: Pick<Repositories, 'programmes' | 'partners' | 'audit'>,
  ) {}

  async inputs(partnerId: string, period: string, now: Date): Promise<ScorecardInputsRecord> {
    const { partner } = await this.target(partnerId, period, now);
    return this.current(partner, period);
  }

  /** FT-12 onboarding negotiation & technical integration, 0..onboardingMax, with the rater's comment. */
  async setOnboarding(
    partnerId: string,
    period: string,
    body: { rating: unknown; comment: unknown },
    actor: Actor,
    now: Date,
  ) {
    const { partner } = await this.target(partnerId, period, now);
    const max = (await this.repos.tables.inForce(partner.programmeId)).tables.onboardingMax;
    const rating = body.rating;
    if (
      typeof rating !== 'number' ||
      !Number.isFinite(rating) ||
      rating < 0 ||
      rating > max ||
      Math.abs(rating * 10 - Math.round(rating * 10)) > 1e-9
    )
      throw scorecardBadRequest(`rating: 须为 0 到 ${max} 之间的数，最多一位小数`);
    const comment = text('comment', body.comment);
    const before = await this.repos.inputs.get(partner.id, period);
    const updated = await this.edit(partner, period, 'onboarding', 'onboarding', { rating, comment }, actor, now);
    await this.audit(actor, 'scorecard.onboarding_rated', updated.id, now, {
      before: before?.onboarding ? { rating: before.onboarding.rating, comment: before.onboarding.comment } : null,
      after: { partnerId: partner.id, period, rating, comment },
    });
    return updated;
  }

  /** FT-12a information-security incident of the period (level I–IV). */
  async addSecurityIncident(
    partnerId: string,
    period: string,
    body: { level: unknown; description: unknown; occurredAt: Date },
    actor: Actor,
    now: Date,
  ) {
    const { partner, p } = await this.target(partnerId, period, now);
    if (!SECURITY_LEVELS.includes(body.level as SecurityLevel))
      throw scorecardBadRequest('level: 须为 I、II、III、IV 之一');
    const description = text('description', body.description);
    const t = body.occurredAt.getTime();
    if (t < p.start.getTime() || t >= p.end.getTime())
      throw scorecardBadRequest(`occurredAt: 须在考核期 ${period} 之内`);
    if (t > now.getTime() + FUTURE_TOLERANCE_MS) throw scorecardBadRequest('occurredAt: 不能晚于当前时间');
    const id = this.repos.inputs.newIncidentId();
    const incident = { level: body.level as SecurityLevel, description, occurredAt: body.occurredAt };
    const updated = await this.edit(partner, period, 'security_incident', id, incident, actor, now);
    await this.audit(actor, 'scorecard.security_incident_added', updated.id, now, {
      after: {
        partnerId: partner.id,
        period,
        incidentId: id,
        level: incident.level,
        description,
        occurredAt: incident.occurredAt,
      },
    });
    return updated;
  }

  async removeSecurityIncident(
    partnerId: string,
    period: string,
    incidentId: string,
    reason: unknown,
    actor: Actor,
    now: Date,
  ) {
    const { partner } = await this.target(partnerId, period, now);
    const why = text('reason', reason);
    const before = await this.repos.inputs.get(partner.id, period);
    if (before?.closed) throw this.closed(period);
    const incident = before?.securityIncidents.find((s) => s.id === incidentId);
    if (!incident) throw scorecardNotFound('安全事件不存在');
    await this.repos.inputs.remove(partner.id, period, 'security_incident', incidentId);
    const updated = await this.current(partner, period);
    await this.audit(actor, 'scorecard.security_incident_removed', updated.id, now, {
      before: {
        partnerId: partner.id,
        period,
        incidentId,
        level: incident.level,
        description: incident.description,
        occurredAt: incident.occurredAt,
      },
      after: null,
      reason: why,
    });
    return updated;
  }

  /** FT-12a monthly transaction success rate (share 0..1); a later value for the same month replaces the earlier. */
  async setSuccessRate(partnerId: string, month: string, rate: unknown, actor: Actor, now: Date) {
    if (!isMonthInRange(month))
      throw scorecardBadRequest(`month: 须为 ${YEAR_MIN} 到 ${YEAR_MAX} 年之间的月份（YYYY-MM）`);
    const period = periodOfMonth(month);
    const { partner } = await this.target(partnerId, period, now);
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > 1)
      throw scorecardBadRequest('rate: 须为 0 到 1 之间的比例（0.999 即 99.9%）');
    const before = await this.repos.inputs.get(partner.id, period);
    const stored = before?.successRates.find((r) => r.month === month);
    // the same figure again (a repeated import or request) changes nothing and is not audited again
    if (stored?.rate === rate && !before!.closed) return before!;
    const updated = await this.edit(partner, period, 'success_rate', month, { rate }, actor, now);
    await this.audit(actor, 'scorecard.success_rate_set', updated.id, now, {
      before: stored?.rate ?? null,
      after: { partnerId: partner.id, period, month, rate },
    });
    return updated;
  }

  /** FT-12: the escalated complaint's flags, or the defaults (attributable, not malicious). */
  async escalation(complaintId: string) {
    const c = await this.repos.complaints.get(complaintId);
    if (!c) throw scorecardNotFound('投诉不存在');
    if (c.kind !== 'escalated') throw scorecardBadRequest('complaintId: 须为一件升级投诉');
    const flag = await this.repos.escalations.get(c.id);
    return {
      complaintId: c.id,
      no: c.no,
      partnerId: c.partnerId,
      period: periodOf(c.receivedAt),
      ...ESCALATION_DEFAULTS,
      reason: null,
      ...flag,
    };
  }

  async setEscalation(
    complaintId: string,
    body: { attributable: unknown; malicious: unknown; reason: unknown },
    actor: Actor,
    now: Date,
  ) {
    const c = await this.repos.complaints.get(complaintId);
    if (!c) throw scorecardNotFound('投诉不存在');
    if (c.kind !== 'escalated') throw scorecardBadRequest('complaintId: 须为一件升级投诉');
    if (typeof body.attributable !== 'boolean') throw scorecardBadRequest('attributable: 须为是或否');
    if (typeof body.malicious !== 'boolean') throw scorecardBadRequest('malicious: 须为是或否');
    const reason = text('reason', body.reason);
    const period = periodOf(c.receivedAt);
    if (await this.repos.inputs.isClosed(c.partnerId, period)) throw this.closed(period);
    const before = await this.repos.escalations.get(c.id);
    const flag: EscalationFlagRecord = {
      complaintId: c.id,
      partnerId: c.partnerId,
      attributable: body.attributable,
      malicious: body.malicious,
      reason,
      actor,
      at: now,
    };
    const stored = await this.repos.escalations.put(flag);
    await this.core.audit.append({
      actor,
      action: 'scorecard.escalation_flagged',
      entity: 'complaint',
      entityId: c.id,
      reason,
      before: before ? { attributable: before.attributable, malicious: before.malicious } : { ...ESCALATION_DEFAULTS },
      after: { attributable: stored.attributable, malicious: stored.malicious, period },
      at: now,
    });
    return { ...stored, no: c.no, period };
  }

  // ---------------------------------------------------------------- helpers

  private async target(
    partnerId: string,
    period: string,
    now: Date,
  ): Promise<{ partner: PartnerRecord; p: ParsedPeriod }> {
    const partner = await this.core.partners.get(partnerId);
    if (!partner) throw scorecardNotFound('伙伴不存在');
    const programme = await this.core.programmes.get(partner.programmeId);
    if (programme?.rulebook !== 'scorecard') throw scorecardConflict('该伙伴所属计划不使用半年度考核（scorecard）规则');
    const p = parsePeriod(period);
    if (!p) throw scorecardBadRequest('period: 须为半年度，如 2026H2');
    if (p.start.getTime() > now.getTime()) throw scorecardBadRequest(`period: 考核期 ${period} 尚未开始`);
    return { partner, p };
  }

  /** Checks the period is open, writes one item, returns the inputs as they now stand. */
  private async edit(
    partner: PartnerRecord,
    period: string,
    kind: ScorecardInputKind,
    key: string,
    value: Record<string, unknown>,
    actor: Actor,
    now: Date,
  ): Promise<ScorecardInputsRecord> {
    if (await this.repos.inputs.isClosed(partner.id, period)) throw this.closed(period);
    await this.repos.inputs.put({
      partnerId: partner.id,
      programmeId: partner.programmeId,
      period,
      kind,
      key,
      value,
      actor,
      at: now,
    });
    return this.current(partner, period);
  }

  private async current(partner: PartnerRecord, period: string): Promise<ScorecardInputsRecord> {
    return (
      (await this.repos.inputs.get(partner.id, period)) ?? {
        id: `${partner.id}-${period}`,
        partnerId: partner.id,
        programmeId: partner.programmeId,
        period,
        onboarding: null,
        securityIncidents: [],
        successRates: [],
        closed: false,
        closedAt: null,
      }
    );
  }

  private closed(period: string) {
    return scorecardConflict(`考核期 ${period} 已结算，考核数据不能再修改`);
  }

  private audit(
    actor: Actor,
    action: string,
    inputsId: string,
    now: Date,
    change: { before?: unknown; after?: unknown; reason?: string },
  ) {
    return this.core.audit.append({
      actor,
      action,
      entity: 'scorecard_inputs',
      entityId: inputsId,
      ...change,
      at: now,
    });
  }
}
