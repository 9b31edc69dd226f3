import { randomBytes } from 'node:crypto';
import { isDayInRange } from '../../validation/bounds.js';
import { shanghaiDate, shanghaiMidnight } from '../../calendar/index.js';
import {
  conflict,
  endOfDay,
  invalid,
  notFound,
  refuse,
  requireRole,
  type IntakeCaller,
  type IntakeContext,
} from '../context.js';
import { ownerScope, partnerFilter } from '../../db/types.js';
import { renderLetterPdf } from '../letter-pdf.js';
import { letterCapabilities, letterStatus } from '../rules.js';
import type { LetterRecord } from '../types.js';
import type { Seal } from './seal.js';

export interface LetterInput {
  /** default: the contract's term start (FT-10); given, within the contract term */
  validFrom?: string;
  /** default: the contract's last day; given, not after it */
  validTo?: string;
  products?: string[];
  capabilities?: string[];
  governingRules?: string[];
}

/** Authorization letters (FT-11): issued for a signed application, verified publicly, revoked by staff. */
export class Letters {
  constructor(
    private readonly x: IntakeContext,
    private readonly seal: Seal,
  ) {}

  /** FT-11: the 业务拓展授权书 for a signed application: number by sequence claim, unguessable verification code. */
  async issue(applicationId: string, input: LetterInput, c: IntakeCaller): Promise<LetterRecord> {
    requireRole(c, ['staff'], '出具授权书');
    const app = await this.x.application(applicationId, c);
    if (app.status !== 'signed' || !app.partnerId) throw conflict('该申请尚未签约');
    const contract = await this.x.deps.lifecycle.contract(app.partnerId);
    if (!contract) throw conflict('该伙伴没有合同记录');
    // FT-11: the letter runs with the contract term entered at signing, not a fixed period
    const validFrom = input.validFrom ?? contract.termStart;
    const validTo = input.validTo ?? contract.endsAt;
    const problems: string[] = [];
    if (!isDayInRange(validFrom)) problems.push('validFrom: 格式应为 YYYY-MM-DD');
    if (!isDayInRange(validTo)) problems.push('validTo: 格式应为 YYYY-MM-DD');
    if (!problems.length && validTo < validFrom) problems.push('validTo: 不能早于 validFrom');
    if (!problems.length && validFrom < contract.termStart)
      problems.push(`validFrom: 不能早于合同期限开始日 ${contract.termStart}`);
    if (!problems.length && validTo > contract.endsAt) problems.push(`validTo: 不能晚于合同到期日 ${contract.endsAt}`);
    refuse(problems);
    if (await this.x.m.Letter.countDocuments({ applicationId })) throw conflict('该申请已出具授权书');
    const s = await this.x.settings();
    const products = input.products?.length ? input.products : contract.products;
    const now = this.x.now();
    // claimed first as a step of the application: of concurrent requests one wins, and only it draws a number, so
    // the numbers of a year have no gaps (FT-11)
    await this.x.step('application.letter_issued', app, app.rev, c, { at: now, set: {}, history: 'letter_issued' });
    const year = shanghaiDate(now).slice(0, 4);
    const n = await this.x.sequences.next(`intake-letter-${year}`, now);
    const letter = await this.x.repo.createLetter({
      letterNo: `SQ-${year}-${String(n).padStart(4, '0')}`,
      code: randomBytes(18).toString('base64url'),
      applicationId,
      partnerId: app.partnerId,
      grantor: s.grantor,
      grantee: app.company.name,
      products,
      capabilities: input.capabilities?.length ? input.capabilities : letterCapabilities(products),
      governingRules: input.governingRules ?? ['《行业拓展服务商管理办法》'],
      validFrom: shanghaiMidnight(validFrom),
      validTo: endOfDay(validTo),
      issuedAt: now,
      issuedBy: c.actor,
    });
    if (!letter) throw conflict('该申请已出具授权书');
    await this.x.record(c, 'letter.issued', 'letter', letter.id, {
      after: {
        letterNo: letter.letterNo,
        partnerId: letter.partnerId,
        validFrom,
        validTo,
      },
    });
    return letter;
  }

  verifyUrl(code: string): string {
    return `${this.x.deps.publicUrl.replace(/\/$/, '')}/verify/${code}`;
  }

  /** A letter for staff or its own partner (another's reads as 404), with its derived status. */
  async get(id: string, c: IntakeCaller) {
    const l = await this.x.repo.letter(id);
    const scope = partnerFilter(ownerScope(c));
    if (!l || !scope || (scope.partnerId !== undefined && scope.partnerId !== l.partnerId)) throw notFound('授权书');
    return this.withStatus(l);
  }

  async withStatus(l: LetterRecord) {
    const p = await this.x.deps.partners.get(l.partnerId);
    return { ...l, status: letterStatus(l, p?.status, this.x.now()), verifyUrl: this.verifyUrl(l.code) };
  }

  async list(c: IntakeCaller) {
    const scope = partnerFilter(ownerScope(c));
    const ls = scope ? await this.x.repo.letters(scope) : [];
    return Promise.all(ls.map((l) => this.withStatus(l)));
  }

  async pdf(id: string, c: IntakeCaller): Promise<{ letterNo: string; pdf: Buffer }> {
    const l = await this.get(id, c);
    return { letterNo: l.letterNo, pdf: await renderLetterPdf({ ...l, seal: await this.seal.image() }) };
  }

  /** FT-11: the public verification (minimal fields). */
  async verify(code: string) {
    const l = await this.x.repo.letterByCode(code);
    if (!l) throw notFound('授权书');
    const { status } = await this.withStatus(l);
    return {
      status,
      letterNo: l.letterNo,
      grantee: l.grantee,
      products: l.products,
      validFrom: l.validFrom.toISOString(),
      validTo: l.validTo.toISOString(),
    };
  }

  async revoke(id: string, rev: number, reason: string, c: IntakeCaller) {
    requireRole(c, ['staff'], '撤销授权书');
    const l = await this.x.repo.letter(id);
    if (!l) throw notFound('授权书');
    if (l.revokedAt) throw conflict('授权书已撤销');
    if (!reason?.trim()) throw invalid('reason: 请填写撤销原因', ['reason']);
    const now = this.x.now();
    return this.x.step('letter.revoked', l, rev, c, {
      at: now,
      reason,
      set: { revokedAt: now, revocationReason: reason.trim(), status: 'revoked' },
      before: { status: 'issued' },
    });
  }
}
