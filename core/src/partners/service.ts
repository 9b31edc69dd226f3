import type { Connection } from 'mongoose';
import { AuditRepository, PartnerRepository, toPartner } from '../db/repositories.js';
import { models } from '../db/schemas.js';
import type { Actor, PartnerRecord, PartnerStatus } from '../db/types.js';
import { DomainError } from '../errors.js';
import type { NoticeJobData } from '../queues/index.js';
import { Transitions, type NoticeSink } from '../workflow/transitions.js';
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
}

/**
 * The one owner of a partner's status. Every move is a transition claimed under the partner's revision, so of
 * any number of concurrent requests exactly one moves it, with one audit entry and one notice.
 */
export class PartnerLifecycle {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly transitions: Transitions,
  ) {}

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

export interface PartnersFeature {
  partners: PartnerRepository;
  lifecycle: PartnerLifecycle;
  transitions: Transitions;
}

/** Builds the partner feature on a connection (api, worker and tests alike). */
export function connectPartners(conn: Connection, deps: { notifier?: NoticeSink }): PartnersFeature {
  const m = models(conn);
  const partners = new PartnerRepository(m);
  const transitions = new Transitions(conn, new AuditRepository(m), deps.notifier);
  return { partners, lifecycle: new PartnerLifecycle(partners, transitions), transitions };
}
