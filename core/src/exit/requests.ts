/**
 * How an exit case starts (FT-17.3 the partner's written request, FT-17.2/17.4/17.5 cases opened by staff, the
 * automatic triggers FT-17.1, FT-14, MG-11 found by the worker) and the partner's withdrawal of its request.
 */
import type { Actor } from '../db/types.js';
import { isDayInRange } from '../validation/bounds.js';
import { DomainError } from '../errors.js';
import { ExitCases, requiredText, type OpenCaseInput } from './cases.js';
import type { ExitCaseRecord } from './repository.js';
import { earliestEndOn, mayWithdraw } from './rules.js';

export class ExitRequests extends ExitCases {
  /** FT-17.3: the partner's own written request; the desired end date is at least 3 months ahead. */
  async fileVoluntary(
    partnerId: string,
    input: { reason: unknown; desiredEndOn: unknown; commitment: unknown },
    actor: Actor,
    now: Date,
  ): Promise<ExitCaseRecord> {
    await this.guard.assertMayFile(partnerId);
    const reason = requiredText(input.reason, 'reason');
    const desired = input.desiredEndOn;
    if (typeof desired !== 'string' || !isDayInRange(desired))
      throw DomainError.invalid('desiredEndOn 须为 YYYY-MM-DD 日期', { field: 'desiredEndOn' });
    const termEnds = await this.termEndsOn(partnerId);
    const earliest = earliestEndOn(now, termEnds);
    if (desired < earliest)
      throw DomainError.invalid(`desiredEndOn 不得早于最早终止日期 ${earliest}（FT-17.3：至少提前三个月）`, {
        field: 'desiredEndOn',
        earliestEndOn: earliest,
      });
    if (termEnds && desired > termEnds)
      throw DomainError.invalid(`desiredEndOn 不得晚于合同到期日 ${termEnds}`, {
        field: 'desiredEndOn',
        termEndsOn: termEnds,
      });
    if (input.commitment !== true)
      throw DomainError.invalid('commitment 须确认：退出前继续服务存量客户', { field: 'commitment' });
    return this.open(
      { partnerId, trigger: 'voluntary', reason, desiredEndOn: desired, commitment: true },
      'requested',
      actor,
      now,
    );
  }

  /** A case opened by staff (FT-17.2 serious incident, FT-17.4 business end, FT-17.5 list hit, FT-14, MG-11). */
  async openByStaff(input: OpenCaseInput, actor: Actor, now: Date): Promise<ExitCaseRecord> {
    if (input.trigger === 'voluntary') throw DomainError.invalid('主动退出须由伙伴本人申请', { field: 'trigger' });
    return this.open({ ...input, reason: requiredText(input.reason, 'reason') }, 'precheck', actor, now);
  }

  /**
   * An automatic trigger (worker): opens the case in `precheck` with its evidence, once per trigger key; never
   * terminates. Returns null when the partner already has an open case or the trigger opened its case before.
   */
  async openByTrigger(input: OpenCaseInput & { triggerKey: string }, actor: Actor, now: Date) {
    const partner = await this.partners.get(input.partnerId);
    if (!partner || partner.status === 'exited') return null;
    if (await this.cases.byTriggerKey(input.triggerKey)) return null;
    try {
      return await this.open(input, 'precheck', actor, now);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'conflict') return null;
      throw e;
    }
  }
  /** The partner withdraws its own request before approval (another partner's case reads as missing). */
  async withdraw(id: string, partnerId: string, reason: unknown, actor: Actor, now: Date) {
    const c = await this.get(id, { partnerId });
    if (!mayWithdraw(c.status)) throw DomainError.conflict('退出申请已批准或已结束，不能撤回');
    const why = typeof reason === 'string' && reason.trim() ? reason.trim() : '伙伴撤回申请';
    return this.step(c, 'withdrawn', 'exit_case.withdrawn', actor, now, { decidedAt: now }, why);
  }
}
