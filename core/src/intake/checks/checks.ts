import { randomBytes } from 'node:crypto';
import { DomainError } from '../../errors.js';
import { DISHONEST_LIST_MAX_BYTES, isInstantInRange } from '../../validation/bounds.js';
import { readSheet } from '../../metrics/sheet.js';
import { invalid, refuse, requireRole, type Doc, type IntakeCaller, type IntakeContext } from '../context.js';
import type { DishonestEntryRecord } from '../repository.js';
import {
  creditCodeProblem,
  listCheck,
  noRiskCancellation,
  normaliseCreditCode,
  registeredOverOneYear,
  type CheckResult,
} from '../rules.js';
import type { CompanyFacts } from '../types.js';

/** FT-2.1: the automatic checks at submission and the lists they read (risk cancellations, dishonest lists). */
export class Checks {
  constructor(private readonly x: IntakeContext) {}

  /** FT-2.1: the automatic checks, each with its evidence. */
  async automatic(company: CompanyFacts, at: Date): Promise<CheckResult[]> {
    const { repo } = this.x;
    const [cancellations, badCredit, serious, debtor, seriousCount, debtorCount] = await Promise.all([
      repo.riskCancellations(company.creditCode),
      this.x.deps.badCredit.isListed(company.name),
      repo.dishonestHits('serious_illegal', company),
      repo.dishonestHits('dishonest_debtor', { creditCode: '\0', name: '\0', legalRep: company.legalRep }),
      repo.dishonestCount('serious_illegal'),
      repo.dishonestCount('dishonest_debtor'),
    ]);
    const byName = await this.x.m.RiskCancellation.find({ companyName: company.name }).lean();
    // by credit code, or by name (the exit flow records partners, which may have no credit code on file)
    const seen = new Map<string, { at: Date; reason: string; source?: string }>();
    for (const r of cancellations) seen.set(r.id, r);
    for (const d of byName as Doc[]) seen.set(String(d._id), { at: d.at, reason: d.reason, source: d.source });
    const all = [...seen.values()];
    const hit = (h: DishonestEntryRecord[]) =>
      h.map((e) => ({ name: e.name, creditCode: e.creditCode, legalRep: e.legalRep }));
    return [
      registeredOverOneYear(company.registeredOn, at),
      noRiskCancellation(all, at),
      listCheck('not_bad_credit', badCredit, '中国移动体系内不良信用名单（MG-11）', { companyName: company.name }),
      listCheck('not_serious_illegal', serious.length > 0, '严重违法失信企业名单', {
        entries: hit(serious),
        listSize: seriousCount,
      }),
      listCheck('legal_rep_not_dishonest_debtor', debtor.length > 0, '失信被执行人名单（法定代表人）', {
        legalRep: company.legalRep,
        entries: hit(debtor),
        listSize: debtorCount,
      }),
    ];
  }

  async recordRiskCancellation(
    input: { companyCreditCode: string; companyName: string; at: string; reason: string; source?: string },
    c: IntakeCaller,
  ) {
    requireRole(c, ['staff'], '录入取消合作记录');
    const problems: string[] = [];
    const cc = creditCodeProblem(input.companyCreditCode ?? '');
    if (cc) problems.push(`companyCreditCode: ${cc}`);
    if (!input.companyName?.trim()) problems.push('companyName: 请填写企业名称');
    const at = new Date(input.at);
    if (!input.at || !isInstantInRange(at)) problems.push('at: 取消日期无效（须在 2000–2100 年之间）');
    if (!input.reason?.trim()) problems.push('reason: 请填写原因');
    refuse(problems);
    const rec = await this.x.repo.addRiskCancellation({
      companyCreditCode: normaliseCreditCode(input.companyCreditCode),
      companyName: input.companyName.trim(),
      at,
      reason: input.reason.trim(),
      source: input.source ?? 'staff',
    });
    await this.x.record(c, 'risk_cancellation.recorded', 'risk_cancellation', rec.id, { after: rec });
    return rec;
  }

  /** Imports 严重违法失信企业名单 / 失信被执行人 from Excel or CSV (columns 名称, 统一社会信用代码, 法定代表人). */
  async importDishonestList(list: string, file: { name: string; bytes: Buffer }, c: IntakeCaller) {
    requireRole(c, ['staff'], '导入失信名单');
    if (list !== 'serious_illegal' && list !== 'dishonest_debtor')
      throw invalid('list: 应为 serious_illegal 或 dishonest_debtor', ['list']);
    // the size cap comes before any parsing (a 6.25 MB CSV used to be parsed for 7 s before it was refused)
    if (file.bytes.length > DISHONEST_LIST_MAX_BYTES)
      throw new DomainError('too_large', `file: 文件不能超过 ${DISHONEST_LIST_MAX_BYTES / 1024 / 1024} MB`);
    let table;
    try {
      table = await readSheet(file.name, file.bytes, 100_000);
    } catch (e) {
      throw invalid(`file: ${(e as Error).message}`);
    }
    const col = (...names: string[]) => table.headers.findIndex((h: unknown) => names.includes(String(h ?? '').trim()));
    const nameCol = col('名称', '企业名称', '姓名', '被执行人', 'name');
    const codeCol = col('统一社会信用代码', '信用代码', 'creditCode');
    const repCol = col('法定代表人', '法定代表人或负责人', 'legalRep');
    if (nameCol < 0) throw invalid('file: 缺少“名称”列（企业名称或被执行人姓名）');
    const entries: Omit<DishonestEntryRecord, 'id' | 'list'>[] = [];
    for (const row of table.rows) {
      const name = String(row.cells[nameCol] ?? '').trim();
      if (!name) continue;
      const code = codeCol >= 0 ? normaliseCreditCode(String(row.cells[codeCol] ?? '')) : '';
      const rep = repCol >= 0 ? String(row.cells[repCol] ?? '').trim() : '';
      entries.push({ name, ...(code && { creditCode: code }), ...(rep && { legalRep: rep }) });
    }
    const importId = randomBytes(8).toString('hex');
    const n = await this.x.repo.replaceDishonestList(list, entries, importId);
    await this.x.record(c, 'dishonest_list.imported', 'dishonest_list', list, {
      after: { importId, entries: n, file: file.name },
    });
    return { list, importId, entries: n };
  }
}
