import { SYSTEM_ACTOR } from '../db/types.js';
import type { CreditLedger } from './ledger.js';
import type { CloseReport } from './month-close.js';
import { previousCreditMonth } from './months.js';

export interface CreditCloseRunReport extends CloseReport {
  /** upheld appeals whose reversing entry a crash had left undone */
  healedAppeals: number;
}

/**
 * MG-13 monthly close, run by the worker on a schedule: closes the previous Asia/Shanghai month for every account
 * that is behind, one month at a time in order — the same `CreditLedger.closeThrough` as
 * `POST /credit/months/:month/close`. Idempotent: a repeat (or a run after a crash) changes nothing that is done.
 */
export class CreditCloseHandler {
  constructor(
    private readonly ledger: CreditLedger,
    private readonly log: (message: string) => void = (m) => console.log(m),
  ) {}

  async run(now: Date = new Date()): Promise<CreditCloseRunReport> {
    const month = previousCreditMonth(now);
    const report = await this.ledger.closeThrough(month, SYSTEM_ACTOR, now);
    const healedAppeals = await this.ledger.healAppeals(SYSTEM_ACTOR, now);
    if (report.closed.length || report.failed.length || healedAppeals)
      this.log(
        `[credit-close] through ${month}: ${report.closed.length} account-months closed, ` +
          `${report.failed.length} failed, ${healedAppeals} appeal reversals repaired`,
      );
    for (const f of report.failed) this.log(`[credit-close] ${f.partnerId} ${f.month}: ${f.error}`);
    return { ...report, healedAppeals };
  }
}
