import { Injectable } from '@nestjs/common';
import { AuditRepository } from '@huoban/core';
import { actorOf, type AuthUser } from './auth.js';

/** Append-only audit trail: who, when, what and why for every state change made through the api. */
@Injectable()
export class AuditTrail {
  constructor(private readonly repo: AuditRepository) {}

  record(
    user: AuthUser,
    action: string,
    entity: string,
    entityId: string,
    change: { before?: unknown; after?: unknown; reason?: string } = {},
  ): Promise<void> {
    return this.repo.append({ actor: actorOf(user), action, entity, entityId, ...change });
  }
}
