import { SECURITY_LEVELS, parsePeriod, type ScorecardInput } from '@huoban/core';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;
const isInstant = (v: unknown) => typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v));

/**
 * Field-named checks for `POST /scorecards/simulate`; returns the parsed input or the messages.
 * Unknown fields are refused like everywhere else in the api.
 */
export function parseScorecardSimulation(body: unknown): { input?: ScorecardInput; errors: string[] } {
  const errors: string[] = [];
  if (!isObj(body)) return { errors: ['body: 请求内容须为对象'] };
  const allowed = ['period', 'onboarding', 'complaints', 'securityIncidents', 'successRates'];
  for (const k of Object.keys(body)) if (!allowed.includes(k)) errors.push(`${k}: 不支持此字段`);
  if (typeof body.period !== 'string' || !parsePeriod(body.period)) errors.push('period: 须为半年度（如 2026H2）');
  if (
    typeof body.onboarding !== 'number' ||
    !Number.isFinite(body.onboarding) ||
    body.onboarding < 0 ||
    body.onboarding > 30
  )
    errors.push('onboarding: 须为 0 到 30 之间的数');
  const list = (name: string) => {
    const v = body[name] ?? [];
    if (!Array.isArray(v)) errors.push(`${name}: 须为列表`);
    return Array.isArray(v) ? (v as unknown[]) : [];
  };
  const complaints = list('complaints').map((c, i) => {
    const at = `complaints[${i}]`;
    if (!isObj(c)) return (errors.push(`${at}: 须为对象`), null);
    if (c.kind === 'ordinary') {
      if (!isInstant(c.receivedAt)) errors.push(`${at}.receivedAt: 须为带时区的时间（如 2026-07-01T09:00:00+08:00）`);
      if (c.effectiveReplyAt !== null && c.effectiveReplyAt !== undefined && !isInstant(c.effectiveReplyAt))
        errors.push(`${at}.effectiveReplyAt: 须为带时区的时间或留空`);
      return {
        kind: 'ordinary' as const,
        receivedAt: new Date(String(c.receivedAt)),
        effectiveReplyAt: c.effectiveReplyAt ? new Date(String(c.effectiveReplyAt)) : null,
      };
    }
    if (c.kind === 'escalated') {
      if (typeof c.attributable !== 'boolean') errors.push(`${at}.attributable: 须为是或否`);
      if (typeof c.malicious !== 'boolean') errors.push(`${at}.malicious: 须为是或否`);
      if (c.receivedAt !== undefined && !isInstant(c.receivedAt))
        errors.push(`${at}.receivedAt: 须为带时区的时间（如 2026-07-01T09:00:00+08:00）`);
      return {
        kind: 'escalated' as const,
        attributable: c.attributable === true,
        malicious: c.malicious === true,
        ...(c.receivedAt !== undefined && { receivedAt: new Date(String(c.receivedAt)) }),
      };
    }
    return (errors.push(`${at}.kind: 须为普通投诉或升级投诉`), null);
  });
  const securityIncidents = list('securityIncidents').map((s, i) => {
    if (!isObj(s) || !SECURITY_LEVELS.includes(s.level as never))
      errors.push(`securityIncidents[${i}].level: 须为 I、II、III、IV 级之一`);
    return { level: (isObj(s) ? s.level : 'IV') as ScorecardInput['securityIncidents'][number]['level'] };
  });
  const successRates = list('successRates').map((r, i) => {
    if (!isObj(r) || typeof r.month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(r.month))
      errors.push(`successRates[${i}].month: 须为月份（YYYY-MM）`);
    if (!isObj(r) || typeof r.rate !== 'number' || !(r.rate >= 0 && r.rate <= 1))
      errors.push(`successRates[${i}].rate: 须为 0 到 1 之间的数`);
    return { month: String(isObj(r) ? r.month : ''), rate: Number(isObj(r) ? r.rate : 0) };
  });
  if (errors.length) return { errors };
  return {
    errors,
    input: {
      period: body.period as string,
      onboarding: body.onboarding as number,
      complaints: complaints.filter((c) => c !== null),
      securityIncidents,
      successRates,
    },
  };
}
