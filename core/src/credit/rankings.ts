import { isObjectId } from '../db/repositories.js';
import type { Caller } from '../db/types.js';
import { DomainError } from '../errors.js';
import type { MetricsRepository } from '../metrics/store.js';
import type { CreditAccounts, RegisterEventInput } from './accounts.js';
import type { CreditContext } from './context.js';
import { creditMonthOf, shiftCreditMonth } from './months.js';

const QUARTER = /^(\d{4})Q([1-4])$/;

export interface RankingLine {
  partnerId: string;
  partnerCode: string;
  partnerName: string;
  revenue: number;
  rank: number;
  /** Months of the quarter without an imported revenue (counted as 0). */
  missingMonths: string[];
  outcome: 'registered' | 'already-ranked';
  /** The quarterRank the channel holds for the evaluation month (as registered now or before). */
  registered: { rank: number; of: number; quarter: string };
}

/**
 * MG-4: ranks a quarter's pre-settlement revenue (from the monthly metrics import) among the programme's
 * active credit accounts and registers each account's `quarterRank` in the evaluation month — the month after
 * the quarter — through the same path as a hand-entered one. Equal revenue shares a rank (1, 2, 2, 4).
 * A repeat registers nothing: each account already holds that month's ranking.
 */
export class CreditRankings {
  constructor(
    private readonly x: CreditContext,
    private readonly metrics: Pick<MetricsRepository, 'inForce'>,
    private readonly accounts: CreditAccounts,
  ) {}

  async rank(quarter: string, programmeId: string, by: Caller) {
    const q = QUARTER.exec(quarter);
    const problems = [
      ...(q ? [] : ['quarter must be like 2026Q3']),
      ...(isObjectId(programmeId) ? [] : ['programmeId: 请选择计划']),
    ];
    if (!q || problems.length) throw DomainError.invalidList(problems);
    const programme = await this.x.programmes.get(programmeId);
    if (!programme) throw DomainError.notFound('计划不存在');
    if (programme.rulebook !== 'credit') throw DomainError.conflict('该计划不使用信用积分（credit）规则');
    const first = `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}`;
    const months = [first, shiftCreditMonth(first, 1), shiftCreditMonth(first, 2)];
    const evaluationMonth = shiftCreditMonth(first, 3);
    if (evaluationMonth > creditMonthOf(this.x.now()))
      throw DomainError.conflict(`${quarter} 尚未结束，${evaluationMonth} 起方可排名`);

    const accounts = (await this.x.repos.accounts.list()).filter(
      (a) => a.programmeId === programme.id && a.status === 'active' && a.firstMonth <= months[2],
    );
    if (!accounts.length) throw DomainError.conflict('该计划没有可参与排名的信用账户');
    const closed = accounts.filter((a) => a.lastClosedMonth !== null && a.lastClosedMonth >= evaluationMonth);
    if (closed.length)
      throw DomainError.conflict(`${evaluationMonth} 已结账（${closed.length} 个账户），不能再登记排名`);
    const figures = await this.metrics.inForce(programme.id, months);
    const revenue = new Map<string, { sum: number; months: Set<string> }>();
    for (const f of figures) {
      if (f.revenue === null) continue;
      const r = revenue.get(f.partnerId) ?? { sum: 0, months: new Set<string>() };
      r.sum = Math.round((r.sum + f.revenue) * 100) / 100;
      r.months.add(f.month);
      revenue.set(f.partnerId, r);
    }
    const partners = new Map((await this.x.partners.list({ programmeId: programme.id })).map((p) => [p.id, p]));
    const ordered = accounts
      .map((a) => ({ a, sum: revenue.get(a.partnerId)?.sum ?? 0 }))
      .sort((x, y) => y.sum - x.sum || x.a.partnerId.localeCompare(y.a.partnerId));
    const of = ordered.length;
    const lines: RankingLine[] = [];
    for (const [i, { a, sum }] of ordered.entries()) {
      const rank = i > 0 && ordered[i - 1].sum === sum ? lines[i - 1].rank : i + 1;
      const held = (await this.x.repos.events.forMonth(a.id, evaluationMonth))
        .map((e) => e.event)
        .find((e) => e.type === 'quarterRank');
      if (!held) {
        const dto = { type: 'quarterRank', month: evaluationMonth, quarter, rank, of } as RegisterEventInput;
        await this.accounts.registerEvent(a.partnerId, dto, by);
      }
      const partner = partners.get(a.partnerId);
      lines.push({
        partnerId: a.partnerId,
        partnerCode: partner?.code ?? '',
        partnerName: partner?.name ?? '',
        revenue: sum,
        rank,
        missingMonths: months.filter((m) => !revenue.get(a.partnerId)?.months.has(m)),
        outcome: held ? 'already-ranked' : 'registered',
        registered: held ? { rank: held.rank, of: held.of, quarter: held.quarter } : { rank, of, quarter },
      });
    }
    return { quarter, evaluationMonth, of, items: lines };
  }
}
