import { DEFAULT_SCORECARD_TABLES, validateScorecardTables } from '../rules/scorecard.js';
import type { ProgrammeScorecardTables } from './types.js';

/** FT-12a defaults, FT-14 20 working days to rectify, FT-15 spike factor 3. */
export const DEFAULT_PROGRAMME_SCORECARD_TABLES: ProgrammeScorecardTables = Object.freeze({
  ...DEFAULT_SCORECARD_TABLES,
  securityIncidentPoints: Object.freeze({ ...DEFAULT_SCORECARD_TABLES.securityIncidentPoints }),
  rectificationWorkingDays: 20,
  spikeFactor: 3,
});

const KEYS = Object.keys(DEFAULT_PROGRAMME_SCORECARD_TABLES);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * FT-12/FT-12a/FT-14/FT-15: problems of an admin-edited programme table, one message per field; [] when valid.
 * The whole table is required (a PUT replaces it); unknown fields are refused.
 */
export function validateProgrammeScorecardTables(t: unknown): string[] {
  if (!isRecord(t)) return ['tables: 须为对象'];
  const errors = validateScorecardTables(t);
  for (const k of Object.keys(t)) if (!KEYS.includes(k)) errors.push(`${k}: 是不接受的字段`);
  if (isRecord(t.securityIncidentPoints)) {
    for (const k of Object.keys(t.securityIncidentPoints))
      if (!['I', 'II', 'III', 'IV'].includes(k)) errors.push(`securityIncidentPoints.${k}: 是不接受的字段`);
  }
  const days = t.rectificationWorkingDays;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 250)
    errors.push('rectificationWorkingDays: 须为 1 到 250 之间的整数个工作日');
  const factor = t.spikeFactor;
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 0 || factor > 100)
    errors.push('spikeFactor: 须为大于 0 且不超过 100 的数');
  return errors;
}

/** A plain copy holding exactly the table's fields (what is stored and returned). */
export function copyProgrammeScorecardTables(t: ProgrammeScorecardTables): ProgrammeScorecardTables {
  return {
    onboardingMax: t.onboardingMax,
    complaintEfficiencyMax: t.complaintEfficiencyMax,
    lateOrdinaryPoints: t.lateOrdinaryPoints,
    slaHours: t.slaHours,
    escalatedMax: t.escalatedMax,
    escalatedPoints: t.escalatedPoints,
    deductionCap: t.deductionCap,
    securityIncidentPoints: {
      I: t.securityIncidentPoints.I,
      II: t.securityIncidentPoints.II,
      III: t.securityIncidentPoints.III,
      IV: t.securityIncidentPoints.IV,
    },
    successRateThreshold: t.successRateThreshold,
    successRateMonthPoints: t.successRateMonthPoints,
    rectificationThreshold: t.rectificationThreshold,
    renewalAverageThreshold: t.renewalAverageThreshold,
    rectificationWorkingDays: t.rectificationWorkingDays,
    spikeFactor: t.spikeFactor,
  };
}
