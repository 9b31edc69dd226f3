import { DEFAULT_CREDIT_TABLES, validateCreditTables, type CreditTables } from '../rules/credit.js';

const TOP_KEYS = Object.keys(DEFAULT_CREDIT_TABLES);
const TIER_KEYS = Object.keys(DEFAULT_CREDIT_TABLES.initialScore);
const VIOLATION_KEYS = ['code', 'name', 'severity', 'points'];
const ITEM_KEYS = ['code', 'name', 'points'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownKeys(v: unknown, allowed: string[], path: string): string[] {
  if (!isRecord(v)) return [];
  return Object.keys(v)
    .filter((k) => !allowed.includes(k))
    .map((k) => `${path}${k}: 是不接受的字段`);
}

function itemKeys(list: unknown, allowed: string[], path: string): string[] {
  return Array.isArray(list) ? list.flatMap((item, i) => unknownKeys(item, allowed, `${path}[${i}].`)) : [];
}

/**
 * An admin-edited credit table checked by the engine's `validateCreditTables` plus a refusal of unknown fields,
 * returned as a clean copy (only known fields) ready to store.
 */
export function parseCreditTables(raw: unknown): { tables?: CreditTables; errors: string[] } {
  if (!isRecord(raw)) return { errors: ['tables: 须为对象'] };
  const errors = [
    ...unknownKeys(raw, TOP_KEYS, 'tables.'),
    ...unknownKeys(raw.initialScore, TIER_KEYS, 'tables.initialScore.'),
    ...itemKeys(raw.violationCatalogue, VIOLATION_KEYS, 'tables.violationCatalogue'),
    ...itemKeys(raw.complaintDeductions, ITEM_KEYS, 'tables.complaintDeductions'),
    ...itemKeys(raw.fulfilmentDeductions, ITEM_KEYS, 'tables.fulfilmentDeductions'),
    ...validateCreditTables(raw).map((e) => `tables.${e}`),
  ];
  if (errors.length) return { errors };
  const t = raw as unknown as CreditTables;
  const item = ({ code, name, points }: { code: string; name: string; points: number }) => ({
    code: code.trim(),
    name: name.trim(),
    points,
  });
  return {
    errors,
    tables: {
      initialScore: { ...t.initialScore },
      min: t.min,
      max: t.max,
      tierChangePoints: t.tierChangePoints,
      bonusTopShare: t.bonusTopShare,
      bonusTopPoints: t.bonusTopPoints,
      bonusNextShare: t.bonusNextShare,
      bonusNextPoints: t.bonusNextPoints,
      bonusMinMonthsJoined: t.bonusMinMonthsJoined,
      evaluationMonths: [...t.evaluationMonths],
      recoveryCleanMonths: t.recoveryCleanMonths,
      recoveryPoints: t.recoveryPoints,
      aClassThreshold: t.aClassThreshold,
      aClassFailScore: t.aClassFailScore,
      violationCatalogue: t.violationCatalogue.map((v) => ({ ...item(v), severity: v.severity })),
      complaintDeductions: t.complaintDeductions.map(item),
      fulfilmentDeductions: t.fulfilmentDeductions.map(item),
    },
  };
}
