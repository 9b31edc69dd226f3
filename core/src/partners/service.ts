import { PartnerContractRepository, PartnerRepository, toPartner } from '../db/repositories.js';
import type { Actor, PartnerContractRecord, PartnerRecord, PartnerStatus } from '../db/types.js';
import { DomainError } from '../errors.js';
import type { NoticeJobData } from '../queues/index.js';
import type { Transitions } from '../workflow/transitions.js';
import { PARTNER_STATUS_LABEL, canMove, mayFile } from './lifecycle.js';

export interface PartnerMove {
  actor: Actor;
  reason?: string;
  /** refuse (409) unless the partner is in one of these states now */
  from?: PartnerStatus[];
  /** the audit action; defaults to `partner.<to>` */
  action?: string;
  notices?: (p: PartnerRecord) => NoticeJobData[];
  /** extra audit detail */
  after?: Record<string, unknown>;
  /** the instant of the move (defaults to now) */
  at?: Date;
}

/** FT-10 signing: who the partner is and the contract it signed. */
export interface Admission {
  code: string;
  name: string;
  programmeId: string;
  contactName?: string;
  contactPhone?: string;
  contract: Omit<PartnerContractRecord, 'partnerId' | 'actor' | 'updatedAt'>;
  actor: Actor;
  at: Date;
}

/**
 * The one owner of a partner's status. Every move is a transition claimed under the partner's revision, so of
 * any number of concurrent requests exactly one moves it, with one audit entry and one notice.
 */
export class PartnerLifecycle {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly transitions: Transitions,
    readonly contracts: PartnerContractRepository,
  ) {}

  /**
   * FT-10 signing admits the partner: it is created an `applicant` (or found, when a signing interrupted after
   * its creation resumes), its one contract is recorded, and it moves applicant → active through the transition
   * primitive (`partner.admitted`, with the contract in the audit entry). Each part is idempotent.
   */
  async admit(a: Admission): Promise<PartnerRecord> {
    let p = await this.partners.byCode(a.code);
    if (p && (p.name !== a.name || p.programmeId !== a.programmeId))
      throw DomainError.conflict(`伙伴编码 ${a.code} 已存在`);
    if (!p) {
      const { code, name, programmeId, contactName, contactPhone } = a;
      p = await this.partners.create(
        { code, name, programmeId, ...(contactName && { contactName }), ...(contactPhone && { contactPhone }) },
        'applicant',
      );
      if (!p) throw DomainError.conflict(`伙伴编码 ${a.code} 已存在`);
      await this.transitions.audit.appendMany([
        {
          key: `partner-${p.id}-created`,
          at: a.at,
          actor: a.actor,
          action: 'partner.created',
          entity: 'partner',
          entityId: p.id,
          after: { code, name, programmeId, status: p.status },
        },
      ]);
    }
    const contract = await this.contracts.record({ ...a.contract, partnerId: p.id, actor: a.actor });
    if (p.status !== 'applicant') return p; // admitted before an interruption
    return this.move(p.id, 'active', {
      actor: a.actor,
      at: a.at,
      from: ['applicant'],
      action: 'partner.admitted',
      reason: `签约：合同期 ${contract.termStart} 至 ${contract.endsAt}`,
      after: {
        contract: {
          applicationId: contract.applicationId,
          signedAt: contract.signedAt,
          termStart: contract.termStart,
          endsAt: contract.endsAt,
          products: contract.products,
        },
      },
    });
  }

  /** The partner's one contract, or null when none was signed or registered. */
  contract(partnerId: string): Promise<PartnerContractRecord | null> {
    return this.contracts.get(partnerId);
  }

  async get(partnerId: string): Promise<PartnerRecord> {
    const p = await this.partners.get(partnerId);
    if (!p) throw DomainError.notFound('伙伴不存在');
    return p;
  }

  async move(partnerId: string, to: PartnerStatus, m: PartnerMove): Promise<PartnerRecord> {
    const p = await this.get(partnerId);
    if (m.from && !m.from.includes(p.status))
      throw DomainError.conflict(
        p.status === to
          ? `伙伴已处于${PARTNER_STATUS_LABEL[to]}状态`
          : `伙伴当前状态（${PARTNER_STATUS_LABEL[p.status]}）不能变更为${PARTNER_STATUS_LABEL[to]}`,
      );
    if (!canMove(p.status, to))
      throw DomainError.conflict(
        `伙伴当前状态（${PARTNER_STATUS_LABEL[p.status]}）不能变更为${PARTNER_STATUS_LABEL[to]}`,
      );
    const moved = { ...p, status: to };
    const doc = await this.transitions.apply({
      model: 'Partner',
      entity: 'partner',
      id: p.id,
      rev: p.rev,
      action: m.action ?? `partner.${to}`,
      actor: m.actor,
      reason: m.reason,
      set: { status: to },
      before: { status: p.status },
      after: { status: to, ...m.after },
      notices: m.notices?.(moved),
      ...(m.at && { at: m.at }),
    });
    return toPartner(doc);
  }

  /** 409 when the partner may no longer file anything (FT-18: an exited partner is read-only). */
  async assertMayFile(partnerId: string): Promise<PartnerRecord> {
    const p = await this.get(partnerId);
    if (!mayFile(p.status)) throw DomainError.conflict('伙伴已退出合作，不能再提交新的办理事项');
    return p;
  }
}
