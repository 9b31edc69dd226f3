import type { Caller, ProgrammeRecord } from '../db/types.js';
import { DomainError } from '../errors.js';
import { recordChange, type CreditContext } from './context.js';
import { parseCreditTables } from './tables.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * MG-8/MG-12 (and every other number of the credit rulebook): admin-edited tables per programme. Each edit is a
 * new version; a closed month keeps the version it used (stored in its snapshot).
 */
export class CreditTableAdmin {
  constructor(private readonly x: CreditContext) {}

  async get(programmeId: string) {
    const programme = await this.creditProgramme(programmeId);
    const stored = await this.x.repos.tables.latest(programme.id);
    const { version, tables } = await this.x.ledger.tables(programme.id);
    return {
      programmeId: programme.id,
      version,
      tables,
      updatedAt: stored?.at ?? null,
      updatedBy: stored?.actor?.name ?? stored?.actor?.id ?? null,
    };
  }

  async put(programmeId: string, body: unknown, by: Caller) {
    const programme = await this.creditProgramme(programmeId);
    if (!isRecord(body)) throw DomainError.invalidList(['tables: 请提交积分表']);
    const unknown = Object.keys(body).filter((k) => k !== 'tables' && k !== 'reason');
    const reasonOk = body.reason === undefined || (typeof body.reason === 'string' && body.reason.length <= 1000);
    const { tables, errors } = parseCreditTables(body.tables);
    const problems = [
      ...unknown.map((k) => `property ${k} should not exist`),
      ...(reasonOk ? [] : ['reason must be a string of at most 1000 characters']),
      ...errors,
    ];
    if (problems.length || !tables) throw DomainError.invalidList(problems);
    const before = await this.x.ledger.tables(programme.id);
    const version = before.version + 1;
    const reason = typeof body.reason === 'string' ? body.reason.trim() || undefined : undefined;
    const stored = await this.x.repos.tables.append({
      programmeId: programme.id,
      version,
      tables,
      actor: by.actor,
      ...(reason ? { reason } : {}),
      at: this.x.now(),
    });
    if (!stored) throw DomainError.conflict('信用积分规则表已被他人修改，请刷新后重试');
    await recordChange(this.x, by, 'credit_tables.updated', 'programme', programme.id, {
      before: { version: before.version, tables: before.tables },
      after: { version, tables },
      reason,
    });
    return this.get(programme.id);
  }

  private async creditProgramme(id: string): Promise<ProgrammeRecord> {
    const programme = await this.x.programmes.get(id);
    if (!programme) throw DomainError.notFound('项目不存在');
    if (programme.rulebook !== 'credit') throw DomainError.conflict('该项目不使用信用积分规则（credit）');
    return programme;
  }
}
