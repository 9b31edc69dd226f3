import { Injectable } from '@nestjs/common';
import { AuditRepository, type Actor } from '@huoban/core';
import { actorOf, type AuthUser } from './auth.js';

/** Append-only audit trail: who, when, what and why for every state change made through the api. */
@Injectable()
export class AuditTrail {
  constructor(private readonly repo: AuditRepository) {}

  record(
    user: AuthUser | Actor,
    action: string,
    entity: string,
    entityId: string,
    change: { before?: unknown; after?: unknown; reason?: string } = {},
  ): Promise<void> {
    const actor = 'userId' in user ? actorOf(user) : user;
    return this.repo.append({ actor, action, entity, entityId, ...change });
  }
}
