import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { Schema, type Connection, type Model } from 'mongoose';
import { STAFF_ROLES, UserRepository, type Role } from '@huoban/core';
import { MONGO } from '../../common/infra.module.js';

/**
 * Tokens follow the account (issue #20): a staff token names its user (`sub`) and the user's `tokenVersion` at issue
 * (`ver`); it is refused once the user is gone, disabled, holds another role, or has moved to another version (a role
 * change, disabling, a password change, an admin's sign-out-everywhere). One `_id` read per request, uncached, so
 * every replica refuses it on the next request.
 *
 * Revoked tokens (`token_revocations`): `jti:<id>` for one token signed out (kept until the token would have
 * expired), `sub:<subject>` with `minIssuedAt` for every token of a subject issued before a password change.
 * The auth guard asks on every request; both lookups are one `_id $in` read.
 */
interface RevocationDoc {
  _id: string;
  /** jti entries: when the token expires anyway (then the entry can go) */
  exp?: Date;
  /** sub entries: tokens issued (ms) before this are refused */
  minIssuedAt?: number;
}

const revocationSchema = new Schema<RevocationDoc>(
  { _id: { type: String, required: true }, exp: Date, minIssuedAt: Number },
  { collection: 'token_revocations', versionKey: false },
);

@Injectable()
export class TokenRevocations {
  private readonly model: Model<RevocationDoc>;
  constructor(
    @Inject(MONGO) conn: Connection,
    private readonly users: UserRepository,
  ) {
    this.model =
      (conn.models.TokenRevocation as Model<RevocationDoc>) ?? conn.model('TokenRevocation', revocationSchema);
  }

  /** Sign-out: this token is refused from now on. Expired entries are cleared on the way (no TTL index here). */
  async revokeToken(jti: string, exp: Date): Promise<void> {
    await this.model.updateOne({ _id: `jti:${jti}` }, { $set: { exp } }, { upsert: true });
    await this.model.deleteMany({ exp: { $lt: new Date() } });
  }

  /** Password change: every token of the subject issued before `at` is refused. */
  async revokeSubject(sub: string, at = Date.now()): Promise<void> {
    await this.model.updateOne({ _id: `sub:${sub}` }, { $max: { minIssuedAt: at } }, { upsert: true });
  }

  async isRevoked(t: { sub: string; role: Role; ver?: number; jti?: string; issuedAt: number }): Promise<boolean> {
    const ids = [`sub:${t.sub}`, ...(t.jti ? [`jti:${t.jti}`] : [])];
    const staff = (STAFF_ROLES as readonly Role[]).includes(t.role);
    const [docs, account] = await Promise.all([
      this.model.find({ _id: { $in: ids } }).lean(),
      staff ? this.users.tokenState(t.sub) : null,
    ]);
    if (staff && (!account || account.disabled || account.role !== t.role || account.tokenVersion !== (t.ver ?? 0)))
      return true;
    return docs.some((d) => (d._id.startsWith('jti:') ? true : t.issuedAt < (d.minIssuedAt ?? 0)));
  }
}

@Global()
@Module({ providers: [TokenRevocations], exports: [TokenRevocations] })
export class TokenRevocationModule {}
