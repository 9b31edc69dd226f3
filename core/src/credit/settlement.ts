import { shiftCreditMonth } from './months.js';
import type { CreditSettlementRecord } from './types.js';

/** MG-10: a severe violation holds settlement for this many months after the month it happened in. */
export const SEVERE_HOLD_MONTHS = 3;
export const severeHeldUntil = (month: string): string => shiftCreditMonth(month, SEVERE_HOLD_MONTHS);

export interface CreditSettlementHold {
  held: boolean;
  /** last held month of the severe-violation holds in force; null when none (or only an unpaid shortfall) */
  heldUntil: string | null;
  /** MG-9: an unpaid refund shortfall suspends settlement until it is paid */
  unpaidShortfall: number;
  reasons: string[];
}

/**
 * MG-9/MG-10 in `currentMonth`: settlement is held while a severe-violation hold runs (through its heldUntil month)
 * or a refund shortfall is unpaid.
 */
export function creditSettlementHold(
  records: readonly CreditSettlementRecord[],
  currentMonth: string,
): CreditSettlementHold {
  const reasons: string[] = [];
  let heldUntil: string | null = null;
  let unpaid = 0;
  for (const r of records) {
    if (r.kind === 'severe-penalty' && r.heldUntil && r.heldUntil >= currentMonth) {
      if (!heldUntil || r.heldUntil > heldUntil) heldUntil = r.heldUntil;
      reasons.push(`严重违约（${r.month}）：暂停结算至${r.heldUntil}`);
    }
    if (r.kind === 'refund-offset' && r.shortfall > 0 && !r.paidAt) {
      unpaid += r.shortfall;
      reasons.push(`退款冲抵不足（${r.month}）：差额${r.shortfall}元未追缴，暂停结算至缴清`);
    }
  }
  const unpaidShortfall = Math.round(unpaid * 100) / 100;
  return { held: reasons.length > 0, heldUntil, unpaidShortfall, reasons };
}
